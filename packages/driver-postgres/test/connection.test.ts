import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { GodwitError } from '@godwit/core';
import { admin, describePostgres, PG_BASE } from '@godwit/test-kit/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDriver } from '../src/index.js';
import { perTestProject } from './support/project.js';

const SECRET = 'Sup3r$ecret-Pw';

function allText(e: GodwitError): string {
  return [e.message, e.hint, String(e), JSON.stringify(e.toJSON())].join('\n');
}

async function failure(url: string, options: { connectTimeoutMs?: number } = {}): Promise<GodwitError> {
  const driver = createPostgresDriver({ url, ...options });
  try {
    await driver.store.applied();
    throw new Error('expected the connection to fail');
  } catch (e) {
    return e as GodwitError;
  } finally {
    await driver.close();
  }
}

describePostgres('connections', () => {
  const base = new URL(PG_BASE);

  it('an unreachable server: CONNECTION_FAILED with the address, the URL redacted', async () => {
    const e = await failure(`postgres://app:${SECRET}@127.0.0.1:1/appdb`);
    expect(e.code).toBe('CONNECTION_FAILED');
    expect(e.message).toMatch(/^cannot reach PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(e.message).toContain('postgres://app:****@127.0.0.1:1/appdb');
    expect(e.hint).toMatch(/server is running/);
    expect(allText(e)).not.toContain(SECRET);
  });

  describe_connectTimeout();

  it('a missing database: CONNECTION_FAILED with a createdb hint', async () => {
    const missing = new URL(PG_BASE);
    missing.pathname = '/godwit_no_such_db';
    missing.password = SECRET;
    const e = await failure(missing.toString());
    expect(e.code).toBe('CONNECTION_FAILED');
    expect(e.message).toMatch(/database "godwit_no_such_db" does not exist/);
    expect(e.hint).toBe(`create it first: createdb -h ${base.hostname} -p ${base.port || '5432'} -U ${base.username} godwit_no_such_db`);
    expect(allText(e)).not.toContain(SECRET);
  });

  it('a refused login: CONNECTION_FAILED, and the password never shows', async () => {
    // Trust authentication accepts any password, so provoke the refusal with a role that may not log in.
    const role = `godwit_nologin_${randomBytes(3).toString('hex')}`;
    await admin((c) => c.query(`CREATE ROLE ${role} NOLOGIN PASSWORD '${SECRET}'`));
    try {
      const url = new URL(PG_BASE);
      url.username = role;
      url.password = SECRET;
      const e = await failure(url.toString());
      expect(e.code).toBe('CONNECTION_FAILED');
      expect(e.message).toMatch(/login to .* refused: role "godwit_nologin_\w+" is not permitted to log in/);
      expect(e.hint).toMatch(/user name and password/);
      expect(allText(e)).not.toContain(SECRET);
      expect(allText(e)).not.toContain(encodeURIComponent(SECRET));
    } finally {
      await admin((c) => c.query(`DROP ROLE ${role}`));
    }
  });

  it('redacts the password in the driver target', () => {
    const driver = createPostgresDriver({ url: `postgres://app:${SECRET}@db.example/x?sslmode=require` });
    expect(driver.target).toBe('postgres://app:****@db.example/x?sslmode=require');
  });

  describe_urls();
});

function describe_connectTimeout(): void {
  describe('connect timeout', connectTimeoutTests);
}

function connectTimeoutTests(): void {
  let server: Server;
  let port = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts the TCP connection and then says nothing, like a firewall that swallows packets.
    server = createServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a server that never answers: CONNECTION_FAILED after the connect timeout', async () => {
    const started = Date.now();
    const e = await failure(`postgres://app:${SECRET}@127.0.0.1:${port}/x`, { connectTimeoutMs: 300 });
    // below the default 10 s: the given timeout was honoured (with room for a busy machine)
    expect(Date.now() - started).toBeLessThan(8000);
    expect(e.code).toBe('CONNECTION_FAILED');
    expect(e.message).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:\d+: no answer within 300 ms/);
    expect(allText(e)).not.toContain(SECRET);
  });
}

function describe_urls(): void {
  describe('URLs and the store', urlTests);
}

