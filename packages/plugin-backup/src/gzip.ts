/** gzip on top of the formats that are not compressed already (SQLite files, JSON exports). */
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/** Writes `to` (which must not exist yet) as `from` gzipped. */
export function gzipFile(from: string, to: string): Promise<void> {
  return pipeline(createReadStream(from), createGzip(), createWriteStream(to, { flags: 'wx' }));
}

export function gunzipFile(from: string, to: string): Promise<void> {
  return pipeline(createReadStream(from), createGunzip(), createWriteStream(to));
}
