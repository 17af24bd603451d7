/**
 * The resolver on its own, off the disk: options, environment, working folder and config text go
 * in (the config and the project's folders through a fake `files`), targets or a precise error
 * come out. The working folder is never process.cwd(), so a path resolved against the wrong one
 * shows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SettingsFiles } from '../config/files.js';
import type { ProjectOptions } from './project-options.js';
import { type Scope, resolveTargets } from './resolve.js';
import { seedTargetOf } from './target.js';

const CWD = '/elsewhere/project';
const at = (path: string) => join(CWD, path);

/** An in-memory tree: `path -> text` for files, `path/` for an empty folder. Counts reads per file. */
function memoryFiles(tree: Record<string, string>): SettingsFiles & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const keys = Object.keys(tree);
  const isFolder = (path: string) => keys.some((k) => k.startsWith(`${path}/`));
  return {
    reads,
    exists: (path) => path in tree || isFolder(path),
    readText(path) {
      const text = tree[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return text;
    },
    importModule: async () => {
      throw new Error('no modules in memory');
    },
    folders(path) {
      const names = new Set<string>();
      for (const k of keys) {
        if (!k.startsWith(`${path}/`)) continue;
        const [first, ...rest] = k.slice(path.length + 1).split('/');
        if (first && rest.length > 0) names.add(first);
      }
      return [...names];
    },
    isFolder,
  };
}

const one = (need: 'required' | 'optional' | 'none' = 'required') => ({ kind: 'one', need }) as const;
const project = (urlRequired: 'all' | 'each' | 'none' = 'all') => ({ kind: 'project', urlRequired }) as const;

function resolve<S extends Scope>(scope: S, options: Partial<ProjectOptions>, tree: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) {
  const files = memoryFiles(tree);
  const resolution = resolveTargets({ options: { lockTimeout: '60s', ...options }, env, cwd: CWD, scope, files });
  return { resolution, files };
}

const config = (value: unknown) => ({ [at('godwit.config.json')]: JSON.stringify(value) });

