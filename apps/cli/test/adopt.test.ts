/**
 * `godwit adopt` and the automatic adoption of the first `up`, end to end with the built binary:
 * each peer's table is built the way the peer writes it (goose v3's CreateTable and version-0
 * row, golang-migrate v4's ensureVersionTable and SetVersion) on SQLite, PostgreSQL and MongoDB;
 * then godwit adopts and `up` applies exactly what the peer had not.
 */
import { readFileSync } from 'node:fs';
import { createMongoDriver } from '@godwit/driver-mongodb';
import { type CliResult, runCli } from '@godwit/test-kit/cli';
import { describeMongo, freshDatabase } from '@godwit/test-kit/mongodb';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { openSqlite } from '@godwit/test-kit/sqlite';
import { tempDir } from '@godwit/test-kit/temp';
import { describe, expect, it } from 'vitest';
import { appliedVersions, parseJson, projectPerTest } from './helpers.js';

const gooseFile = (n: number) => ({
  [`migrations/0000${n}_t${n}.sql`]: `-- +goose Up\nCREATE TABLE t${n} (id INTEGER);\n-- +goose Down\nDROP TABLE t${n};\n`,
});
const pairFiles = (n: number) => ({
  [`migrations/0000${n}_t${n}.up.sql`]: `CREATE TABLE t${n} (id INTEGER);\n`,
  [`migrations/0000${n}_t${n}.down.sql`]: `DROP TABLE t${n};\n`,
});

