import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import type { JsonPart, Migration, SqlPart } from '../migration.js';
import { checksumOf } from './checksum.js';
import { createFolderSource } from './folder-source.js';
import { nodeFileSystem, type SourceFileSystem } from './source-fs.js';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

/** A temporary folder holding `files` (a trailing `/` in a name makes a folder). */
async function folder(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'godwit-source-'));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    if (name.endsWith('/')) await mkdir(path, { recursive: true });
    else {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, content);
    }
  }
  return root;
}

async function listError(dir: string, fs?: SourceFileSystem): Promise<GodwitError> {
  try {
    await createFolderSource({ dir, ...(fs && { fs }) }).list();
  } catch (e) {
    if (e instanceof GodwitError) return e;
    throw e;
  }
  throw new Error('expected list() to fail');
}

const brief = (m: Migration) => ({
  version: m.version,
  name: m.name,
  format: m.format,
  transactional: m.transactional,
  reversible: m.reversible,
});

describe('createFolderSource: listing', () => {
  it('lists every format, sorted by version, ignoring what is not a migration', async () => {
    const dir = await folder({
      '000001_create_users.sql': '-- +goose Up\nCREATE TABLE users (id INT);\n-- +goose Down\nDROP TABLE users;\n',
      '000002_posts.up.sql': 'CREATE TABLE posts (id INT);\n',
      '000002_posts.down.sql': 'DROP TABLE posts;\n',
      '000003_seed.up.json': '[{"insert": "users", "documents": [{"name": "a"}]}]',
      '000004_legacy.up.js': '[{"ping": 1}]',
      '000005_code.go': 'package migrations\n',
      '000006_irreversible.up.sql': 'SELECT 1;\n',
      'README.md': '# notes',
      '.gitkeep': '',
      'config.json': '{}',
      'helpers.go': 'package migrations\n',
      'seed/': '',
      'old/000001_elsewhere.sql': 'not read',
    });
    const migrations = await createFolderSource({ dir }).list();
    expect(migrations.map(brief)).toEqual([
      { version: 1, name: 'create_users', format: 'goose', transactional: true, reversible: true },
      { version: 2, name: 'posts', format: 'pair', transactional: true, reversible: true },
      { version: 3, name: 'seed', format: 'json', transactional: false, reversible: false },
      { version: 4, name: 'legacy', format: 'json', transactional: false, reversible: false },
      { version: 5, name: 'code', format: 'unsupported', transactional: false, reversible: false },
      { version: 6, name: 'irreversible', format: 'pair', transactional: true, reversible: false },
    ]);
    expect(migrations[1]!.file).toBe(join(dir, '000002_posts.up.sql'));
    expect(migrations[1]!.downFile).toBe(join(dir, '000002_posts.down.sql'));
    expect(migrations[0]!.downFile).toBeUndefined();
  });

  it('sorts unpadded versions numerically and keeps gaps', async () => {
    const dir = await folder({
      '1_a.up.sql': 'SELECT 1;',
      '2_b.up.sql': 'SELECT 2;',
      '10_c.up.sql': 'SELECT 10;',
      '124_d.up.sql': 'SELECT 124;',
    });
    expect((await createFolderSource({ dir }).list()).map((m) => m.version)).toEqual([1, 2, 10, 124]);
  });

  it('reads 10- and 14-digit timestamp versions', async () => {
    const dir = await folder({
      '1700000000_unix.sql': '-- +goose Up\nSELECT 1;',
      '20250101120000_ts.sql': '-- +goose Up\nSELECT 2;',
      '20240101120000_earlier.up.sql': 'SELECT 3;',
    });
    expect((await createFolderSource({ dir }).list()).map((m) => m.version)).toEqual([1700000000, 20240101120000, 20250101120000]);
  });

  it('reads migrations from schema/ when the folder has one', async () => {
    const dir = await folder({
      'schema/000001_a.sql': '-- +goose Up\nSELECT 1;',
      'seed/000001_seed.sql': '-- +goose Up\nSELECT 2;',
      '000009_ignored_when_schema_exists.sql': '-- +goose Up\nSELECT 9;',
    });
    const migrations = await createFolderSource({ dir }).list();
    expect(migrations.map((m) => m.file)).toEqual([join(dir, 'schema', '000001_a.sql')]);
  });

  it('names files by the path as given, relative ones too', async () => {
    const dir = await folder({ '000001_a.sql': '-- +goose Up\nSELECT 1;' });
    const rel = relative(process.cwd(), dir);
    const [m] = await createFolderSource({ dir: rel }).list();
    expect(m!.file).toBe(join(rel, '000001_a.sql'));
  });

  it('an empty folder has no migrations', async () => {
    expect(await createFolderSource({ dir: await folder({}) }).list()).toEqual([]);
  });

  it('a pair with NO TRANSACTION in its up file is not transactional', async () => {
    const dir = await folder({ '1_idx.up.sql': '-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY i ON t (a);' });
    expect((await createFolderSource({ dir }).list())[0]!.transactional).toBe(false);
  });

  it('a goose file with NO TRANSACTION is not transactional', async () => {
    const dir = await folder({ '1_idx.sql': '-- +goose Up\n-- +goose no transaction\nCREATE INDEX CONCURRENTLY i ON t (a);' });
    expect((await createFolderSource({ dir }).list())[0]!.transactional).toBe(false);
  });
});