describe('one database', () => {
  it("a convention folder uses its own URL variable (from the environment or .env), above DATABASE_URL", async () => {
    const env = { POSTGRES_USER_URL: 'postgres://app@db/users', DATABASE_URL: 'sqlite:./other.db' };
    for (const dir of ['migrations/postgres-user', 'migrations/postgres-user/', 'migrations/postgres-user/schema']) {
      const [target] = (await resolve(one(), { dir }, {}, env).resolution).targets;
      expect(target?.database).toMatchObject({ kind: 'postgres', url: 'postgres://app@db/users' });
    }
    const [flagged] = (await resolve(one(), { dir: 'migrations/postgres-user', database: 'sqlite:./flag.db' }, {}, env).resolution).targets;
    expect(flagged?.database?.url).toBe('sqlite:./flag.db');
  });

  it('a convention folder of another driver never falls back to the SQLite default: its variable is named', async () => {
    await expect(resolve(one(), { dir: 'migrations/postgres-user' }).resolution).rejects.toMatchObject({
      code: 'CONFIG',
      message: 'migrations/postgres-user is a postgres database folder, but POSTGRES_USER_URL is not set',
    });
    const [files] = (await resolve(one('optional'), { dir: 'migrations/postgres-user' }).resolution).targets;
    expect(files?.database).toBeUndefined();
    const [sqlite] = (await resolve(one(), { dir: 'migrations/sqlite-demo' }).resolution).targets;
    expect(sqlite?.database?.url).toBe('sqlite:./dev.db');
  });

  it("reads the config's database only when it is the one used: an unset ${VAR} there does not stop --database", async () => {
    const tree = config({ database: '${GODWIT_TEST_UNSET_DB_URL}' });
    const { resolution } = resolve(one(), { database: 'sqlite:./flag.db' }, tree);
    const [target] = (await resolution).targets;
    expect(target?.database?.url).toBe('sqlite:./flag.db');
    await expect(resolve(one(), {}, tree).resolution).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringContaining('GODWIT_TEST_UNSET_DB_URL') });
  });

  it.each([
    ['--database', { database: 'sqlite:./flag.db' }, { DATABASE_URL: 'sqlite:./env.db' }, 'sqlite:./flag.db', 'flag'],
    ['$DATABASE_URL', {}, { DATABASE_URL: 'sqlite:./env.db' }, 'sqlite:./env.db', 'env'],
    ['the --env section', { env: 'dev' }, {}, 'sqlite:./section.db', 'config'],
    ['the top level', {}, {}, 'sqlite:./top.db', 'config'],
  ])('precedence: %s', async (_, options, env, url, origin) => {
    const tree = config({ database: 'sqlite:./top.db', environments: { dev: { database: 'sqlite:./section.db' } } });
    const { targets } = await resolve(one(), options, tree, env).resolution;
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ database: { url }, databaseOrigin: origin, driver: 'sqlite' });
  });

  it('falls back to sqlite:./dev.db (origin "default") only when a database is required', async () => {
    expect((await resolve(one('required'), {}).resolution).targets[0]).toMatchObject({
      database: { url: 'sqlite:./dev.db' },
      databaseOrigin: 'default',
      sqliteFile: { given: './dev.db', absolute: at('dev.db') },
    });
    expect((await resolve(one('optional'), {}).resolution).targets[0]!.database).toBeUndefined();
    // create needs none: the config's database is not even read, so its unset variable is no error
    const none = await resolve(one('none'), {}, config({ database: '${UNSET}' })).resolution;
    expect(none.targets[0]!.database).toBeUndefined();
  });

  it('resolves a relative --dir, config paths and the SQLite file against the given cwd', async () => {
    const tree = config({ dir: 'db/app', database: 'sqlite:data/app.db' });
    const fromConfig = (await resolve(one(), {}, tree).resolution).targets[0]!;
    expect(fromConfig.dir).toEqual({ given: 'db/app', absolute: at('db/app') });
    expect(fromConfig.sqliteFile).toEqual({ given: 'data/app.db', absolute: at('data/app.db') });

    const fromFlag = (await resolve(one(), { dir: '../shared/migrations' }, tree).resolution).targets[0]!;
    expect(fromFlag.dir).toEqual({ given: '../shared/migrations', absolute: '/elsewhere/shared/migrations' });
    const absolute = (await resolve(one(), { dir: '/srv/migrations' }).resolution).targets[0]!;
    expect(absolute.dir.absolute).toBe('/srv/migrations');
    expect((await resolve(one(), {}).resolution).targets[0]!.dir).toEqual({ given: './migrations', absolute: at('migrations') });
  });

  it('finds the config file in the given cwd, and --config relative to it', async () => {
    const tree = { [at('conf/godwit.yaml')]: 'table: from_yaml\n' };
    expect((await resolve(one(), { config: 'conf/godwit.yaml' }, tree).resolution).targets[0]!.table).toBe('from_yaml');
    expect((await resolve(one(), {}, config({ table: 'found' })).resolution).targets[0]!.table).toBe('found');
    expect((await resolve(one(), {}).resolution).targets[0]!.table).toBe('godwit_migrations');
  });

  it('carries the run settings, the protection and the plugins of the --env section', async () => {
    const tree = config({ plugins: ['./p.mjs'], environments: { prod: { protected: true, backup: true } } });
    const target = (await resolve(one(), { env: 'prod', timeout: '5m', lockTimeout: '0', dryRun: true }, tree).resolution).targets[0]!;
    expect(target).toMatchObject({
      run: { timeoutMs: 300_000, lockTimeoutMs: 2 ** 31 - 1, dryRun: true },
      protectedEnv: 'prod',
      backup: true,
      plugins: { entries: ['./p.mjs'], file: 'godwit.config.json' },
    });
  });

  it.each([
    [{ env: 'prod' }, config({ environments: { prod: { database: '${PROD_URL}' } } }), 'CONFIG', 'environment variable PROD_URL is not set (used by "environments.prod.database")'],
    [{ env: 'prod' }, config({ environments: { dev: {} } }), 'CONFIG', 'no environment "prod"'],
    [{ env: 'prod' }, {}, 'CONFIG', '--env prod needs a config file with "environments"'],
    [{}, config({ dir: 3 }), 'CONFIG', '"dir" must be a string, not number 3'],
    [{ config: 'missing.json' }, {}, 'CONFIG', 'cannot read the config file: ENOENT'],
    [{ singleTransaction: true, database: 'sqlite:./a.db' }, {}, 'USAGE', '--single-transaction is for PostgreSQL, and sqlite:./a.db is sqlite'],
    [{ timeout: 'soon' }, {}, 'USAGE', expect.stringContaining('--timeout')],
  ])('refuses %j with %j: %s', async (options, tree, code, message) => {
    await expect(resolve(one(), options, tree).resolution).rejects.toMatchObject({ code, message });
  });
});

