/**
 * The store's SQL: table definitions and the row reads and writes that the writer (core's step
 * protocol) and the version store share. Statements are prepared once per connection and reused (a run of 500
 * migrations would otherwise compile the same INSERT 500 times).
 */
import type { AppliedRecord, HistoryDirection, HistoryOutcome, HistoryRecord, NewHistoryRow } from '@godwit/core';
import type Database from 'better-sqlite3';
import type { Db } from '../connection/connection.js';
import type { TableNames } from './table-names.js';

// The history id has no AUTOINCREMENT: rows are never deleted, so rowids only grow anyway, and
// AUTOINCREMENT would add a sqlite_sequence page write to every migration's transaction.
export function createStoreSql(t: TableNames): string {
  return `
CREATE TABLE IF NOT EXISTS ${t.versions} (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  execution_ms INTEGER NOT NULL DEFAULT 0,
  applied_by TEXT NOT NULL,
  dirty INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1)),
  statements_done INTEGER,
  rows_done INTEGER
);
CREATE TABLE IF NOT EXISTS ${t.history} (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  direction TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  execution_ms INTEGER,
  success INTEGER NOT NULL DEFAULT 0 CHECK (success IN (0, 1)),
  error TEXT,
  applied_by TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  note TEXT
);`;
}

/**
 * Stores created before the history had a `note` column, or the version table a
 * `statements_done` column, get them added (SQLite has no ADD COLUMN IF NOT EXISTS, so the
 * table's columns are read first). Runs inside ensure's transaction.
 */
export function addMissingColumns(db: Db, t: TableNames): void {
  if (!hasColumn(db, t.history, 'note')) db.exec(`ALTER TABLE ${t.history} ADD COLUMN note TEXT`);
  if (!hasColumn(db, t.versions, 'statements_done')) db.exec(`ALTER TABLE ${t.versions} ADD COLUMN statements_done INTEGER`);
  // a batched backfill's rows done, stored after each batch (issue 17)
  if (!hasColumn(db, t.versions, 'rows_done')) db.exec(`ALTER TABLE ${t.versions} ADD COLUMN rows_done INTEGER`);
}

function hasColumn(db: Db, table: string, column: string): boolean {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  return columns.some((c) => c.name === column);
}

interface VersionRow {
  version: number;
  name: string;
  checksum: string;
  applied_at: string;
  execution_ms: number;
  applied_by: string;
  dirty: number;
  statements_done: number | null;
  /** only read by `find` */
  rows_done?: number | null;
}

interface HistoryRow {
  id: number;
  version: number;
  name: string;
  direction: HistoryDirection;
  started_at: string;
  finished_at: string | null;
  execution_ms: number | null;
  success: number;
  error: string | null;
  applied_by: string;
  tool_version: string;
  note: string | null;
}

