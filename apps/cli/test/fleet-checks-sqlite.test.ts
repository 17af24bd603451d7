/**
 * `godwit fleet drift|rehearse|lint` on SQLite tenant files (the built binary, real files): each
 * names exactly the tenants that differ, and drift and rehearse leave every tenant as it was.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite, querySqlite } from '@godwit/test-kit/sqlite';
import { parseJson, projectPerTest } from './helpers.js';

const ACCOUNTS = '-- +goose Up\nCREATE TABLE accounts (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE accounts;\n';
const INVOICES = '-- +goose Up\nCREATE TABLE invoices (id INTEGER PRIMARY KEY, amount INTEGER);\n-- +goose Down\nDROP TABLE invoices;\n';
const project = projectPerTest(async (p) => {
  await p.write('migrations/tenant/00001_accounts.sql', ACCOUNTS);
  await p.write('tenants/.keep', '');
  await p.write('tenants.txt', `${IDS.map((id) => `${id} sqlite:./tenants/${id}.db`).join('\n')}\n`);
});
const IDS = ['t1', 't2', 't3', 't4', 't5'];
const file = (id: string) => join(project.dir, 'tenants', `${id}.db`);
const fleet = (command: string, ...args: string[]) => project.raw(['fleet', command, '--dir', 'migrations/tenant', '--targets', 'tenants.txt', ...args]);
const exec = (id: string, sql: string) => {
  const db = openSqlite(file(id), { write: true });
  db.exec(sql);
  db.close();
};
/** Everything a run could change in a tenant: its schema and its store rows. */
const picture = (id: string) => ({
  schema: querySqlite(file(id), "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'godwit_%' ORDER BY name"),
  versions: querySqlite(file(id), 'SELECT * FROM godwit_migrations ORDER BY version'),
  history: querySqlite<{ n: number }>(file(id), 'SELECT count(*) AS n FROM godwit_migrations_history')[0]!.n,
});
interface FleetJson {
  ok: boolean;
  counts: Record<string, number>;
  targets: Array<{ id: string; result: string; changes?: number; findings?: number; errors?: number; error?: { message: string } }>;
}
const results = (stdout: string) => Object.fromEntries((parseJson(stdout) as FleetJson).targets.map((t) => [t.id, t.result]));

describe('godwit fleet drift|rehearse|lint on SQLite tenants', () => {
  it('drift: a hand-made index in one of 5 tenants reports exactly that tenant; one never migrated has no snapshot', async () => {
    expect((await fleet('up')).code).toBe(0);
    const clean = await fleet('drift');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/no-drift\s+5\n/);

    exec('t3', 'CREATE INDEX by_hand ON accounts (id)');
    const r = await fleet('drift', '--json');
    expect(r.code).toBe(1);
    const report = parseJson(r.stdout) as FleetJson;
    expect(report.counts).toEqual({ 'no-drift': 4, drifted: 1 });
    expect(report.targets.find((t) => t.id === 't3')).toMatchObject({ result: 'drifted', changes: 1 });
    expect(r.stderr).toContain('godwit: error: [t3 sqlite:./tenants/t3.db] the schema drifted: 1 change made outside migrations: + index accounts.by_hand');
    // the same on worker threads (a fleet this small runs in-process by default): the error crosses intact
    const threaded = await fleet('drift', '--threads', '2', '--json', '-v');
    expect(threaded.stderr).toContain('SQLite targets run on 2 worker threads');
    expect(results(threaded.stdout)).toEqual(results(r.stdout));
    expect(threaded.stderr).toContain('godwit: error: [t3 sqlite:./tenants/t3.db] the schema drifted: 1 change made outside migrations: + index accounts.by_hand');
    expect(threaded.stderr).toContain('godwit: hint: godwit drift on this target lists them');

    await project.write('tenants.txt', `${IDS.map((id) => `${id} sqlite:./tenants/${id}.db`).join('\n')}\nfresh sqlite:./tenants/fresh.db\n`);
    const fresh = await fleet('drift');
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toMatch(/no-snapshot\s+1\n/);
    expect(fresh.stderr).toMatch(/godwit: error: \[fresh sqlite:\.\/tenants\/fresh\.db\] no schema snapshot is recorded in .*fresh\.db/);
  });

  it('rehearse: runs each tenant\'s pending migrations and rolls back, failing only where they would fail; no tenant changes', async () => {
    expect((await fleet('up')).code).toBe(0);
    await project.write('migrations/tenant/00002_invoices.sql', INVOICES);
    // t5 is already at 2 (nothing to rehearse); t4 has an invoices table made by hand (the step would fail there)
    expect((await project.raw(['up', '--dir', 'migrations/tenant', '--database', 'sqlite:./tenants/t5.db'])).code).toBe(0);
    exec('t4', 'CREATE TABLE invoices (x INTEGER)');
    const before = Object.fromEntries(IDS.map((id) => [id, picture(id)]));

    const r = await fleet('rehearse', '--json');
    expect(r.code).toBe(1);
    expect(results(r.stdout)).toEqual({ t1: 'rehearsed', t2: 'rehearsed', t3: 'rehearsed', t4: 'failed', t5: 'nothing-pending' });
    expect(r.stderr).toContain('godwit: error: [t4 sqlite:./tenants/t4.db] migrations/tenant/00002_invoices.sql:2: table invoices already exists');
    for (const id of IDS) expect(picture(id), id).toEqual(before[id]);
    // on worker threads: the same results, and still nothing changed
    const threaded = await fleet('rehearse', '--threads', '3', '--json');
    expect(results(threaded.stdout)).toEqual(results(r.stdout));
    for (const id of IDS) expect(picture(id), id).toEqual(before[id]);
  });

  it('lint: each tenant\'s own pending migrations; the report counts findings per tenant and per rule', async () => {
    expect((await fleet('up')).code).toBe(0);
    await project.write('migrations/tenant/00002_name.sql', '-- +goose Up\nALTER TABLE accounts ADD COLUMN name TEXT NOT NULL;\n-- +goose Down\nSELECT 1;\n');
    // t1 has 2 recorded already: nothing of it is pending, so nothing to lint there
    expect((await project.raw(['force', '2', '--dir', 'migrations/tenant', '--database', 'sqlite:./tenants/t1.db'])).code).toBe(0);

    const r = await fleet('lint', '--json');
    expect(r.code).toBe(1);
    const report = parseJson(r.stdout) as FleetJson;
    expect(report.counts).toEqual({ clean: 1, findings: 4 });
    expect(report.targets.find((t) => t.id === 't1')).toMatchObject({ result: 'clean', findings: 0 });
    expect(report.targets.find((t) => t.id === 't2')).toMatchObject({ result: 'findings', findings: 1, errors: 1 });
    const text = await fleet('lint');
    expect(text.stdout).toMatch(/RULE\s+TARGETS\s+FINDINGS\nsqlite-adding-not-nullable-field\s+4\s+4\n/);
    expect(text.stderr).toContain('godwit: error: [t2 sqlite:./tenants/t2.db] migrations/tenant/00002_name.sql:2:1: sqlite-adding-not-nullable-field:');
  });
});