describe('createFolderSource: checksums', () => {
  const upSection = 'CREATE TABLE t (id INT);\n';
  it('a goose checksum is of the Up section; editing the Down keeps it', async () => {
    const a = await folder({ '1_t.sql': `-- +goose Up\n${upSection}-- +goose Down\nDROP TABLE t;\n` });
    const b = await folder({ '1_t.sql': `-- +goose Up\n${upSection}-- +goose Down\n-- changed my mind\nDROP TABLE IF EXISTS t;\n` });
    const c = await folder({ '1_t.sql': `-- +goose Up\nCREATE TABLE t (id BIGINT);\n-- +goose Down\nDROP TABLE t;\n` });
    const [ma] = await createFolderSource({ dir: a }).list();
    const [mb] = await createFolderSource({ dir: b }).list();
    const [mc] = await createFolderSource({ dir: c }).list();
    expect(ma!.checksum).toBe(checksumOf(upSection));
    expect(mb!.checksum).toBe(ma!.checksum);
    expect(mc!.checksum).not.toBe(ma!.checksum);
  });

  it('a pair checksum is of the whole up file; editing the down file keeps it', async () => {
    const a = await folder({ '1_t.up.sql': upSection, '1_t.down.sql': 'DROP TABLE t;' });
    const b = await folder({ '1_t.up.sql': upSection, '1_t.down.sql': 'DROP TABLE IF EXISTS t;' });
    const [ma] = await createFolderSource({ dir: a }).list();
    const [mb] = await createFolderSource({ dir: b }).list();
    expect(ma!.checksum).toBe(checksumOf(upSection));
    expect(mb!.checksum).toBe(ma!.checksum);
  });

  it('CRLF and LF copies of a file have the same checksum', async () => {
    const lf = await folder({ '1_t.sql': '-- +goose Up\nSELECT 1;\nSELECT 2;\n', '2_u.up.json': '[\n{"ping": 1}\n]\n' });
    const crlf = await folder({ '1_t.sql': '-- +goose Up\r\nSELECT 1;\r\nSELECT 2;\r\n', '2_u.up.json': '[\r\n{"ping": 1}\r\n]\r\n' });
    const a = await createFolderSource({ dir: lf }).list();
    const b = await createFolderSource({ dir: crlf }).list();
    expect(b.map((m) => m.checksum)).toEqual(a.map((m) => m.checksum));
  });
});