/** Row-level operations on an open connection whose store tables exist. */
export class StoreRows {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Db,
    private readonly t: TableNames,
  ) {}

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  find(version: number): AppliedRecord | undefined {
    const row = this.stmt(
      `SELECT version, name, checksum, applied_at, execution_ms, applied_by, dirty, statements_done, rows_done FROM ${this.t.versions} WHERE version = ?`,
    ).get(version) as VersionRow | undefined;
    return row && toRecord(row);
  }

  upsert(r: AppliedRecord): void {
    this.stmt(
      `INSERT OR REPLACE INTO ${this.t.versions} (version, name, checksum, applied_at, execution_ms, applied_by, dirty, statements_done) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      r.version,
      r.name,
      r.checksum,
      r.appliedAt.toISOString(),
      Math.round(r.executionMs),
      r.appliedBy,
      r.dirty ? 1 : 0,
      r.dirty ? (r.statementsDone ?? null) : null,
    );
  }

  setProgress(version: number, statementsDone: number): void {
    this.stmt(`UPDATE ${this.t.versions} SET statements_done = ?, rows_done = NULL WHERE version = ? AND dirty = 1`).run(statementsDone, version);
  }

  /** A batched backfill's rows done on the dirty record (cleared by setProgress and upsert). */
  setRowsDone(version: number, rowsDone: number): void {
    this.stmt(`UPDATE ${this.t.versions} SET rows_done = ? WHERE version = ? AND dirty = 1`).run(rowsDone, version);
  }

  remove(version: number): void {
    this.stmt(`DELETE FROM ${this.t.versions} WHERE version = ?`).run(version);
  }

  /** Appends a history row; returns its id. */
  appendHistory(h: NewHistoryRow): number {
    const result = this.stmt(
      `INSERT INTO ${this.t.history} (version, name, direction, started_at, finished_at, execution_ms, success, error, applied_by, tool_version, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      h.version,
      h.name,
      h.direction,
      h.startedAt.toISOString(),
      h.finishedAt?.toISOString() ?? null,
      h.executionMs === null ? null : Math.round(h.executionMs),
      h.success ? 1 : 0,
      h.error,
      h.appliedBy,
      h.toolVersion,
      h.note,
    );
    return Number(result.lastInsertRowid);
  }

  /**
   * Finishes a history row written when a non-transactional step started. The only update the
   * history ever sees, and only of a row that is still open (finished_at IS NULL).
   */
  finishHistory(id: number, outcome: HistoryOutcome): void {
    this.stmt(
      `UPDATE ${this.t.history} SET finished_at = ?, execution_ms = ?, success = ?, error = ?, note = coalesce(?, note) WHERE id = ? AND finished_at IS NULL`,
    ).run(outcome.finishedAt.toISOString(), Math.round(outcome.executionMs), outcome.success ? 1 : 0, outcome.error, outcome.note ?? null, id);
  }

  applied(): AppliedRecord[] {
    // Read-only commands do not ensure (and so do not upgrade) the store: an older version table
    // without statements_done reads as having no progress.
    const progress = hasColumn(this.db, this.t.versions, 'statements_done') ? 'statements_done' : 'NULL AS statements_done';
    const rows = this.stmt(
      `SELECT version, name, checksum, applied_at, execution_ms, applied_by, dirty, ${progress} FROM ${this.t.versions} ORDER BY version`,
    ).all() as VersionRow[];
    return rows.map(toRecord);
  }

  history(limit: number | undefined): HistoryRecord[] {
    // Read-only commands do not ensure (and so do not migrate) the store: an older store without
    // the note column reads as notes of null. LIMIT -1 is SQLite for "no limit".
    const note = hasColumn(this.db, this.t.history, 'note') ? 'note' : 'NULL AS note';
    const rows = this.stmt(
      `SELECT id, version, name, direction, started_at, finished_at, execution_ms, success, error, applied_by, tool_version, ${note} FROM ${this.t.history} ORDER BY id DESC LIMIT ?`,
    ).all(limit ?? -1) as HistoryRow[];
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      name: r.name,
      direction: r.direction,
      startedAt: new Date(r.started_at),
      finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
      executionMs: r.execution_ms,
      success: r.success === 1,
      error: r.error,
      appliedBy: r.applied_by,
      toolVersion: r.tool_version,
      note: r.note,
    }));
  }
}

function toRecord(r: VersionRow): AppliedRecord {
  return {
    version: r.version,
    name: r.name,
    checksum: r.checksum,
    appliedAt: new Date(r.applied_at),
    executionMs: r.execution_ms,
    appliedBy: r.applied_by,
    dirty: r.dirty === 1,
    ...(r.statements_done !== null && { statementsDone: r.statements_done }),
    ...(r.dirty === 1 && r.rows_done !== undefined && r.rows_done !== null && { rowsDone: r.rows_done }),
  };
}

/** Whether a table exists (read-only commands check, rather than create, the store). */
export function tableExists(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}
