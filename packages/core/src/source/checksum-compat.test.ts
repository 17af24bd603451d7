/**
 * Checksums are taken on a file's bytes since files must be UTF-8. These are checksums computed by
 * the earlier implementation (decoded text, `readFileSync(path, 'utf8')`) for the same files: an
 * existing database's recorded checksums stay valid, with no checksum migration.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Migration } from '../migration.js';
import { checksumOf } from './checksum.js';
import { createFolderSource } from './folder-source.js';
import { parseGooseFile } from './goose-parser.js';
import type { SourceFileSystem } from './source-fs.js';
import { stripBom } from './text.js';

const FIXTURES: Record<string, string> = {
  '000001_lf.sql': '-- +goose Up\nCREATE TABLE t (id int);\n\n-- +goose Down\nDROP TABLE t;\n',
  '000002_bom_crlf_unicode.sql': "\uFEFF-- +goose Up\r\nINSERT INTO t VALUES ('café', '日本', '😀');\r\n\r\n\r\n-- +goose Down\r\nDELETE FROM t;\r\n",
  '000003_cr_only.sql': '-- +goose Up\rSELECT 1;\r  \t\rSELECT 2;',
  '000004_preamble_blanks.sql': "-- header é\n-- +goose Up\nSELECT 'a\u2028b';\n\u00A0\n\t\n\u3000\n-- +goose Down\n",
  '000005_up_only.sql': '-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\n-- +goose StatementEnd\n\n\n',
  '000006_empty_up.sql': '-- +goose Up\n-- +goose Down\nDROP TABLE x;\n',
  '000007_envsub.sql': '-- +goose Up\n-- +goose ENVSUB ON\nCREATE ROLE ${ROLE};\n-- +goose ENVSUB OFF\n',
  '000008_mid_bom.sql': "-- +goose Up\nSELECT '\uFEFF';\n",
  '000009_pair.up.sql': '\uFEFFCREATE TABLE ü (x int);\r\nSELECT 1;\r\n',
  '000009_pair.down.sql': 'DROP TABLE ü;\n',
  '000010_no_newline.up.sql': 'SELECT 1',
  '000011_mixed.up.sql': 'a;\r\nb;\rc;\n\n\n',
  '000012_docs.up.json': '\uFEFF[\r\n  {"create": "usérs"}\r\n]\r\n',
  '000013_code.go': 'package main\r\n// é\r\n',
  '000014_crlf_trailing.sql': '-- +goose Up\r\nSELECT 1;\r\n \r\n',
};

/** Computed with the implementation that hashed decoded text (before checksums moved to bytes). */
const RECORDED: Record<string, string> = {
  '000001_lf.sql': '12c83f983b0c94b9c7010dcc92149589d5fb01a3d32af8f6d699545d95db9040',
  '000002_bom_crlf_unicode.sql': '8de26ea260d0b7701b8a9b64c697fd13cf0441f066390e2996126ab13c38a2b3',
  '000003_cr_only.sql': '26eb959f1622c8bfa0d0e3ee84b164d6b9887becdaec60a444700e75c6fb8b83',
  '000004_preamble_blanks.sql': '2065d9bfb4e1745bd937a974db8e32959f16be65c04ebbf22e60ef0b5674739b',
  '000005_up_only.sql': '75d8cf3526c38bc0fdc8473725ad52c51d71d93d62672ef37c85f6f0fa858d16',
  '000006_empty_up.sql': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '000007_envsub.sql': '66b05de13c3abf1adb964e420100303bc40bf128de3cb1be5c10472792b71d2b',
  '000008_mid_bom.sql': '50673f26a7e2012d68b419be398778762e9659a72c3f01f314aa99a21ba1e8b6',
  '000009_pair.up.sql': '1aa1775bdc7738eddfeb97cee318ba1125169785662714711c43e3ecbd87b5a0',
  '000010_no_newline.up.sql': 'e004ebd5b5532a4b85984a62f8ad48a81aa3460c1ca07701f386135d72cdecf5',
  '000011_mixed.up.sql': '9e3bbff637bcd49fb4ee37860f3b0b23019d0aa88cfff1945412c85365c30ed5',
  '000012_docs.up.json': '8ca71bba5bf5b7d57bf2430075f9b25eea3353115313dbbf977a302868cf809f',
  '000013_code.go': '145cb58559dd74912240875cc88cb4d106d1cc19a1c7a1334e2112c2fb080a52',
  '000014_crlf_trailing.sql': 'b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd',
};

