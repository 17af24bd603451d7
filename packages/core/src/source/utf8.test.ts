import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import type { SqlPart } from '../migration.js';
import { createFolderSource } from './folder-source.js';
import { decodeSourceFile } from './source-fs.js';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

async function folder(files: Record<string, Uint8Array | string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'godwit-utf8-'));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) await writeFile(join(root, name), content);
  return root;
}

async function listError(dir: string): Promise<GodwitError> {
  try {
    await createFolderSource({ dir }).list();
  } catch (e) {
    if (e instanceof GodwitError) return e;
    throw e;
  }
  throw new Error('expected list() to fail');
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('migration files must be UTF-8', () => {
  it('refuses a Latin-1 file when listing, at the line and column of the first bad byte', async () => {
    const dir = await folder({
      '000001_ok.sql': '-- +goose Up\nSELECT 1;\n',
      '000002_names.sql': latin1("-- +goose Up\r\nINSERT INTO t VALUES ('cafe');\r\nINSERT INTO t VALUES ('café');\r\n"),
    });
    const e = await listError(dir);
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.where).toBe(`${join(dir, '000002_names.sql')}:3:27`);
    expect(e.message).toBe('the file is not valid UTF-8: byte 0xE9 is not part of a UTF-8 character');
    expect(e.message).not.toContain('\n');
    expect(e.hint).toContain('re-save the file as UTF-8');
    expect(e.data).toEqual({ byte: '0xE9', offset: 14 + 32 + 26 });
  });

  it('counts the column in characters after multi-byte ones, and after a BOM', () => {
    const e = decodeError(bytes('\uFEFF-- +goose Up\nSELECT \'日本', [0xff], "';\n"));
    expect([e.line, e.column]).toEqual([2, 11]);
    expect(e.data).toEqual({ byte: '0xFF', offset: 3 + 13 + 8 + 6 });
  });

  it.each([
    ['a lone continuation byte', [0x80], 1],
    ['an overlong form', [0xc0, 0xaf], 1],
    ['a surrogate', [0xed, 0xa0, 0x80], 1],
    ['a sequence cut short by the end of the file', [0xe6, 0x97], 1],
    ['a sequence cut short by a newline', [0xe6, 0x0a], 1],
  ])('refuses %s', (_what, bad, line) => {
    const e = decodeError(bytes('SELECT ', bad));
    expect([e.line, e.column]).toEqual([line, 8]);
  });

  it('names a UTF-16 file as such', () => {
    const e = decodeError(Buffer.from('\uFEFF-- +goose Up\n', 'utf16le'));
    expect(e.message).toContain('UTF-16');
    expect(e.where).toBe('m/000001_x.sql:1:1');
    expect(e.hint).toContain('re-save the file as UTF-8');
  });

  it('checks the down file of a pair too', async () => {
    const dir = await folder({
      '000001_t.up.sql': 'CREATE TABLE t (x text);\n',
      '000001_t.down.sql': latin1('-- rollback ü\nDROP TABLE t;\n'),
    });
    const e = await listError(dir);
    expect(e.where).toBe(`${join(dir, '000001_t.down.sql')}:1:13`);
  });

  it('accepts a BOM and non-ASCII UTF-8, and never applies U+FFFD', async () => {
    const dir = await folder({ '000001_names.sql': bytes([0xef, 0xbb, 0xbf], "-- +goose Up\nINSERT INTO t VALUES ('café', '😀');\n") });
    const [m] = await createFolderSource({ dir }).list();
    const up = (await m!.load()).up as SqlPart;
    expect(up.chunks[0]!.text).toBe("INSERT INTO t VALUES ('café', '😀');\n");
    expect(up.chunks[0]!.text).not.toContain('\uFFFD');
  });

  it('a string from a file system stands for its UTF-8 bytes', async () => {
    const fs = {
      readdir: async () => ['000001_a.up.sql'],
      readFile: async () => "SELECT 'é';\n",
      stat: async (p: string) => ({ isDirectory: () => p === 'm' }),
    };
    const [m] = await createFolderSource({ dir: 'm', fs }).list();
    expect(((await m!.load()).up as SqlPart).chunks[0]!.text).toBe("SELECT 'é';\n");
  });
});

function decodeError(raw: Uint8Array): GodwitError {
  try {
    decodeSourceFile(raw, 'm/000001_x.sql');
  } catch (e) {
    expect(e).toBeInstanceOf(GodwitError);
    return e as GodwitError;
  }
  throw new Error('expected the bytes to be refused');
}
