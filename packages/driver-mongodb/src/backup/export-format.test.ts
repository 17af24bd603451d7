import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT, readExport } from './export-format.js';

const header = JSON.stringify({ format: FORMAT, version: 1, database: 'app' });
const users = [
  JSON.stringify({ collection: 'users', type: 'collection', options: {}, indexes: [] }),
  JSON.stringify({ d: { _id: { $numberInt: '1' }, at: { $date: { $numberLong: '0' } } } }),
  JSON.stringify({ end: 'users', count: 1 }),
];
const done = JSON.stringify({ done: true, collections: 1 });

describe('reading an Extended-JSON export', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'godwit-export-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function read(lines: string[]): Promise<string[]> {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.ndjson`);
    await writeFile(file, `${lines.join('\n')}\n`);
    const kinds: string[] = [];
    for await (const entry of readExport(file)) kinds.push(entry.kind);
    return kinds;
  }

  it('yields collections, documents (with their BSON types) and ends', async () => {
    expect(await read([header, ...users, done])).toEqual(['collection', 'document', 'end']);
  });

  it('refuses a file cut before its closing line', async () => {
    await expect(read([header, ...users])).rejects.toThrow(/truncated/);
  });

  it('refuses a collection whose document count does not match its end line', async () => {
    await expect(read([header, users[0]!, users[2]!, done])).rejects.toThrow(/expected 1 document\(s\), found 0/);
  });

  it('refuses a file that is not an export, naming the line', async () => {
    await expect(read(['{"hello": 1}'])).rejects.toMatchObject({ code: 'BACKUP_FAILED', line: 1 });
  });
});
