/**
 * gzip on top of the formats that are not compressed already (SQLite files, JSON exports). Both
 * directions write owner-only files (0600): they hold the database's data.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { PRIVATE_FILE_MODE } from './private-files.js';

/** Writes `to` (which must not exist yet) as `from` gzipped. */
export function gzipFile(from: string, to: string): Promise<void> {
  return pipeline(createReadStream(from), createGzip(), createWriteStream(to, { flags: 'wx', mode: PRIVATE_FILE_MODE }));
}

export function gunzipFile(from: string, to: string): Promise<void> {
  return pipeline(createReadStream(from), createGunzip(), createWriteStream(to, { flags: 'wx', mode: PRIVATE_FILE_MODE }));
}