describe('createFolderSource: load', () => {
  it('returns the parsed parts; a comments-only down is a no-op down', async () => {
    const dir = await folder({
      '1_a.sql': '-- +goose Up\nSELECT 1;\n-- +goose Down\n-- nothing to undo\n',
      '2_b.up.sql': 'SELECT 2;',
      '2_b.down.sql': '-- nothing to undo\n',
      '3_c.up.json': '[{"ping": 1}]',
      '3_c.down.json': '[]',
    });
    const [a, b, c] = await createFolderSource({ dir }).list();
    const la = await a!.load();
    expect((la.up as SqlPart).chunks).toEqual([{ text: 'SELECT 1;', line: 2, atomic: false }]);
    expect(la.down).toMatchObject({ kind: 'sql', empty: true, file: join(dir, '1_a.sql') });
    const lb = await b!.load();
    expect(lb.up).toMatchObject({ kind: 'sql', file: join(dir, '2_b.up.sql'), empty: false });
    expect(lb.down).toMatchObject({ kind: 'sql', file: join(dir, '2_b.down.sql'), empty: true });
    expect(b!.reversible).toBe(true);
    const lc = await c!.load();
    expect((lc.up as JsonPart).commands[0]!.command).toEqual({ ping: expect.anything() });
    expect(lc.down).toMatchObject({ kind: 'json', empty: true });
    expect(c!.reversible).toBe(true);
  });

  it('reads nothing new: every file is read once, by list()', async () => {
    const dir = await folder({ '1_a.sql': '-- +goose Up\nSELECT 1;', '2_b.up.sql': 'SELECT 2;', '2_b.down.sql': 'SELECT 3;' });
    const reads: string[] = [];
    const fs: SourceFileSystem = {
      ...nodeFileSystem,
      readFile: (p) => {
        reads.push(p);
        return nodeFileSystem.readFile(p);
      },
    };
    const migrations = await createFolderSource({ dir, fs }).list();
    expect(reads).toHaveLength(3);
    for (const m of migrations) await m.load();
    expect(reads).toHaveLength(3);
  });

  it('applies ENVSUB from the given env at load time, not at list time', async () => {
    const dir = await folder({
      '1_roles.sql': '-- +goose Up\n-- +goose ENVSUB ON\nCREATE ROLE ${APP_ROLE};\n-- +goose ENVSUB OFF\nSELECT \'${LITERAL}\';\n-- +goose Down\n-- +goose ENVSUB ON\nDROP ROLE ${APP_ROLE};\n',
      '2_pair.up.sql': '-- +goose ENVSUB ON\nSELECT ${SCHEMA:-public};\n',
    });
    const [roles, pair] = await createFolderSource({ dir, env: { APP_ROLE: 'reporter' } }).list();
    const loaded = await roles!.load();
    // the annotation lines are sent as empty lines: line numbers kept, no `+goose` text sent
    expect((loaded.up as SqlPart).chunks[0]!.text).toBe("\nCREATE ROLE reporter;\n\nSELECT '${LITERAL}';");
    expect((loaded.down as SqlPart).chunks[0]!.text).toBe('\nDROP ROLE reporter;\n');
    expect(((await pair!.load()).up as SqlPart).chunks[0]!.text).toContain('SELECT public;');
  });

  it('an unset ENVSUB variable fails load() at file:line', async () => {
    const dir = await folder({ '1_roles.sql': '-- +goose Up\n-- +goose ENVSUB ON\nCREATE ROLE ${APP_ROLE};\n' });
    const [m] = await createFolderSource({ dir, env: {} }).list();
    await expect(m!.load()).rejects.toMatchObject({ code: 'ENVSUB_UNSET', file: join(dir, '1_roles.sql'), line: 3, column: 13 });
  });

  it('env defaults to process.env', async () => {
    const dir = await folder({ '1_roles.sql': '-- +goose Up\n-- +goose ENVSUB ON\nCREATE ROLE ${GODWIT_SOURCE_TEST_ROLE};\n' });
    const [m] = await createFolderSource({ dir }).list();
    process.env.GODWIT_SOURCE_TEST_ROLE = 'from_env';
    try {
      expect(((await m!.load()).up as SqlPart).chunks[0]!.text).toContain('CREATE ROLE from_env;');
    } finally {
      delete process.env.GODWIT_SOURCE_TEST_ROLE;
    }
  });

  it('an unsupported (.go) migration is listed but cannot be loaded', async () => {
    const dir = await folder({ '00002_add_users.go': 'package migrations\n' });
    const [m] = await createFolderSource({ dir }).list();
    expect(m!.format).toBe('unsupported');
    await expect(m!.load()).rejects.toMatchObject({ code: 'UNSUPPORTED_MIGRATION', file: join(dir, '00002_add_users.go'), version: 2 });
  });
});

