import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import type { Migration } from '../migration.js';
import type { CreateFormat, CreateTemplate } from '../migrator-contract.js';
import { createMigrationFiles, normaliseName, sequentialVersion, timestampVersion } from './create.js';
import { createFolderSource } from './folder-source.js';
import { parseGooseFile } from './goose-parser.js';
import { parseJsonCommands } from './json-parser.js';
import { parsePairFile } from './pair-parser.js';
import { splitSql } from './sql-splitter.js';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'godwit-create-'));
  roots.push(root);
  return root;
}

/** Just enough of a Migration for version numbering. */
function existing(...files: string[]): Migration[] {
  return files.map((file) => ({
    version: Number(/^\d+/.exec(file)![0]),
    name: 'x',
    format: 'goose',
    file: `migrations/db/${file}`,
    checksum: '',
    transactional: true,
    reversible: true,
    load: async () => {
      throw new Error('not loaded in these tests');
    },
  }));
}

describe('normaliseName', () => {
  it.each([
    ['create_users', 'create_users'],
    ['Create Users', 'create_users'],
    ['addEmailToUsers', 'add_email_to_users'],
    ['  add-email.to/users!! ', 'add_email_to_users'],
    ['créer_table_été', 'creer_table_ete'],
    ['2fa codes', '2fa_codes'],
    ['__x__', 'x'],
    ['!!!', ''],
    ['日本', ''],
  ])('%j -> %j', (raw, name) => {
    expect(normaliseName(raw)).toBe(name);
  });
});

describe('version numbering', () => {
  it.each<[string, string[], number, string]>([
    ['an empty folder starts at 1, six digits', [], 1, '000001'],
    ['highest + 1, gaps kept', ['000001_a.sql', '000007_b.sql'], 8, '000008'],
    ['unpadded files still get six digits', ['1_a.up.sql', '124_b.up.sql'], 125, '000125'],
    ['a wider padding is kept', ['00000001_a.sql', '00000002_b.sql'], 3, '00000003'],
    ['after a 14-digit timestamp it counts on', ['000001_a.sql', '20250101120000_b.sql'], 20250101120001, '20250101120001'],
    ['after a 10-digit timestamp it counts on', ['1700000000_b.sql'], 1700000001, '1700000001'],
  ])('sequential: %s', (_name, files, value, text) => {
    expect(sequentialVersion(existing(...files))).toEqual({ value, text });
  });

  it('timestamp: UTC YYYYMMDDHHMMSS', () => {
    expect(timestampVersion(new Date('2025-03-04T05:06:07.890Z'), [])).toEqual({ value: 20250304050607, text: '20250304050607' });
  });

  it('timestamp: a taken second moves on', () => {
    expect(timestampVersion(new Date('2025-03-04T05:06:07Z'), existing('20250304050607_a.sql')).value).toBe(20250304050608);
  });

  it('refuses a next version above 2^53-1', () => {
    expect(() => sequentialVersion(existing(`${Number.MAX_SAFE_INTEGER}_a.sql`))).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
  });
});

describe('createMigrationFiles', () => {
  it('writes a goose file with Up and Down sections, creating the folder', async () => {
    const dir = join(await tempDir(), 'migrations', 'sqlite-app');
    const created = await createMigrationFiles({ dir, name: 'Add Users', existing: [] });
    expect(created).toEqual({ version: 1, name: 'add_users', files: [join(dir, '000001_add_users.sql')] });
    const text = await readFile(created.files[0]!, 'utf8');
    const parsed = parseGooseFile(text, created.files[0]!);
    expect(parsed.down).toBeDefined();
    expect(parsed.up.empty).toBe(true);
  });

  it('writes the next version after what exists, and the folder source lists it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '000004_a.sql'), '-- +goose Up\nSELECT 1;\n');
    const source = createFolderSource({ dir });
    const created = await createMigrationFiles({ dir, name: 'next', existing: await source.list(), template: 'create_table' });
    expect(created.version).toBe(5);
    expect((await source.list()).map((m) => m.version)).toEqual([4, 5]);
  });

  it('timestamp numbering uses the given clock', async () => {
    const dir = await tempDir();
    const created = await createMigrationFiles({ dir, name: 'x', existing: [], numbering: 'timestamp', now: new Date('2025-01-02T03:04:05Z') });
    expect(created.files).toEqual([join(dir, '20250102030405_x.sql')]);
  });

  it('writes into schema/ when the folder has one', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'schema'));
    const created = await createMigrationFiles({ dir, name: 'x', existing: [] });
    expect(created.files).toEqual([join(dir, 'schema', '000001_x.sql')]);
  });

  it('pair and json formats write an up and a down file', async () => {
    const dir = await tempDir();
    const pair = await createMigrationFiles({ dir, name: 'p', existing: [], format: 'pair' });
    expect(pair.files).toEqual([join(dir, '000001_p.up.sql'), join(dir, '000001_p.down.sql')]);
    const json = await createMigrationFiles({ dir, name: 'j', existing: existing('000001_p.up.sql'), format: 'json' });
    expect(json.files).toEqual([join(dir, '000002_j.up.json'), join(dir, '000002_j.down.json')]);
    const up = parseJsonCommands(await readFile(json.files[0]!, 'utf8'), json.files[0]!);
    expect(up.commands.map((c) => Object.keys(c.command)[0])).toEqual(['ping']);
    const listed = await createFolderSource({ dir }).list();
    expect(listed.map((m) => [m.version, m.format, m.reversible])).toEqual([
      [1, 'pair', true],
      [2, 'json', true],
    ]);
  });

  it('never overwrites: an existing file is an error and nothing is written', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '000001_p.down.sql'), 'keep me');
    let error: unknown;
    try {
      await createMigrationFiles({ dir, name: 'p', existing: [], format: 'pair' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GodwitError);
    expect(error).toMatchObject({ code: 'USAGE', file: join(dir, '000001_p.down.sql') });
    expect(await readdir(dir)).toEqual(['000001_p.down.sql']);
    expect(await readFile(join(dir, '000001_p.down.sql'), 'utf8')).toBe('keep me');
  });

  it.each(['', '   ', '!!!'])('refuses the name %j', async (name) => {
    await expect(createMigrationFiles({ dir: await tempDir(), name, existing: [] })).rejects.toMatchObject({ code: 'USAGE', hint: expect.stringContaining('godwit create') });
  });
});