function urlTests(): void {
  const { db, project } = perTestProject('url', { '000001_one.sql': '-- +goose Up\nCREATE TABLE one (id int);\n-- +goose Down\nDROP TABLE one;\n' }, (d) => d.query('CREATE SCHEMA app; CREATE SCHEMA app2'));

  it('honours ?search_path= for both the store and the migrations', async () => {
    const m = project.migrator({ url: `${db.url}?sslmode=disable&search_path=app` });
    expect((await m.up()).error).toBeUndefined();
    expect(await db.tableExists('app.godwit_migrations')).toBe(true);
    expect(await db.tableExists('app.one')).toBe(true);
    expect(await db.tableExists('public.godwit_migrations')).toBe(false);
  });

  it('honours ?options=-csearch_path=...', async () => {
    const m = project.migrator({ url: `${db.url}?options=-csearch_path%3Dapp2` });
    expect((await m.up()).error).toBeUndefined();
    expect(await db.tableExists('app2.godwit_migrations_history')).toBe(true);
    expect(await db.tableExists('app2.one')).toBe(true);
  });

  it('keeps the store in a schema-qualified table, creating the schema', async () => {
    const m = project.migrator({ table: 'ops.godwit_migrations' });
    expect((await m.up()).error).toBeUndefined();
    expect(await db.tableExists('ops.godwit_migrations')).toBe(true);
    expect(await db.tableExists('ops.godwit_migrations_history')).toBe(true);
    expect(await db.tableExists('public.godwit_migrations')).toBe(false);
    expect((await m.status()).current).toBe(1);
    // The default store knows nothing of it.
    expect((await project.migrator().status()).current).toBe(0);
  });

  it('reading the status of a fresh database creates nothing', async () => {
    const m = project.migrator({ table: 'ops.godwit_migrations' });
    expect((await m.status()).migrations.map((s) => s.state)).toEqual(['pending']);
    expect(await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'ops'")).toEqual([]);
  });

  it('the store tables have the documented columns', async () => {
    expect((await project.migrator().up()).error).toBeUndefined();
    const columns = async (table: string) =>
      (
        await db.query<{ c: string }>(
          "SELECT column_name || ' ' || data_type AS c FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
          [table],
        )
      ).map((r) => r.c);
    expect(await columns('godwit_migrations')).toEqual([
      'version bigint',
      'name text',
      'checksum text',
      'applied_at timestamp with time zone',
      'execution_ms integer',
      'applied_by text',
      'dirty boolean',
      'statements_done integer',
      'rows_done bigint',
    ]);
    expect(await columns('godwit_migrations_history')).toEqual([
      'id bigint',
      'version bigint',
      'name text',
      'direction text',
      'started_at timestamp with time zone',
      'finished_at timestamp with time zone',
      'execution_ms integer',
      'success boolean',
      'error text',
      'applied_by text',
      'tool_version text',
      'note text',
    ]);
    const [row] = await db.query('SELECT version, name, applied_by, dirty FROM godwit_migrations');
    expect(row).toEqual({ version: '1', name: 'one', applied_by: 'test@host', dirty: false });
  });

  it('a history table created before the note column is read as it is, and gains the column on the next run', async () => {
    await db.query(`CREATE TABLE godwit_migrations (version bigint PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), execution_ms integer NOT NULL DEFAULT 0, applied_by text NOT NULL,
      dirty boolean NOT NULL DEFAULT false)`);
    await db.query(`CREATE TABLE godwit_migrations_history (id bigserial PRIMARY KEY, version bigint NOT NULL, name text NOT NULL,
      direction text NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz, execution_ms integer, success boolean NOT NULL,
      error text, applied_by text NOT NULL, tool_version text NOT NULL)`);
    await db.query(`INSERT INTO godwit_migrations_history (version, name, direction, started_at, finished_at, execution_ms, success, applied_by, tool_version)
      VALUES (0, 'old', 'force', now(), now(), 0, true, 'old@host', 'godwit/0.0.1')`);
    const m = project.migrator();
    // A read does not alter the store.
    expect((await m.history()).map((h) => [h.version, h.note])).toEqual([[0, null]]);
    expect(await db.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'godwit_migrations_history' AND column_name = 'note'")).toEqual([]);
    expect((await m.up()).error).toBeUndefined();
    expect((await m.history()).map((h) => [h.version, h.direction, h.note])).toEqual([
      [1, 'up', null],
      [0, 'force', null],
    ]);
    expect(await db.query("SELECT 1 AS ok FROM information_schema.columns WHERE table_name = 'godwit_migrations_history' AND column_name = 'note'")).toEqual([{ ok: 1 }]);
    expect(await db.query("SELECT 1 AS ok FROM information_schema.columns WHERE table_name = 'godwit_migrations' AND column_name = 'statements_done'")).toEqual([{ ok: 1 }]);
  });

  it('a version table created before statements_done is read as it is, and gains the column on ensure', async () => {
    await db.query(`CREATE TABLE godwit_migrations (version bigint PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), execution_ms integer NOT NULL DEFAULT 0, applied_by text NOT NULL,
      dirty boolean NOT NULL DEFAULT false)`);
    await db.query(`CREATE TABLE godwit_migrations_history (id bigserial PRIMARY KEY, version bigint NOT NULL, name text NOT NULL,
      direction text NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz, execution_ms integer, success boolean NOT NULL,
      error text, applied_by text NOT NULL, tool_version text NOT NULL, note text)`);
    await db.query("INSERT INTO godwit_migrations VALUES (1, 'one', 'c1', now(), 5, 'old@host', true)");
    const hasColumn = () => db.query("SELECT 1 AS ok FROM information_schema.columns WHERE table_name = 'godwit_migrations' AND column_name = 'statements_done'");
    const driver = project.driver();
    const old = { version: 1, name: 'one', checksum: 'c1', appliedAt: expect.any(Date), executionMs: 5, appliedBy: 'old@host', dirty: true };
    // A read does not alter the store: a dirty record from before progress was kept has none.
    expect(await driver.store.applied()).toEqual([old]);
    expect(await hasColumn()).toEqual([]);
    await driver.store.ensure();
    expect(await hasColumn()).toEqual([{ ok: 1 }]);
    expect(await driver.store.applied()).toEqual([old]);
  });
}