describe('createFolderSource: bad folders and files', () => {
  it('a missing folder', async () => {
    const e = await listError('definitely/not/here');
    expect(e.code).toBe('SOURCE_NOT_FOUND');
    expect(e.message).toBe('migrations folder ./definitely/not/here not found');
    expect(e.hint).toMatch(/--dir/);
  });

  it('a file where the folder should be', async () => {
    const dir = await folder({ 'file.txt': 'x' });
    const e = await listError(join(dir, 'file.txt'));
    expect(e.code).toBe('SOURCE_NOT_FOUND');
    expect(e.message).toMatch(/is not a folder/);
  });

  it('an unreadable folder reports the OS reason', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const fs: SourceFileSystem = {
      ...nodeFileSystem,
      stat: async (p) => (p.endsWith('schema') ? Promise.reject(Object.assign(new Error('no'), { code: 'ENOENT' })) : { isDirectory: () => true }),
      readdir: async () => {
        throw denied;
      },
    };
    const e = await listError('migrations/locked', fs);
    expect(e.code).toBe('SOURCE_NOT_FOUND');
    expect(e.message).toBe('cannot read migrations folder ./migrations/locked: EACCES');
  });

  it('an unreadable file reports the OS reason', async () => {
    const fs: SourceFileSystem = {
      readdir: async () => ['1_a.sql'],
      stat: async (p) => (p.endsWith('schema') ? Promise.reject(Object.assign(new Error('no'), { code: 'ENOENT' })) : { isDirectory: () => true }),
      readFile: async () => {
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      },
    };
    const e = await listError('db', fs);
    expect(e).toMatchObject({ code: 'SOURCE_NOT_FOUND', file: join('db', '1_a.sql') });
    expect(e.message).toMatch(/EACCES/);
  });

  const cases: Array<[string, Record<string, string>, string, RegExp, string?, number?]> = [
    [
      'two migrations with one version',
      { '000002_b.up.sql': 'SELECT 1;', '000002_a.sql': '-- +goose Up\nSELECT 1;', '000001_x.sql': '-- +goose Up' },
      'DUPLICATE_VERSION',
      /^duplicate version 2: 000002_a\.sql and 000002_b\.up\.sql$/,
      '000002_a.sql',
    ],
    ['two up files', { '3_a.up.sql': 'SELECT 1;', '3_b.up.sql': 'SELECT 1;', '3_a.down.sql': '' }, 'DUPLICATE_VERSION', /^duplicate version 3: two up files, 3_a\.up\.sql and 3_b\.up\.sql$/, '3_a.up.sql'],
    ['two down files', { '3_a.up.sql': 'SELECT 1;', '3_b.down.sql': '', '3_c.down.sql': '' }, 'DUPLICATE_VERSION', /^duplicate version 3: two down files, 3_b\.down\.sql and 3_c\.down\.sql$/, '3_b.down.sql'],
    ['an up and a down in different formats', { '3_a.up.sql': 'SELECT 1;', '3_a.down.json': '[]' }, 'DUPLICATE_VERSION', /different formats, 3_a\.down\.json and 3_a\.up\.sql/, '3_a.down.json'],
    ['a code pair beside a goose file', { '3_a.up.go': '', '3_a.down.go': '', '3_a.sql': '-- +goose Up' }, 'DUPLICATE_VERSION', /^duplicate version 3: 3_a\.down\.go, 3_a\.sql and 3_a\.up\.go$/, '3_a.down.go'],
    ['a .sql and a .up.json with one version', { '4_a.sql': '-- +goose Up', '4_a.up.json': '[]' }, 'DUPLICATE_VERSION', /4_a\.sql and 4_a\.up\.json/, '4_a.sql'],
    ['a goose file and a code file', { '5_a.sql': '-- +goose Up', '5_a.go': 'package x' }, 'DUPLICATE_VERSION', /5_a\.go and 5_a\.sql/, '5_a.go'],
    ['a migration without a version', { 'create_users.sql': '-- +goose Up' }, 'INVALID_VERSION', /has no version/, 'create_users.sql'],
    ['a version above 2^53-1', { '9007199254740992_x.sql': '-- +goose Up' }, 'INVALID_VERSION', /above the largest allowed version/, '9007199254740992_x.sql'],
    ['a .sql file without Up', { '1_plain.sql': 'CREATE TABLE t (a INT);' }, 'PARSE_ERROR', /no `-- \+goose Up` annotation/, '1_plain.sql'],
    ['an unterminated StatementBegin', { '1_x.sql': '-- +goose Up\n-- +goose StatementBegin\nSELECT 1;' }, 'PARSE_ERROR', /no matching StatementEnd/, '1_x.sql', 2],
    ['a StatementEnd without Begin', { '1_x.sql': '-- +goose Up\nSELECT 1;\n-- +goose StatementEnd' }, 'PARSE_ERROR', /without a matching/, '1_x.sql', 3],
    ['invalid JSON', { '1_x.up.json': '[\n  {"a": 1}\n  {"b": 2}\n]' }, 'PARSE_ERROR', /invalid JSON/, '1_x.up.json', 3],
    ['invalid JSON in a down file', { '1_x.up.json': '[]', '1_x.down.json': '{"drop": "x"}' }, 'PARSE_ERROR', /must be a JSON array/, '1_x.down.json', 1],
    ['a .js file that is a script', { '1_x.up.js': 'module.exports = {};' }, 'PARSE_ERROR', /only \.js files holding a JSON array/, '1_x.up.js', 1],
    ['a .json file without up/down', { '1_x.json': '[]' }, 'PARSE_ERROR', /no \.up or \.down/, '1_x.json'],
  ];
  it.each(cases)('%s', async (_name, files, code, message, file, line) => {
    const dir = await folder(files);
    const e = await listError(dir);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    if (file) expect(e.file).toBe(join(dir, file));
    if (line) expect(e.line).toBe(line);
    expect(e.hint).toBeTruthy();
  });

  it('a duplicate names both paths in its data', async () => {
    const dir = await folder({ '2_a.sql': '-- +goose Up', '2_b.up.sql': '' });
    const e = await listError(dir);
    expect(e.data).toEqual({ files: [join(dir, '2_a.sql'), join(dir, '2_b.up.sql')] });
    expect(e.version).toBe(2);
  });
});

