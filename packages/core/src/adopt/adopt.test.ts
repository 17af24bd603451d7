/** migrator.adopt and the automatic adoption of up and status, on the in-memory driver. */
import { describe, expect, it } from 'vitest';
import type { GodwitEvent } from '../events.js';
import type { InlineMigration } from '../migrator-contract.js';
import { createMigrator } from '../migrator.js';
import { createMemoryDatabase, createMemoryDriver, type MemoryDatabase } from '../testing/memory-driver.js';
import type { PeerTable } from './contract.js';

const table = (n: number): InlineMigration => ({ version: n, name: `t${n}`, up: `CREATE TABLE t${n} (id INTEGER)`, down: `DROP TABLE t${n}` });
const migrations = [1, 2, 3, 4].map(table);

function gooseAt(...versions: number[]): PeerTable {
  return {
    kind: 'goose',
    table: 'goose_db_version',
    rows: [0, ...versions].map((versionId, i) => ({ id: i + 1, versionId, isApplied: true })),
  };
}

/** A database goose migrated to `versions` (the tables exist), with godwit's store absent. */
function migratedBy(peer: PeerTable): MemoryDatabase {
  const database = createMemoryDatabase();
  database.peers.push(peer);
  for (const v of [1, 2, 3, 4]) if (peer.kind === 'goose' && peer.rows.some((r) => r.versionId === v)) database.objects.add(`t${v}`);
  return database;
}

function setup(database: MemoryDatabase) {
  const events: GodwitEvent[] = [];
  const migrator = createMigrator({ driver: createMemoryDriver({ database }), migrations, appliedBy: 'dev@box', onEvent: (e) => events.push(e) });
  return { migrator, events, adopted: () => events.filter((e) => e.event === 'adopted') };
}

describe('migrator.adopt', () => {
  it('records what goose applied, as adopted, with history rows; the peer table is untouched', async () => {
    const database = migratedBy(gooseAt(1, 2));
    const before = structuredClone(database.peers);
    const { migrator } = setup(database);
    const result = await migrator.adopt();
    expect(result).toMatchObject({ from: 'goose', table: 'goose_db_version', dryRun: false, peerVersion: 2, recorded: [1, 2], missing: [], removed: [] });
    expect([...database.records.values()].map((r) => [r.version, r.appliedBy, r.dirty])).toEqual([
      [1, 'adopted from goose', false],
      [2, 'adopted from goose', false],
    ]);
    expect(database.history.map((h) => [h.version, h.direction, h.note])).toEqual([
      [1, 'baseline', 'adopted from goose (goose_db_version) by dev@box'],
      [2, 'baseline', 'adopted from goose (goose_db_version) by dev@box'],
    ]);
    expect(database.peers).toEqual(before);
    expect(database.lockOwner).toBeUndefined();

    const up = await migrator.up();
    expect(up.results.map((r) => r.version)).toEqual([3, 4]);
  });

  it('--dry-run says what it would record and writes nothing', async () => {
    const database = migratedBy(gooseAt(1, 2, 3));
    const { migrator } = setup(database);
    const result = await migrator.adopt({ dryRun: true });
    expect(result).toMatchObject({ dryRun: true, recorded: [1, 2, 3] });
    expect(database.records.size).toBe(0);
    expect(database.history).toEqual([]);
    expect(database.storeExists).toBe(false);
  });

  it('adopting again refreshes an earlier adoption; after a godwit run it refuses', async () => {
    const database = migratedBy(gooseAt(1));
    const { migrator } = setup(database);
    await migrator.adopt();
    // The team went back to goose for one more migration.
    database.peers[0] = gooseAt(1, 2);
    expect(await migrator.adopt()).toMatchObject({ recorded: [2], removed: [] });
    await migrator.up();
    const e = await migrator.adopt().catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'USAGE', message: expect.stringContaining('already records its own runs') });
  });

  it('says so when there is no peer table, or two', async () => {
    const { migrator } = setup(createMemoryDatabase());
    await expect(migrator.adopt()).rejects.toMatchObject({
      code: 'USAGE',
      message: "no goose's goose_db_version or golang-migrate's schema_migrations on memory:: nothing to adopt",
    });
    await expect(migrator.adopt({ from: 'goose', fromTable: 'versions' })).rejects.toMatchObject({ message: expect.stringContaining('no goose version table versions') });
    await expect(migrator.adopt({ fromTable: 'versions' })).rejects.toMatchObject({ message: expect.stringContaining('--from-table needs --from') });

    const both = migratedBy(gooseAt(1));
    both.peers.push({ kind: 'golang-migrate', table: 'schema_migrations', rows: [{ version: 1, dirty: false }] });
    await expect(setup(both).migrator.adopt()).rejects.toMatchObject({ message: expect.stringContaining('which one holds the truth') });
    expect(await setup(both).migrator.adopt({ from: 'golang-migrate' })).toMatchObject({ from: 'golang-migrate', recorded: [1] });
  });

  it('a custom goose table name (--from-table)', async () => {
    const database = migratedBy({ ...gooseAt(1, 2), table: 'ops_versions' });
    expect(await setup(database).migrator.adopt({ from: 'goose', fromTable: 'ops_versions' })).toMatchObject({ table: 'ops_versions', recorded: [1, 2] });
  });
});