describe('templates', () => {
  const statements = async (format: CreateFormat, template: CreateTemplate, name: string) => {
    const dir = await tempDir();
    const { files } = await createMigrationFiles({ dir, name, existing: [], format, template });
    const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    if (format === 'json') return texts.map((t, i) => parseJsonCommands(t, files[i]!).commands.map((c) => c.command));
    const parts =
      format === 'sql'
        ? (() => {
            const g = parseGooseFile(texts[0]!, files[0]!);
            return [g.up, g.down!];
          })()
        : texts.map((t, i) => parsePairFile(t, files[i]!).part);
    return parts.map((p) => p.chunks.flatMap((c) => splitSql(c, p.file).map((s) => s.sql)));
  };

  it.each<CreateFormat>(['sql', 'pair'])('create_table derives the table from the name (%s)', async (format) => {
    const [up, down] = await statements(format, 'create_table', 'create_users');
    expect(up).toEqual(['CREATE TABLE users (\n    id         INTEGER PRIMARY KEY,\n    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n)']);
    expect(down).toEqual(['DROP TABLE users']);
  });

  it('create_table quotes a reserved table name', async () => {
    const [up, down] = await statements('sql', 'create_table', 'create_user');
    expect((up as string[])[0]).toMatch(/^CREATE TABLE "user" \(/);
    expect(down).toEqual(['DROP TABLE "user"']);
  });

  it('add_column adds and drops the column', async () => {
    expect(await statements('sql', 'add_column', 'add_email_to_users')).toEqual([
      ['ALTER TABLE users ADD COLUMN email TEXT'],
      ['ALTER TABLE users DROP COLUMN email'],
    ]);
  });

  it.each([
    ['index_users_on_email', 'CREATE INDEX users_email_idx ON users (email)', 'DROP INDEX users_email_idx'],
    ['add_index_users_on_email', 'CREATE INDEX users_email_idx ON users (email)', 'DROP INDEX users_email_idx'],
    ['index_posts_on_author_id_and_created_at', 'CREATE INDEX posts_author_id_created_at_idx ON posts (author_id, created_at)', 'DROP INDEX posts_author_id_created_at_idx'],
  ])('create_index from %s', async (name, up, down) => {
    expect(await statements('pair', 'create_index', name)).toEqual([[up], [down]]);
  });

  it('json templates are commands', async () => {
    expect(await statements('json', 'create_table', 'create_users')).toEqual([[{ create: 'users' }], [{ drop: 'users' }]]);
    const [up, down] = await statements('json', 'create_index', 'index_users_on_email');
    expect(JSON.parse(JSON.stringify(up))).toEqual([{ createIndexes: 'users', indexes: [{ key: { email: 1 }, name: 'users_email_idx' }] }]);
    expect(down).toEqual([{ dropIndexes: 'users', index: 'users_email_idx' }]);
    const [addUp] = await statements('json', 'add_column', 'add_email_to_users');
    expect(JSON.parse(JSON.stringify(addUp))).toMatchObject([{ update: 'users', updates: [{ u: { $set: { email: null } } }] }]);
  });

  it('a blank pair is comments only: an empty up and a no-op down', async () => {
    expect(await statements('pair', 'blank', 'x')).toEqual([[], []]);
  });

  it.each([
    ['add_column', 'users_email', /add_<column>_to_<table>/],
    ['create_index', 'email_index', /index_<table>_on_<column>/],
  ] as const)('%s refuses a name it cannot read (%s)', async (template, name, message) => {
    const dir = await tempDir();
    await expect(createMigrationFiles({ dir, name, existing: [], template })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(message) });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('createMigrationFiles: dry run', () => {
  it('returns the files and their content and writes nothing, not even the folder', async () => {
    const root = await tempDir();
    const dir = join(root, 'not-yet');
    const created = await createMigrationFiles({ dir, name: 'add_email_to_users', existing: [], template: 'add_column', format: 'pair', dryRun: true });
    expect(created.files).toEqual([join(dir, '000001_add_email_to_users.up.sql'), join(dir, '000001_add_email_to_users.down.sql')]);
    expect(created.contents?.[0]).toContain('ALTER TABLE users ADD COLUMN email');
    expect(await readdir(root)).toEqual([]);
  });
});
