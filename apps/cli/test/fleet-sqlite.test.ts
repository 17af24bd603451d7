/**
 * `godwit fleet` on SQLite tenant files listed by a targets file (the built binary, real files):
 * 200 tenants, status by version, shards that cover the fleet exactly once, a canary wave that
 * stops the rollout, a failing target that leaves the others migrated, a config fleet, bad input.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite, querySqlite } from '@godwit/test-kit/sqlite';
import { parseJson, projectPerTest } from './helpers.js';

const table = (name: string) => `-- +goose Up\nCREATE TABLE ${name} (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE ${name};\n`;
const project = projectPerTest(async (p) => {
  await p.write('migrations/tenant/00001_accounts.sql', table('accounts'));
  await p.write('migrations/tenant/00002_invoices.sql', table('invoices'));
});

const tenants = (n: number) => Array.from({ length: n }, (_, i) => `sqlite:./tenants/t${String(i + 1).padStart(3, '0')}.db`);
const writeTargets = (urls: readonly string[], file = 'tenants.txt') => project.write(file, `# tenants, one per line\n${urls.join('\n')}\n`);
const fleet = (command: string, ...args: string[]) => project.raw(['fleet', command, '--dir', 'migrations/tenant', '--targets', 'tenants.txt', ...args]);
const versions = (url: string) => {
  const file = join(project.dir, url.slice('sqlite:'.length));
  return existsSync(file) ? querySqlite<{ version: number }>(file, 'SELECT version FROM godwit_migrations ORDER BY version').map((r) => Number(r.version)) : [];
};
/** A tenant whose first migration cannot run: its file already has the table. */
const breakTenant = async (url: string) => {
  await project.write('tenants/.keep', '');
  const db = openSqlite(join(project.dir, url.slice('sqlite:'.length)), { write: true });
  db.exec('CREATE TABLE accounts (x INTEGER)');
  db.close();
};
interface FleetJson {
  ok: boolean;
  total: number;
  counts: Record<string, number>;
  versions?: Record<string, number>;
  targets: Array<{ id: string; result: string; before?: number; after?: number; error?: { message: string } }>;
}