describe('godwit adopt on SQLite', () => {
  const project = projectPerTest();
  const write = async (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) await project.write(path, text);
  };
  /** SQL as the peer's Go program sends it, on its own connection to app.db. */
  const peer = (sql: string, ...params: unknown[]) => {
    const db = openSqlite(project.dbFile, { write: true });
    try {
      if (params.length) db.prepare(sql).run(...params);
      else db.exec(sql);
    } finally {
      db.close();
    }
  };
  const gooseApplied = (...versions: number[]) => {
    peer(`CREATE TABLE goose_db_version (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      version_id INTEGER NOT NULL,
      is_applied INTEGER NOT NULL,
      tstamp TIMESTAMP DEFAULT (datetime('now'))
    )`);
    for (const v of [0, ...versions]) peer('INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)', v, 1);
  };
  const migrateAt = (version: number, dirty: boolean) => {
    peer('CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool); CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);');
    peer('DELETE FROM schema_migrations');
    peer('INSERT INTO schema_migrations (version, dirty) VALUES (?, ?)', version, dirty ? 1 : 0);
  };

  it('goose: --dry-run changes nothing; adopt records every applied version (a .go one too); up applies the rest', async () => {
    await write({ ...gooseFile(1), 'migrations/00002_backfill.go': 'package migrations\n', ...gooseFile(3) });
    gooseApplied(1, 2);
    peer('CREATE TABLE t1 (id INTEGER)');
    const bytes = readFileSync(project.dbFile);

    const dry = await project.godwit('adopt', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      "would record 2 versions from goose's goose_db_version (1, 2) (dry run: nothing written)\nrun godwit adopt (or godwit up) to record it\n",
    );
    expect(readFileSync(project.dbFile)).toEqual(bytes);

    const adopted = await project.godwit('adopt', '--json');
    expect(adopted.code).toBe(0);
    expect(parseJson(adopted.stdout)).toMatchObject({ from: 'goose', recorded: [1, 2], missing: [] });
    expect(project.query('SELECT version, applied_by FROM godwit_migrations ORDER BY version')).toEqual([
      { version: 1, applied_by: 'adopted from goose' },
      { version: 2, applied_by: 'adopted from goose' },
    ]);
    expect(project.query('SELECT version_id, is_applied FROM goose_db_version ORDER BY id')).toEqual([
      { version_id: 0, is_applied: 1 },
      { version_id: 1, is_applied: 1 },
      { version_id: 2, is_applied: 1 },
    ]);

    const up = await project.godwit('up');
    expect(up.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
    expect(project.query<{ version: number }>("SELECT version FROM godwit_migrations_history WHERE direction = 'up'")).toEqual([{ version: 3 }]);
  });

  it('golang-migrate: status shows what would be adopted; the first up adopts with a one-line notice', async () => {
    await write({ ...pairFiles(1), ...pairFiles(2), ...pairFiles(3) });
    peer('CREATE TABLE t1 (id INTEGER); CREATE TABLE t2 (id INTEGER)');
    migrateAt(2, false);

    const status = await project.godwit('status', '--json');
    expect(status.code).toBe(0);
    const doc = parseJson(status.stdout);
    expect(doc.adoption).toEqual({ from: 'golang-migrate', table: 'schema_migrations', versions: [1, 2], missing: [] });
    expect(doc.migrations.map((m: { state: string }) => m.state)).toEqual(['applied', 'applied', 'pending']);
    expect(project.tables()).toEqual(['schema_migrations', 't1', 't2']);
    expect((await project.godwit('status')).stdout).toContain("run godwit adopt or up to record it");

    const up = await project.godwit('up');
    expect(up.code).toBe(0);
    const notices = up.stderr.split('\n').filter((l) => l.includes('adopted'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("adopted 2 version(s) from golang-migrate's schema_migrations first");
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
  });

  it('a dirty golang-migrate version refuses with the recovery advice (exit 1) and records nothing', async () => {
    await write({ ...pairFiles(1), ...pairFiles(2) });
    migrateAt(2, true);
    for (const args of [['adopt'], ['up']]) {
      const r = await project.godwit(...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "godwit: error: migrations/00002_t2.up.sql: golang-migrate's schema_migrations is dirty at version 2: a migration stopped part-way; nothing was adopted",
      );
      expect(r.stderr).toContain('`godwit force 2`');
    }
    expect(project.tables()).toEqual(['schema_migrations']);
  });

  it('a version goose applied without a file is reported missing, like godwit’s own', async () => {
    await write(gooseFile(1));
    gooseApplied(1, 2);
    const adopted = await project.godwit('adopt');
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain('missing: 2 (applied by goose, no file here)');
    const status = parseJson((await project.godwit('status', '--json')).stdout);
    expect(status.migrations.map((m: { version: number; state: string }) => [m.version, m.state])).toEqual([
      [1, 'applied'],
      [2, 'missing'],
    ]);
  });

  it('bad input: one line and a hint, exit 2', async () => {
    await write(gooseFile(1));
    const cases: Array<[string[], string]> = [
      [['adopt', '--from', 'flyway'], "option '--from <tool>' argument 'flyway' is invalid"],
      [['adopt'], "godwit: error: no goose's goose_db_version or golang-migrate's schema_migrations on sqlite:./app.db: nothing to adopt"],
      [['adopt', '--from-table', 'versions'], 'godwit: error: --from-table needs --from'],
      [['adopt', '--from', 'goose', '--from-table', 'versions'], 'godwit: error: no goose version table versions on sqlite:./app.db'],
    ];
    for (const [args, message] of cases) {
      const r: CliResult = await project.godwit(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('godwit: hint:');
    }
  });
});

describePostgres('godwit adopt on PostgreSQL', () => {
  const db = perTest(() => createTestDatabase('cli_adopt'), (d) => d.drop());
  const project = perTest(() => tempDir('cli-pg-adopt'), (p) => p.remove());
  const godwit = (...args: string[]) => runCli(['--database', db.url, '--dir', 'migrations', ...args], { cwd: project.dir });

  it('goose under another name (--from-table) is adopted; up applies only the rest', async () => {
    await project.write({ ...gooseFile(1), ...gooseFile(2), ...gooseFile(3) });
    await db.query(`CREATE TABLE goose_versions (
      id integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY,
      version_id bigint NOT NULL,
      is_applied boolean NOT NULL,
      tstamp timestamp NOT NULL DEFAULT now()
    )`);
    for (const v of [0, 1, 2]) await db.query('INSERT INTO goose_versions (version_id, is_applied) VALUES ($1, $2)', [v, true]);
    await db.query('CREATE TABLE t1 (id int); CREATE TABLE t2 (id int)');

    const adopted = await godwit('adopt', '--from', 'goose', '--from-table', 'goose_versions');
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain("adopted from goose's goose_versions: recorded 2 versions (1, 2)");
    const up = await godwit('up', '--json');
    expect(up.code).toBe(0);
    expect(parseJson(up.stdout).results.map((r: { version: number }) => r.version)).toEqual([3]);
    expect(await db.query('SELECT count(*)::int AS n FROM goose_versions')).toEqual([{ n: 3 }]);
  });

  it('golang-migrate: up --dry-run adopts nothing; up adopts and applies the rest', async () => {
    await project.write({ ...pairFiles(1), ...pairFiles(2) });
    await db.query('CREATE TABLE IF NOT EXISTS "public"."schema_migrations" (version bigint not null primary key, dirty boolean not null)');
    await db.query('INSERT INTO "public"."schema_migrations" (version, dirty) VALUES ($1, $2)', [1, false]);
    await db.query('CREATE TABLE t1 (id int)');

    const dry = await godwit('up', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(parseJson(dry.stdout).results.map((r: { version: number }) => r.version)).toEqual([2]);
    expect(await db.tableExists('godwit_migrations')).toBe(false);

    const up = await godwit('up');
    expect(up.code).toBe(0);
    expect(up.stderr).toContain("adopted 1 version(s) from golang-migrate's schema_migrations first");
    const records = await db.query<{ version: string; applied_by: string }>('SELECT version, applied_by FROM godwit_migrations ORDER BY version');
    expect(records.map((r) => [Number(r.version), r.applied_by])).toEqual([
      [1, 'adopted from golang-migrate'],
      [2, expect.not.stringContaining('adopted')],
    ]);
  });
});

describeMongo('godwit adopt on MongoDB', () => {
  const database = perTest(() => freshDatabase('godwit_cli_adopt'), (d) => d.drop());
  const project = perTest(() => tempDir('cli-mongo-adopt'), (p) => p.remove());
  const godwit = (...args: string[]) => runCli(['--database', database.url, '--dir', 'migrations', ...args], { cwd: project.dir });
  const json = (n: number) => ({
    [`migrations/00000${n}_c${n}.up.json`]: `[{ "create": "c${n}" }]\n`,
    [`migrations/00000${n}_c${n}.down.json`]: `[{ "drop": "c${n}" }]\n`,
  });

  it("golang-migrate's collection: adopt --dry-run writes nothing, up adopts and applies the rest", { timeout: 60_000 }, async () => {
    await project.write({ ...json(1), ...json(2) });
    await database.db.createCollection('c1');
    // golang-migrate's SetVersion: drop the collection, insert {version, dirty} (a Go int that fits is an Int32, as a JS one is)
    await database.db.collection('schema_migrations').insertOne({ version: 1, dirty: false });

    const dry = await godwit('adopt', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(parseJson(dry.stdout)).toMatchObject({ from: 'golang-migrate', dryRun: true, recorded: [1] });
    expect(await database.collections()).toEqual(['c1', 'schema_migrations']);

    const up = await godwit('up');
    expect(up.code).toBe(0);
    expect(await database.collections()).toContain('c2');
    const driver = createMongoDriver({ url: database.url });
    const records = await driver.store.applied().finally(() => driver.close());
    expect(records.map((r) => [r.version, r.appliedBy])).toEqual([
      [1, 'adopted from golang-migrate'],
      [2, expect.not.stringContaining('adopted')],
    ]);
    expect(await database.find('schema_migrations')).toEqual([{ version: 1, dirty: false }]);
  });
});