describe('a multi-database project', () => {
  const folders = {
    [at('migrations/postgres-product/schema/00001_a.sql')]: '',
    [at('migrations/postgres-product/seed/00001_rows.sql')]: '',
    [at('migrations/sqlite-cache/00001_a.sql')]: '',
    [at('migrations/legacy/00001_a.sql')]: '',
  };
  const urls = { POSTGRES_PRODUCT_URL: 'postgres://app:pw@db/product', SQLITE_CACHE_URL: 'sqlite:./cache.db' };

  it('one target per database, in id order, every folder absolute under the given cwd', async () => {
    const { targets, warnings, urls: chosen } = await resolve(project(), {}, folders, urls).resolution;
    expect(targets.map((t) => [t.id, t.driver, t.dir.absolute, t.table])).toEqual([
      ['postgres-product', 'postgres', at('migrations/postgres-product/schema'), 'godwit_migrations'],
      ['sqlite-cache', 'sqlite', at('migrations/sqlite-cache'), 'godwit_migrations'],
    ]);
    expect(targets[0]!.dir.given).toBe('migrations/postgres-product/schema');
    expect(targets[1]!.sqliteFile).toEqual({ given: './cache.db', absolute: at('cache.db') });
    expect(seedTargetOf(targets[0]!)).toMatchObject({ dir: { absolute: at('migrations/postgres-product/seed') }, table: 'godwit_migrations_seeds' });
    expect(seedTargetOf(targets[1]!)).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^migrations\/legacy: "legacy" is not named <driver>-<name>; skipped/)]);
    expect(chosen).toEqual(['postgres://app:pw@db/product', 'sqlite:./cache.db']);
  });

  it('config entries and --env overrides by id, with config-relative folders resolved against the cwd', async () => {
    const tree = {
      ...folders,
      ...config({
        databases: { 'sqlite-cache': { dir: 'db/cache', table: 'cache_versions' }, 'mongo-events': { url: '${EVENTS_URL}', dir: 'db/events', seedDir: 'db/events-seed' } },
        environments: { staging: { protected: true, databases: { 'sqlite-cache': { url: 'sqlite:./staging-cache.db' } } } },
      }),
    };
    const env = { ...urls, EVENTS_URL: 'mongodb://db/events' };
    const { targets } = await resolve(project(), { env: 'staging' }, tree, env).resolution;
    expect(targets.map((t) => [t.id, t.database?.url, t.dir.absolute, t.seedDir?.absolute, t.table, t.protectedEnv])).toEqual([
      ['mongo-events', 'mongodb://db/events', at('db/events'), at('db/events-seed'), 'godwit_migrations', 'staging'],
      ['postgres-product', 'postgres://app:pw@db/product', at('migrations/postgres-product/schema'), at('migrations/postgres-product/seed'), 'godwit_migrations', 'staging'],
      ['sqlite-cache', 'sqlite:./staging-cache.db', at('db/cache'), undefined, 'cache_versions', 'staging'],
    ]);
    expect(targets.map((t) => t.databaseOrigin)).toEqual(['config', 'env', 'config']);
  });

  it('reads the config file once, however many databases it resolves', async () => {
    const tree = {
      ...folders,
      ...config({
        table: 'versions',
        plugins: ['./p.mjs'],
        databases: { 'sqlite-cache': { url: '${CACHE_URL}' }, 'sqlite-extra': { driver: 'sqlite', url: 'sqlite:./extra.db', dir: 'extra' } },
        environments: { prod: { protected: true } },
      }),
    };
    const { resolution, files } = resolve(project(), { env: 'prod' }, tree, { ...urls, CACHE_URL: 'sqlite:./cache.db' });
    expect((await resolution).targets).toHaveLength(3);
    expect([...files.reads]).toEqual([[at('godwit.config.json'), 1]]);
  });

  it('--only and --except select by id; an unknown id is refused', async () => {
    expect((await resolve(project(), { only: ['sqlite-cache'] }, folders, urls).resolution).targets.map((t) => t.id)).toEqual(['sqlite-cache']);
    expect((await resolve(project(), { except: ['sqlite-cache'] }, folders, urls).resolution).targets.map((t) => t.id)).toEqual(['postgres-product']);
    await expect(resolve(project(), { only: ['sqlite-nope'] }, folders, urls).resolution).rejects.toMatchObject({
      code: 'USAGE',
      message: '--only: no database "sqlite-nope"',
      hint: 'databases: postgres-product, sqlite-cache',
    });
  });

  it('an unset URL variable is a config error naming it, unless the URL is optional (validate --all)', async () => {
    const partial = { POSTGRES_PRODUCT_URL: urls.POSTGRES_PRODUCT_URL };
    await expect(resolve(project('all'), {}, folders, partial).resolution).rejects.toMatchObject({
      code: 'CONFIG',
      message: 'sqlite-cache: no database URL: SQLITE_CACHE_URL is not set',
    });
    const filesOnly = (await resolve(project('none'), {}, folders, partial).resolution).targets[1]!;
    expect(filesOnly).toMatchObject({ id: 'sqlite-cache', driver: 'sqlite' });
    expect(filesOnly.database).toBeUndefined();
    expect(filesOnly.unresolved).toBeUndefined();
  });

  it('every unset URL variable is named at once; status --all marks the database and keeps the others', async () => {
    await expect(resolve(project('all'), {}, folders, {}).resolution).rejects.toMatchObject({
      code: 'CONFIG',
      message: '2 databases have no URL: POSTGRES_PRODUCT_URL (postgres-product), SQLITE_CACHE_URL (sqlite-cache) are not set',
      hint: 'set POSTGRES_PRODUCT_URL, SQLITE_CACHE_URL (or in ./.env)',
    });
    const partial = { POSTGRES_PRODUCT_URL: urls.POSTGRES_PRODUCT_URL };
    const [product, cache] = (await resolve(project('each'), {}, folders, partial).resolution).targets;
    expect(product?.database?.kind).toBe('postgres');
    expect(product?.unresolved).toBeUndefined();
    expect(cache?.unresolved?.message).toBe('sqlite-cache: no database URL: SQLITE_CACHE_URL is not set');
  });

  it.each([
    [{ SQLITE_CACHE_URL: 'postgres://app@db/cache' }, 'CONFIG', 'sqlite-cache: driver sqlite does not match postgres://app@db/cache'],
    [{ POSTGRES_PRODUCT_URL: 'sqlite:cache.db' }, 'CONFIG', 'postgres-product: driver postgres does not match sqlite:cache.db'],
  ])('refuses %j', async (env, code, message) => {
    await expect(resolve(project(), {}, folders, { ...urls, ...env }).resolution).rejects.toMatchObject({ code, message: expect.stringContaining(message) });
  });

  it('refuses two databases on one store, however the SQLite file is spelled', async () => {
    const tree = { [at('migrations/sqlite-a/1_a.sql')]: '', [at('migrations/sqlite-b/1_b.sql')]: '' };
    await expect(resolve(project(), {}, tree, { SQLITE_A_URL: 'sqlite:./same.db', SQLITE_B_URL: 'sqlite:same.db' }).resolution).rejects.toMatchObject({
      code: 'CONFIG',
      message: 'sqlite-a and sqlite-b both use sqlite:same.db with table godwit_migrations',
    });
  });
});