describe('createFolderSource: pairs matched by version and direction (golang-migrate)', () => {
  it('an up and a down with different names are one migration, named after the up file', async () => {
    const dir = await folder({ '1_create_t1.up.sql': 'CREATE TABLE t1 (a INT);\n', '1_drop_t1.down.sql': 'DROP TABLE t1;\n' });
    const [m] = await createFolderSource({ dir }).list();
    expect(m).toMatchObject({ version: 1, name: 'create_t1', format: 'pair', file: join(dir, '1_create_t1.up.sql'), downFile: join(dir, '1_drop_t1.down.sql'), reversible: true });
    expect(m).not.toHaveProperty('noUpFile');
    expect(((await m!.load()).down as SqlPart).chunks[0]!.text).toBe('DROP TABLE t1;\n');
  });

  it('a down file alone is a migration with an empty up, marked noUpFile', async () => {
    const dir = await folder({ '7_x.down.sql': 'DROP TABLE x;\n', '8_y.down.json': '[{"drop": "y"}]' });
    const [sql, json] = await createFolderSource({ dir }).list();
    expect(sql).toMatchObject({ version: 7, name: 'x', format: 'pair', file: join(dir, '7_x.down.sql'), downFile: join(dir, '7_x.down.sql'), noUpFile: true, reversible: true, transactional: true });
    expect(sql!.checksum).toBe(checksumOf(''));
    const loaded = await sql!.load();
    expect(loaded.up).toMatchObject({ kind: 'sql', chunks: [], empty: true });
    expect((loaded.down as SqlPart).chunks[0]!.text).toBe('DROP TABLE x;\n');
    expect(json).toMatchObject({ version: 8, format: 'json', noUpFile: true, transactional: false });
    expect((await json!.load()).up).toMatchObject({ kind: 'json', commands: [], empty: true });
  });

  it('.up.go and .down.go are one unsupported migration, never a duplicate version', async () => {
    const dir = await folder({ '1_x.up.go': 'package m\n', '1_x.down.go': 'package m\n', '2_y.down.go': 'package m\n', 'helpers.up.go': 'package m\n' });
    const migrations = await createFolderSource({ dir }).list();
    expect(migrations.map(brief)).toEqual([
      { version: 1, name: 'x', format: 'unsupported', transactional: false, reversible: false },
      { version: 2, name: 'y', format: 'unsupported', transactional: false, reversible: false },
    ]);
    expect(migrations[1]).not.toHaveProperty('noUpFile');
    await expect(migrations[0]!.load()).rejects.toMatchObject({ code: 'UNSUPPORTED_MIGRATION' });
  });

  it('two different up files are an error naming both, with both paths in its data', async () => {
    const dir = await folder({ '1_a.up.sql': 'SELECT 1;', '1_b.up.sql': 'SELECT 2;' });
    const e = await listError(dir);
    expect(e).toMatchObject({ code: 'DUPLICATE_VERSION', version: 1, file: join(dir, '1_a.up.sql'), data: { files: [join(dir, '1_a.up.sql'), join(dir, '1_b.up.sql')] } });
    expect(e.message).toBe('duplicate version 1: two up files, 1_a.up.sql and 1_b.up.sql');
  });

  it('every broken file is reported at once: the first in full, the others after it, each in data.problems', async () => {
    const dir = await folder({
      '1_a.up.sql': 'SELECT 1;',
      '1_b.up.sql': 'SELECT 2;',
      '2_ok.up.sql': 'SELECT 1;',
      '3_c.down.sql': '',
      '3_d.down.sql': '',
      '4_bad.sql': 'SELECT 1;',
      'nover.sql': '-- +goose Up',
    });
    const e = await listError(dir);
    expect(e.code).toBe('DUPLICATE_VERSION');
    expect(e.file).toBe(join(dir, '1_a.up.sql'));
    expect(e.message).toMatch(/^duplicate version 1: two up files, 1_a\.up\.sql and 1_b\.up\.sql \(and 3 more: /);
    expect(e.message).toContain(`${join(dir, '3_c.down.sql')}: duplicate version 3: two down files, 3_c.down.sql and 3_d.down.sql`);
    expect(e.message).toContain(`${join(dir, '4_bad.sql')}: no \`-- +goose Up\` annotation`);
    expect(e.message).toContain(`${join(dir, 'nover.sql')}: nover.sql has no version`);
    expect(e.message).not.toContain('\n');
    expect(e.hint).toMatch(/godwit validate` lists all 4 problems/);
    const problems = (e.data as { problems: Array<{ code: string; file: string }> }).problems;
    expect(problems.map((p) => [p.code, relative(dir, p.file)])).toEqual([
      ['DUPLICATE_VERSION', '1_a.up.sql'],
      ['DUPLICATE_VERSION', '3_c.down.sql'],
      ['PARSE_ERROR', '4_bad.sql'],
      ['INVALID_VERSION', 'nover.sql'],
    ]);
  });
});