describe('automatic adoption', () => {
  it('the first up adopts (one notice), then applies only the rest', async () => {
    const database = migratedBy(gooseAt(1, 2));
    const { migrator, adopted } = setup(database);
    const result = await migrator.up();
    expect(result.ok).toBe(true);
    expect(result.results.map((r) => r.version)).toEqual([3, 4]);
    expect(adopted()).toEqual([{ event: 'adopted', from: 'goose', table: 'goose_db_version', versions: 2, missing: [], recorded: true, auto: true }]);
    // Only once: the store exists now.
    await migrator.up();
    expect(adopted()).toHaveLength(1);
  });

  it('a dry-run up plans against what adoption would record and writes nothing', async () => {
    const database = migratedBy(gooseAt(1, 2));
    const { migrator, adopted } = setup(database);
    const result = await migrator.up({ dryRun: true });
    expect(result.results.map((r) => [r.version, r.status])).toEqual([
      [3, 'planned'],
      [4, 'planned'],
    ]);
    expect(adopted()[0]).toMatchObject({ recorded: false, auto: true });
    expect(database.records.size).toBe(0);
    expect(database.storeExists).toBe(false);
  });

  it('a dirty golang-migrate table fails the up before anything runs', async () => {
    const database = createMemoryDatabase();
    database.peers.push({ kind: 'golang-migrate', table: 'schema_migrations', rows: [{ version: 2, dirty: true }] });
    const result = await setup(database).migrator.up();
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: 'DIRTY', message: expect.stringContaining("golang-migrate's schema_migrations is dirty at version 2") });
    expect(database.records.size).toBe(0);
    expect(database.executed).toEqual([]);
  });

  it('never after a reset: an emptied store is not an absent one', async () => {
    const database = migratedBy(gooseAt(1));
    const { migrator } = setup(database);
    await migrator.up();
    await migrator.reset();
    const { adopted, migrator: again } = setup(database);
    const result = await again.up();
    expect(adopted()).toEqual([]);
    expect(result.results.map((r) => r.version)).toEqual([1, 2, 3, 4]);
  });

  it('status shows what adoption would record, writing nothing', async () => {
    const database = migratedBy(gooseAt(1, 2, 7));
    const status = await setup(database).migrator.status();
    expect(status.adoption).toEqual({ from: 'goose', table: 'goose_db_version', versions: [1, 2, 7], missing: [7] });
    expect(status.migrations.map((m) => [m.version, m.state])).toEqual([
      [1, 'applied'],
      [2, 'applied'],
      [3, 'pending'],
      [4, 'pending'],
      [7, 'missing'],
    ]);
    expect(status.migrations.every((m) => m.appliedAt === undefined)).toBe(true);
    expect(database.storeExists).toBe(false);
  });
});