/** The earlier algorithm, from decoded text: goose files hash their Up section, others the file. */
function legacyChecksum(name: string, text: string): string {
  const hash = (t: string) => createHash('sha256').update(stripBom(t).replace(/\r\n?/g, '\n'), 'utf8').digest('hex');
  return name.endsWith('.sql') && !/\.(up|down)\.sql$/.test(name) ? hash(parseGooseFile(text, name).upText) : hash(text);
}

function bytesFs(files: Record<string, Uint8Array>): SourceFileSystem {
  return {
    readdir: async () => Object.keys(files),
    readFile: async (path) => {
      const bytes = files[path.slice('m/'.length)];
      if (!bytes) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return bytes;
    },
    stat: async (path) => ({ isDirectory: () => path === 'm' }),
  };
}

const byFile = (list: Migration[]) => Object.fromEntries(list.map((m) => [m.file.replace(/^.*[/\\]/, ''), m.checksum]));

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

describe('checksums on bytes equal the checksums recorded from decoded text', () => {
  const upFiles = Object.keys(FIXTURES).filter((f) => !f.includes('.down.'));

  it('the recorded values are the earlier algorithm', () => {
    for (const name of upFiles) expect(legacyChecksum(name, FIXTURES[name]!), name).toBe(RECORDED[name]);
  });

  it('through a file system returning bytes', async () => {
    const files = Object.fromEntries(Object.entries(FIXTURES).map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
    const list = await createFolderSource({ dir: 'm', fs: bytesFs(files) }).list();
    expect(byFile(list)).toEqual(RECORDED);
  });

  it('from the disk', async () => {
    const root = await mkdtemp(join(tmpdir(), 'godwit-checksum-'));
    roots.push(root);
    for (const [name, text] of Object.entries(FIXTURES)) await writeFile(join(root, name), text, 'utf8');
    expect(byFile(await createFolderSource({ dir: root }).list())).toEqual(RECORDED);
  });

  it('for random UTF-8 files, goose and pair, with every line ending', async () => {
    // A small deterministic generator: no flaky seeds.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['SELECT 1;', 'é', '日本', '😀', ' ', '\t', '\u00A0', '\u2028', '\uFEFF', "'x'", '--c', '\n', '\r\n', '\r', ''];
    const line = () => Array.from({ length: next(5) }, () => pieces[next(pieces.length)]).join('');
    const files: Record<string, Uint8Array> = {};
    const texts: Record<string, string> = {};
    for (let i = 1; i <= 60; i++) {
      const eol = ['\n', '\r\n', '\r'][next(3)]!;
      const body = Array.from({ length: next(6) }, line).join(eol);
      const bom = next(2) ? '\uFEFF' : '';
      const goose = i % 2 === 0;
      const name = goose ? `${String(i).padStart(6, '0')}_g.sql` : `${String(i).padStart(6, '0')}_p.up.sql`;
      const text = goose
        ? `${bom}-- +goose Up${eol}${body}${eol}${Array(next(3)).fill(eol).join('')}${next(2) ? `-- +goose Down${eol}${body}` : ''}`
        : `${bom}${body}${next(2) ? eol : ''}`;
      texts[name] = text;
      files[name] = Buffer.from(text, 'utf8');
    }
    const list = await createFolderSource({ dir: 'm', fs: bytesFs(files) }).list();
    const expected = Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, legacyChecksum(name, text)]));
    expect(byFile(list)).toEqual(expected);
  });

  it('inline text keeps its checksum too', () => {
    for (const text of ['SELECT 1;\n', '\uFEFFa;\r\nb;\r', 'é😀\u2028']) {
      expect(checksumOf(text)).toBe(createHash('sha256').update(stripBom(text).replace(/\r\n?/g, '\n'), 'utf8').digest('hex'));
    }
  });
});
