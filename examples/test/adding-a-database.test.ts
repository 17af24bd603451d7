/**
 * docs/adding-a-database.md, followed as written: its `godwit create` commands, its files (the
 * code blocks named by path), its variables, and the summary table it shows, on the sample
 * project with real PostgreSQL and a MongoDB-protocol server.
 */
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabase, hasServer, type TestDatabase as MongoDatabase } from '@godwit/test-kit/mongodb';
import { createTestDatabase, describePostgres, type TestDatabase } from '@godwit/test-kit/postgres';
import { godwit } from './support/godwit.js';
import { MIGRATIONS_ROOT, envVarFor, sampleDatabases } from './support/sample.js';

const guide = readFileSync(new URL('../../docs/adding-a-database.md', import.meta.url), 'utf8');
const fence = /^```(\w*)[^\S\n]*(\S*)\n([\s\S]*?)^```$/gm;
const blocks = [...guide.matchAll(fence)].map((m) => ({ lang: m[1] ?? '', path: m[2] ?? '', text: m[3] ?? '' }));
/** the code blocks whose info string names a file: ```sql migrations/postgres-inventory/... */
const files = blocks.filter((b) => b.path.startsWith('migrations/'));
const shellLines = blocks.filter((b) => b.lang === 'sh').flatMap((b) => b.text.split('\n'));
const ADDED = ['postgres-inventory', 'mongo-logs'];

/** The summary table without the TIME column, whose numbers differ on every run. */
const withoutTime = (table: string) =>
  table
    .trim()
    .split('\n')
    .map((line) => line.replace(/\s+\d+ ms\s+/, ' ').replace(/\s+TIME\s+/, ' ').replace(/\s+/g, ' '));

it('the guide names each new database, its files and its variable by the convention', () => {
  expect(files.map((f) => f.path).sort()).toEqual([
    'migrations/mongo-logs/000001_create_log_entries.down.json',
    'migrations/mongo-logs/000001_create_log_entries.up.json',
    'migrations/postgres-inventory/000001_create_stock.sql',
  ]);
  for (const id of ADDED) {
    expect(shellLines).toContain(`mkdir -p ${ADDED.map((x) => `migrations/${x}`).join(' ')}`);
    expect(shellLines.some((line) => line.startsWith(`export ${envVarFor(id)}=`))).toBe(true);
  }
});

describePostgres('docs/adding-a-database.md, step by step', () => {
  const databases: Array<TestDatabase | MongoDatabase> = [];
  const env: Record<string, string> = {};
  let project: string;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'godwit-guide-'));
    await cp(MIGRATIONS_ROOT, join(project, 'migrations'), { recursive: true });
    if (!hasServer) return;
    for (const id of [...sampleDatabases().map((s) => s.id), ...ADDED]) {
      if (id.startsWith('sqlite-')) {
        env[envVarFor(id)] = `sqlite:${join(project, `${id}.db`)}`;
        continue;
      }
      const db = id.startsWith('postgres-') ? await createTestDatabase(id.replace('-', '_')) : await freshDatabase(id.replace('-', '_'));
      databases.push(db);
      env[envVarFor(id)] = db.url;
    }
  });
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
    if (project) await rm(project, { recursive: true, force: true });
  });

  // The CLI runs in-process: relative folders are made absolute, because it resolves them
  // against the process's working folder rather than the `cwd` given to main().
  const absolute = (arg: string) => (arg.startsWith('migrations') ? join(project, arg) : arg);
  const dirArgs = () => ['--dir', join(project, 'migrations')];

  // whole scenario: migrate-all over every sample database, twice; a budget for a busy machine
  it.skipIf(!hasServer)('steps 1 to 3 add both databases, and migrate-all prints the table the guide shows', { timeout: 180_000 }, async () => {
    const { POSTGRES_INVENTORY_URL: _a, MONGO_LOGS_URL: _b, ...sampleEnv } = env;
    expect((await godwit(['migrate-all', ...dirArgs()], project, sampleEnv)).code).toBe(0);

    // 1. make the folders
    for (const id of ADDED) await mkdir(join(project, 'migrations', id), { recursive: true });

    // 2. the guide's `godwit create` lines, then its file contents
    const creates = shellLines.filter((line) => line.startsWith('godwit create '));
    expect(creates).toHaveLength(2);
    for (const line of creates) {
      const run = await godwit(line.split(/\s+/).slice(1).map(absolute), project, {});
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    for (const id of ADDED) {
      const created = (await readdir(join(project, 'migrations', id))).map((f) => `migrations/${id}/${f}`).sort();
      expect(created).toEqual(files.filter((f) => f.path.startsWith(`migrations/${id}/`)).map((f) => f.path).sort());
    }
    for (const file of files) {
      await mkdir(dirname(join(project, file.path)), { recursive: true });
      await writeFile(join(project, file.path), file.text);
    }
    const validate = await godwit(['validate', '--all', ...dirArgs()], project, {});
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);

    // 3. without the new variable, the run names it; with it, the table is the guide's
    const missing = await godwit(['migrate-all', ...dirArgs()], project, { ...sampleEnv, MONGO_LOGS_URL: env.MONGO_LOGS_URL ?? '' });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('postgres-inventory: no database URL: POSTGRES_INVENTORY_URL is not set');

    const run = await godwit(['migrate-all', ...dirArgs()], project, env);
    expect(run.code).toBe(0);
    const shown = blocks.find((b) => b.lang === '' && b.text.startsWith('DATABASE '));
    expect(withoutTime(run.stdout)).toEqual(withoutTime(shown?.text ?? ''));

    const status = JSON.parse((await godwit(['status', '--all', '--json', ...dirArgs()], project, env)).stdout);
    const current = Object.fromEntries(status.databases.map((d: { id: string; current: number }) => [d.id, d.current]));
    expect(current).toMatchObject({ 'postgres-inventory': 1, 'mongo-logs': 1 });
  });
});
