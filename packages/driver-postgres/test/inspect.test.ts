/**
 * Schema snapshots on a real PostgreSQL: what inspect() sees, the round trip of `godwit test`
 * (a faulty down is caught with the exact difference), diff between two databases, and drift.
 */
import { createMigrator, diffSnapshots, formatChanges, roundTrip, type SchemaSnapshot } from '@godwit/core';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { expect, it } from 'vitest';
import { createPostgresDriver } from '../src/index.js';

const SCHEMA = `
CREATE SCHEMA audit;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, mood mood DEFAULT 'ok');
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE TABLE orders (
  id serial PRIMARY KEY,
  user_id bigint REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  total numeric(10,2) CHECK (total >= 0),
  doubled numeric GENERATED ALWAYS AS (total * 2) STORED
);
COMMENT ON COLUMN orders.total IS 'in euros';
CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;
CREATE TABLE audit.log (at timestamptz DEFAULT now());
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
`;

describePostgres('inspect() on PostgreSQL', () => {
  const db = perTest(() => createTestDatabase('inspect'), (d) => d.drop());
  const driver = perTest(async () => createPostgresDriver({ url: db.url }), (d) => d.close());
  const find = (s: SchemaSnapshot, type: string, name: string) => s.objects.find((o) => o.type === type && o.name === name)?.definition;

  it('a schema target sees its own schema only: a neighbour tenant\'s change is not its drift', async () => {
    await db.query('CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE TABLE tenant_a.t (id int); CREATE TABLE tenant_b.t (id int);');
    const tenant = createPostgresDriver({ url: db.url, schema: 'tenant_a' });
    try {
      const before = await tenant.inspect!();
      // extensions are the database's, shared by every tenant; everything else is tenant_a's own
      const own = before.objects.filter((o) => o.type !== 'extension').map((o) => `${o.type} ${o.name}`);
      expect(own.sort()).toEqual(['column tenant_a.t.id', 'schema tenant_a', 'table tenant_a.t']);
      await db.query('CREATE TABLE tenant_b.extra (id int); CREATE TABLE public.shared (id int)');
      expect(diffSnapshots(before, await tenant.inspect!())).toEqual([]);
      await db.query('ALTER TABLE tenant_a.t ADD COLUMN note text');
      expect(diffSnapshots(before, await tenant.inspect!()).map((c) => c.name)).toEqual(['tenant_a.t.note']);
    } finally {
      await tenant.close();
    }
  });

  it('reads every kind of object as one comparable line, and leaves the store out', async () => {
    await db.query(SCHEMA);
    await driver.store.ensure();
    const s = await driver.inspect!();
    expect(find(s, 'column', 'users.id')).toBe('bigint NOT NULL GENERATED ALWAYS AS IDENTITY');
    expect(find(s, 'column', 'users.mood')).toBe("mood DEFAULT 'ok'::mood");
    expect(find(s, 'column', 'orders.doubled')).toBe('numeric GENERATED ALWAYS AS ((total * (2)::numeric)) STORED');
    expect(find(s, 'column', 'audit.log.at')).toBe('timestamp with time zone DEFAULT now()');
    expect(find(s, 'constraint', 'orders.orders_user_id_fkey')).toBe('FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED');
    expect(find(s, 'index', 'users_email')).toBe('UNIQUE ON users USING btree (lower(email))');
    expect(find(s, 'enum', 'mood')).toBe("('sad', 'ok', 'happy')");
    expect(find(s, 'sequence', 'orders_id_seq')).toMatch(/^integer START 1 INCREMENT 1/);
    expect(find(s, 'view', 'big_orders')).toContain('WHERE (orders.total > (100)::numeric)');
    expect(find(s, 'function', 'touch()')).toMatch(/^RETURNS trigger LANGUAGE plpgsql VOLATILE body md5:[0-9a-f]{32}$/);
    expect(find(s, 'trigger', 'orders.orders_touch')).toBe('BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION touch()');
    expect(find(s, 'comment', 'orders.total')).toBe('in euros');
    expect(find(s, 'schema', 'audit')).toBe('');
    expect(find(s, 'extension', 'plpgsql')).toMatch(/^1\.0 in schema pg_catalog$/);
    // no identity sequence (the column says it), nothing of the store
    expect(s.objects.filter((o) => o.name.startsWith('godwit_migrations') || o.name === 'users_id_seq')).toEqual([]);
  });

  it('diff finds an added index and a changed column type between two databases', async () => {
    const other = await createTestDatabase('inspect_b');
    const b = createPostgresDriver({ url: other.url });
    try {
      await db.query('CREATE TABLE t (id int, note text)');
      await other.query('CREATE TABLE t (id bigint, note text); CREATE INDEX t_note ON t (note)');
      expect(formatChanges(diffSnapshots(await driver.inspect!(), await b.inspect!()))).toBe(
        '~ column t.id: integer -> bigint\n+ index t_note ON t USING btree (note)\n',
      );
    } finally {
      await b.close();
      await other.drop();
    }
  });

  it('drift: the snapshot recorded after up, then a hand-made index and a dropped column', async () => {
    const folder = await tempDir('pg-drift', {
      '00001_t.sql': '-- +goose Up\nCREATE TABLE t (id int, note text);\n-- +goose Down\nDROP TABLE t;\n',
    });
    const m = createMigrator({ driver, dir: folder.dir, schemaSnapshots: true });
    try {
      expect((await m.up()).ok).toBe(true);
      expect((await m.drift()).changes).toEqual([]);
      await db.query('CREATE INDEX by_hand ON t (id); ALTER TABLE t DROP COLUMN note');
      const drift = await m.drift();
      expect(drift.recorded.version).toBe(1);
      expect(formatChanges(drift.changes)).toBe('- column t.note text\n+ index by_hand ON t USING btree (id)\n');
    } finally {
      await folder.remove();
    }
  });

  it('test: a faulty down is caught on a scratch database with the exact difference, and the scratch is dropped', async () => {
    const folder = await tempDir('pg-roundtrip', {
      '00001_t.sql': '-- +goose Up\nCREATE TABLE t (id int);\n-- +goose Down\nDROP TABLE t;\n',
      '00002_note.sql': '-- +goose Up\nALTER TABLE t ADD COLUMN note text;\nCREATE INDEX t_note ON t (note);\n-- +goose Down\nDROP INDEX t_note;\n',
      '00003_never.sql': '-- +goose Up\nCREATE TABLE never (id int);\n-- +goose Down\nDROP TABLE never;\n',
    });
    const scratch = await driver.scratch!({});
    const scratchName = new URL(scratch.target).pathname.slice(1);
    try {
      const m = createMigrator({ driver: scratch.driver, dir: folder.dir });
      const report = await roundTrip(m, scratch.driver);
      expect(report.ok).toBe(false);
      expect(report.steps.map((s) => [s.version, s.status, s.stage])).toEqual([
        [1, 'ok', undefined],
        [2, 'failed', 'restore'],
      ]);
      expect(report.steps[1]!.downFile).toMatch(/00002_note\.sql$/);
      expect(formatChanges(report.steps[1]!.changes!)).toBe('+ column t.note text\n');
    } finally {
      await scratch.drop();
      await folder.remove();
    }
    expect(scratchName).toMatch(/^godwit_test_/);
    expect(await db.query('SELECT 1 FROM pg_database WHERE datname = $1', [scratchName])).toEqual([]);
  });
});
