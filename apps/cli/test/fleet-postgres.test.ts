/**
 * `godwit fleet` on PostgreSQL (the built binary, a real server): 50 tenant schemas of one
 * database with `--schemas` (each ends with its own store and tables, none in public), a
 * targets query on a control table returning schema names and URLs, and rehearse and lint per
 * schema.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { expect, it } from 'vitest';

const MIGRATIONS = {
  'migrations/tenant/00001_accounts.sql': '-- +goose Up\nCREATE TABLE accounts (id int PRIMARY KEY, name text);\n-- +goose Down\nDROP TABLE accounts;\n',
  'migrations/tenant/00002_invoices.sql': '-- +goose Up\nCREATE TABLE invoices (id int PRIMARY KEY, account int REFERENCES accounts);\n-- +goose Down\nDROP TABLE invoices;\n',
};
const tenants = (n: number) => Array.from({ length: n }, (_, i) => `tenant_${String(i + 1).padStart(2, '0')}`);

describePostgres('godwit fleet on PostgreSQL', () => {
  const db = perTest(() => createTestDatabase('fleet'), (d) => d.drop());
  const project = perTest(() => tempDir('fleet-pg', MIGRATIONS), (p) => p.remove());
  const godwit = (...args: string[]) => runCli(['fleet', ...args, '--dir', 'migrations/tenant', '--database', db.url], { cwd: project.dir });
  /** schema -> its tables, for every schema but PostgreSQL's own */
  const tablesBySchema = async () => {
    const rows = await db.query<{ schema: string; name: string }>(
      "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
    );
    const map: Record<string, string[]> = {};
    for (const r of rows) map[r.schema] = [...(map[r.schema] ?? []), r.name];
    return map;
  };

  it('--schemas: each of 50 tenant schemas gets its own store and objects, none in public', { timeout: 120_000 }, async () => {
    const schemas = tenants(50);
    await db.query(`${schemas.map((s) => `CREATE SCHEMA ${s};`).join('')} CREATE SCHEMA other;`);
    const up = await godwit('up', '--schemas', 'tenant\\_%', '--concurrency', '8', '--json');
    expect(up.stderr).not.toContain('error');
    expect(up.code).toBe(0);
    const report = JSON.parse(up.stdout);
    expect(report.counts).toEqual({ migrated: 50 });
    expect(report.targets[0]).toMatchObject({ id: 'tenant_01', schema: 'tenant_01', result: 'migrated', after: 2 });

    const tables = await tablesBySchema();
    expect(tables.public).toBeUndefined();
    expect(tables.other).toBeUndefined();
    for (const s of schemas) {
      expect(tables[s]).toEqual(expect.arrayContaining(['accounts', 'godwit_migrations', 'godwit_migrations_history', 'invoices']));
    }
    const versions = await db.query<{ n: string }>('SELECT count(*) AS n FROM tenant_07.godwit_migrations');
    expect(Number(versions[0]!.n)).toBe(2);

    // one tenant behind: status shows it, up brings it level, touching only that schema
    await db.query("DROP TABLE tenant_03.invoices; DELETE FROM tenant_03.godwit_migrations WHERE version = 2");
    const status = await godwit('status', '--schemas', 'tenant\\_%');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^VERSION\s+TARGETS\n2\s+49\n1\s+1\n/);
    expect(status.stdout).toMatch(/pending\s+1\n/);
    const again = JSON.parse((await godwit('up', '--schemas', 'tenant\\_%', '--json')).stdout);
    expect(again.counts).toEqual({ 'up-to-date': 49, migrated: 1 });
  });

  it('--schemas drift, rehearse and lint: each schema on its own (its snapshot, its locks, its table sizes), nothing changed', { timeout: 60_000 }, async () => {
    const schemas = tenants(3);
    await db.query(schemas.map((s) => `CREATE SCHEMA ${s};`).join(''));
    expect((await godwit('up', '--schemas', 'tenant\\_%')).code).toBe(0);

    // a third migration: it would fail on tenant_03 only, where a column of that name was added by hand
    await project.write({
      'migrations/tenant/00003_paid.sql': '-- +goose Up\nALTER TABLE invoices ADD COLUMN paid boolean NOT NULL DEFAULT false;\n-- +goose Down\nALTER TABLE invoices DROP COLUMN paid;\n',
    });
    await db.query('ALTER TABLE tenant_03.invoices ADD COLUMN paid int');
    // drift per schema: each target's snapshot holds its own schema only, so tenant_03's hand-made
    // column is tenant_03's drift and no one else's
    const drift = await godwit('drift', '--schemas', 'tenant\\_%', '--json');
    expect(drift.code).toBe(1);
    const drifted = JSON.parse(drift.stdout).targets.map((t: { id: string; result: string }) => [t.id, t.result]);
    expect(drifted).toEqual([
      ['tenant_01', 'no-drift'],
      ['tenant_02', 'no-drift'],
      ['tenant_03', 'drifted'],
    ]);
    const columns = () => db.query("SELECT table_schema, column_name FROM information_schema.columns WHERE table_name = 'invoices' ORDER BY 1, 2");
    const versions = () => db.query('SELECT 1 AS s, version FROM tenant_01.godwit_migrations UNION ALL SELECT 2, version FROM tenant_02.godwit_migrations ORDER BY 1, 2');
    const [columnsBefore, versionsBefore] = [await columns(), await versions()];
    const rehearse = await godwit('rehearse', '--schemas', 'tenant\\_%', '--json');
    expect(rehearse.code).toBe(1);
    const report = JSON.parse(rehearse.stdout);
    expect(report.counts).toEqual({ rehearsed: 2, failed: 1 });
    expect(report.targets[0]).toMatchObject({ id: 'tenant_01', result: 'rehearsed', pending: 1, locks: ['ACCESS EXCLUSIVE on tenant_01.invoices'] });
    expect(rehearse.stderr).toMatch(/godwit: error: \[tenant_03 .*\] migrations\/tenant\/00003_paid.sql:2: .*column "paid" of relation "invoices" already exists/);
    expect(await columns()).toEqual(columnsBefore);
    expect(await versions()).toEqual(versionsBefore);

    // lint with each schema's own table sizes: an index build is an error on tenant_01's big
    // invoices table, a warning on the small ones (fewer than 10,000 rows)
    rmSync(join(project.dir, 'migrations/tenant/00003_paid.sql'));
    await project.write({ 'migrations/tenant/00003_by_account.sql': '-- +goose Up\nCREATE INDEX invoices_account ON invoices (account);\n-- +goose Down\nDROP INDEX invoices_account;\n' });
    await db.query('INSERT INTO tenant_01.accounts VALUES (1); INSERT INTO tenant_01.invoices SELECT g, 1 FROM generate_series(1, 20000) g; ANALYZE tenant_01.invoices; ANALYZE tenant_02.invoices; ANALYZE tenant_03.invoices');
    const lint = await godwit('lint', '--schemas', 'tenant\\_%', '--json');
    expect(lint.code).toBe(1);
    const linted = JSON.parse(lint.stdout).targets.map((t: { id: string; result: string; errors: number; warnings: number }) => [t.id, t.result, t.errors, t.warnings]);
    expect(linted).toEqual([
      ['tenant_01', 'findings', 1, 0],
      ['tenant_02', 'findings', 0, 1],
      ['tenant_03', 'findings', 0, 1],
    ]);
    expect(lint.stderr).toMatch(/godwit: error: \[tenant_01 .*\] migrations\/tenant\/00003_by_account.sql:2:1: require-concurrent-index-creation: invoices: ~20k rows/);
  });

  it('--targets-query: a control table lists schema names and URLs', { timeout: 60_000 }, async () => {
    await db.query(
      `CREATE SCHEMA control; CREATE TABLE control.tenants (name text, active boolean);
       CREATE SCHEMA acme; CREATE SCHEMA globex; CREATE SCHEMA initech;
       INSERT INTO control.tenants VALUES ('acme', true), ('globex', true), ('initech', false)`,
    );
    await project.write({ 'sqlite-tenant/.keep': '' });
    const sql = "SELECT name FROM control.tenants WHERE active UNION ALL SELECT 'sqlite:./sqlite-tenant/one.db' ORDER BY 1";
    const r = await godwit('up', '--targets-query', sql, '--json');
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).targets.map((t: { id: string; result: string }) => [t.id, t.result])).toEqual([
      ['acme', 'migrated'],
      ['globex', 'migrated'],
      ['sqlite:./sqlite-tenant/one.db', 'migrated'],
    ]);
    const tables = await tablesBySchema();
    expect(tables.initech).toBeUndefined();
    expect(tables.acme).toContain('accounts');

    const bad = await godwit('up', '--targets-query', 'SELECT nme FROM control.tenants');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/godwit: error: the targets query failed: column "nme" does not exist/);
  });
});