describe('godwit fleet on SQLite tenants', () => {
  it('migrates 200 tenant files from a targets file, then status counts them by version', { timeout: 120_000 }, async () => {
    const urls = tenants(200);
    await project.write('tenants/.keep', '');
    await writeTargets(urls);
    const up = await fleet('up', '--concurrency', '8', '--json');
    expect(up.stderr).not.toContain('error');
    expect(up.code).toBe(0);
    const report = parseJson(up.stdout) as FleetJson;
    expect(report.counts).toEqual({ migrated: 200 });
    expect(report.targets[0]).toMatchObject({ id: urls[0], result: 'migrated', before: 0, after: 2 });
    for (const url of urls) expect(versions(url)).toEqual([1, 2]);

    const status = await fleet('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^VERSION\s+TARGETS\n2\s+200\n/);
    expect(status.stdout).toMatch(/current\s+200\n/);
    const again = parseJson((await fleet('up', '--json')).stdout) as FleetJson;
    expect(again.counts).toEqual({ 'up-to-date': 200 });
  });

  it('shards 0/4..3/4 together cover every target exactly once; JOB_COMPLETION_INDEX does the same', { timeout: 60_000 }, async () => {
    const urls = tenants(40);
    await project.write('tenants/.keep', '');
    await writeTargets(urls);
    const seen: string[] = [];
    for (const i of [0, 1, 2, 3]) {
      const r = await fleet('status', '--shard', `${i}/4`, '--json');
      expect(r.code).toBe(0);
      seen.push(...(parseJson(r.stdout) as FleetJson).targets.map((t) => t.id));
    }
    expect(seen.sort()).toEqual([...urls].sort());

    const pods = await Promise.all([0, 1, 2, 3].map((i) => project.raw(['fleet', 'up', '--dir', 'migrations/tenant', '--targets', 'tenants.txt', '--shard-count', '4', '--json'], { JOB_COMPLETION_INDEX: String(i) })));
    const migrated = pods.flatMap((p) => (parseJson(p.stdout) as FleetJson).targets.map((t) => t.id));
    expect(migrated.sort()).toEqual([...urls].sort());
    for (const url of urls) expect(versions(url)).toEqual([1, 2]);
  });

  it('a failing target among 50 leaves the other 49 migrated, and is reported with its redacted URL', { timeout: 60_000 }, async () => {
    const urls = tenants(49);
    await project.write('tenants/.keep', '');
    await breakTenant(urls[10]!);
    // an unreachable PostgreSQL tenant: its password must never be printed
    await writeTargets([...urls.slice(0, 20), 'pg-tenant postgres://app:hunter2@127.0.0.1:1/tenant?connect_timeout=2', ...urls.slice(20)]);
    const r = await fleet('up', '--concurrency', '4');
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toContain('hunter2');
    expect(r.stdout).toMatch(/migrated\s+48\n/);
    expect(r.stdout).toMatch(/failed\s+1\n/);
    expect(r.stdout).toMatch(/unreachable\s+1\n/);
    expect(r.stderr).toContain(`godwit: error: [${urls[10]}] migrations/tenant/00001_accounts.sql:2:1: table accounts already exists`);
    expect(r.stderr).toContain('godwit: error: [pg-tenant postgres://app:****@127.0.0.1:1/tenant?connect_timeout=2]');
    for (const [i, url] of urls.entries()) expect(versions(url)).toEqual(i === 10 ? [] : [1, 2]);
  });

  it('--fail-fast starts no target after the first failure', async () => {
    const urls = tenants(6);
    await project.write('tenants/.keep', '');
    await breakTenant(urls[1]!);
    await writeTargets(urls);
    const r = await fleet('up', '--concurrency', '1', '--fail-fast', '--json');
    expect(r.code).toBe(1);
    expect((parseJson(r.stdout) as FleetJson).targets.map((t) => t.result)).toEqual(['migrated', 'failed', 'skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('--waves stops after the wave with a failing target', async () => {
    const urls = tenants(10);
    await project.write('tenants/.keep', '');
    await breakTenant(urls[2]!);
    await writeTargets(urls);
    const r = await fleet('up', '--waves', '1,30%,100%', '--json');
    expect(r.code).toBe(1);
    const report = parseJson(r.stdout) as FleetJson & { waves: unknown };
    // wave 1: target 1; wave 2: targets 2-3 (30% of 10), one failing; wave 3 never starts
    expect(report.waves).toEqual([{ size: 1, failed: 0 }, { size: 2, failed: 1 }]);
    expect(report.targets.map((t) => t.result)).toEqual(['migrated', 'migrated', 'failed', ...Array(7).fill('skipped')]);
    expect(versions(urls[3]!)).toEqual([]);
  });

  it('--metrics-file writes the fleet\'s targets by result and their durations', async () => {
    const urls = tenants(3);
    await project.write('tenants/.keep', '');
    await writeTargets(urls);
    const r = await fleet('up', '--metrics-file', 'fleet.prom');
    expect(r.code).toBe(0);
    const text = await readFile(join(project.dir, 'fleet.prom'), 'utf8');
    expect(text).toContain('godwit_fleet_targets{fleet="tenants.txt",result="migrated"} 3\n');
    expect(text).toContain('godwit_fleet_target_duration_seconds_count{fleet="tenants.txt"} 3\n');
  });

  it('--dry-run changes nothing', async () => {
    const urls = tenants(3);
    await project.write('tenants/.keep', '');
    await writeTargets(urls);
    const r = await fleet('up', '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect((parseJson(r.stdout) as FleetJson).counts).toEqual({ planned: 3 });
    for (const url of urls) expect(versions(url)).toEqual([]);
  });

  it('runs a fleet of the config file (fleets.<name>) with ${VAR} in its targets', async () => {
    await project.write('tenants/.keep', '');
    await project.write(
      'godwit.config.json',
      JSON.stringify({ fleets: { tenants: { dir: 'migrations/tenant', targets: ['sqlite:./tenants/a.db', 'sqlite:./tenants/${TENANT_B}.db'], concurrency: 2 } } }),
    );
    const r = await project.raw(['fleet', 'up', '--fleet', 'tenants'], { TENANT_B: 'b' });
    expect(r.code).toBe(0);
    expect(versions('sqlite:./tenants/b.db')).toEqual([1, 2]);
    const missing = await project.raw(['fleet', 'up', '--fleet', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('godwit: error: no fleet "nope" in godwit.config.json');
    expect(missing.stderr).toContain('godwit: hint: the fleets are: tenants');
  });

  it('bad input is exit 2 with one line naming the file and line, before any target runs', async () => {
    await project.write('tenants.txt', 'sqlite:./a.db\npostgres://app:${TENANT_PW}@db/b\n');
    const unset = await fleet('up');
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('godwit: error: tenants.txt:2: environment variable TENANT_PW is not set');
    expect(existsSync(join(project.dir, 'a.db'))).toBe(false);

    const shard = await fleet('up', '--shard', '4/4');
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain('--shard 4/4: the index must be below the count (0 to 3)');
    const waves = await fleet('up', '--waves', '1,ten');
    expect(waves.code).toBe(2);
    const none = await project.raw(['fleet', 'up', '--dir', 'migrations/tenant']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('godwit: error: a fleet needs its targets');
  });
});
