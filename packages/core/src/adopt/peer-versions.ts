/**
 * Which versions a peer applied, read from its rows the way the peer itself reads them. Pure.
 *
 * goose keeps one row per up or down (newer goose deletes the row on down instead): a version is
 * applied when its latest row (highest `id`) says `is_applied`; version 0 is goose's own marker.
 * golang-migrate keeps one row, its current version: every file at or below it counts as applied,
 * and a dirty row means a migration stopped part-way, which nobody can adopt until it is resolved.
 */
import { GodwitError } from '../errors.js';
import type { MigrationInfo } from '../plan/contract.js';
import type { GooseRow, MigrateRow, PeerTable } from './contract.js';

/** golang-migrate's "no version" (its NilVersion). */
const NIL_VERSION = -1;

/** Applied versions, ascending, including ones that have no file (the caller calls them missing). */
export function peerAppliedVersions(peer: PeerTable, migrations: readonly MigrationInfo[]): number[] {
  return peer.kind === 'goose' ? gooseApplied(peer.table, peer.rows) : migrateApplied(peer.table, peer.rows, migrations);
}

function gooseApplied(table: string, rows: readonly GooseRow[]): number[] {
  const latest = new Map<number, GooseRow>();
  for (const row of rows) {
    if (row.versionId === 0) continue;
    checkVersion(table, row.versionId, `row id ${row.id}`);
    const seen = latest.get(row.versionId);
    if (!seen || row.id > seen.id) latest.set(row.versionId, row);
  }
  return [...latest.values()].filter((r) => r.isApplied).map((r) => r.versionId).sort((a, b) => a - b);
}

function migrateApplied(table: string, rows: readonly MigrateRow[], migrations: readonly MigrationInfo[]): number[] {
  if (rows.length > 1) {
    throw new GodwitError('VALIDATION_FAILED', `golang-migrate's ${table} has ${rows.length} rows; golang-migrate keeps exactly one`, {
      hint: `run \`migrate force <version>\` with golang-migrate to leave one row, then adopt again`,
    });
  }
  const row = rows[0];
  if (!row) return [];
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  if (row.dirty) throw migrateDirty(table, row.version, sorted);
  if (row.version === NIL_VERSION || row.version === 0) return [];
  checkVersion(table, row.version, 'its row');
  const versions = sorted.filter((m) => m.version <= row.version).map((m) => m.version);
  // The version it is at must be a file; when it is not, it is reported as missing like any other.
  if (!versions.includes(row.version)) versions.push(row.version);
  return versions;
}

/** The same recovery advice as Godwit's own dirty store: the version is the peer's, the command is Godwit's. */
function migrateDirty(table: string, version: number, sorted: readonly MigrationInfo[]): GodwitError {
  const where = `golang-migrate's ${table}`;
  if (version === NIL_VERSION) {
    const first = sorted[0]?.version;
    return new GodwitError('DIRTY', `${where} is dirty with no version: rolling back the first migration stopped part-way; nothing was adopted`, {
      hint: `inspect the database; if the first migration's changes are gone run \`godwit force 0\`${first !== undefined ? `, if they are all there run \`godwit force ${first}\`` : ''}`,
      data: { versions: [] },
    });
  }
  const file = sorted.find((m) => m.version === version);
  let previous = 0;
  for (const m of sorted) if (m.version < version) previous = m.version;
  // plan-errors' dirtyError words Godwit's own dirty record (and offers --resume, which needs
  // that record); here only its way out applies: force records the files up to V as applied.
  return new GodwitError('DIRTY', `${where} is dirty at version ${version}: a migration stopped part-way; nothing was adopted`, {
    version,
    ...(file && { file: file.file }),
    hint: `inspect the database; if ${version} completed run \`godwit force ${version}\`, if it did not, undo what it did and run \`godwit force ${previous}\``,
    data: { versions: [version] },
  });
}

function checkVersion(table: string, version: number, where: string): void {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new GodwitError('VALIDATION_FAILED', `${table} ${where}: version ${version} is not one godwit can record (1 to ${Number.MAX_SAFE_INTEGER})`, {
      hint: `fix or remove that row with the tool that wrote it, then adopt again`,
    });
  }
}
