/**
 * The primitives core's step protocol runs on (see @godwit/core's driver/contract.ts): one
 * better-sqlite3 connection, statements sent one at a time with `exec` (so a failure names its
 * statement), transactions opened with BEGIN IMMEDIATE (the write lock is taken at once, so the
 * protocol's re-check cannot be overtaken by another runner before it writes), and a writer whose
 * rows go through the connection's prepared statements.
 */
import type { PlainSession, PreparedStatement, StatementLimits, StepSession, StoreWriter } from '@godwit/core';
import type { Db } from '../connection/connection.js';
import type { Store } from '../store/store.js';
import type { StoreRows } from '../store/store-sql.js';
import { storeError } from '../store/store-error.js';
import { checkLimits } from '../exec/limits.js';
import type { SqliteBatchSql } from '../batch/rewrite.js';

/** The rewritten SQL prepare put on a batched statement. */
function batchOf(statement: PreparedStatement): SqliteBatchSql {
  const batch = statement.payload as SqliteBatchSql | undefined;
  if (!batch?.batchSql) throw new Error(`statement at ${statement.file}:${statement.line} is not a prepared batch`);
  return batch;
}

export interface SqliteSession extends StepSession {
  db: Db;
  rows: StoreRows;
}

/** The connection with the store's tables in place. */
export function openSession(store: Store, limits: StatementLimits): SqliteSession {
  checkLimits(limits);
  let writable: { db: Db; rows: StoreRows };
  try {
    writable = store.writable();
  } catch (e) {
    throw storeError(e, `could not prepare the migration tables in ${store.connection.path}`);
  }
  const { db, rows } = writable;
  return {
    db,
    rows,
    async exec(statement) {
      db.exec(statement.text);
    },
    // A batch (batch/rewrite.ts made its SQL) is one statement in autocommit: its own transaction.
    async execBatch(statement) {
      return db.prepare(batchOf(statement).batchSql).run().changes;
    },
    async estimateBatch(statement) {
      const row = db.prepare(batchOf(statement).countSql).get() as { n?: number } | undefined;
      return row?.n;
    },
  };
}

export async function inTransaction<T>(store: Store, limits: StatementLimits, fn: (s: SqliteSession) => Promise<T>): Promise<T> {
  const s = openSession(store, limits);
  const restore = shortenBusyTimeout(s.db, store.connection.busyTimeout, limits.lockTimeoutMs);
  try {
    try {
      s.db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      // Another connection kept the write lock past the busy timeout: a lock timeout core may
      // retry (`retries=N`), not a broken store.
      if ((e as { code?: unknown }).code === 'SQLITE_BUSY') throw e;
      throw storeError(e, 'could not start a transaction');
    }
    try {
      const result = await fn(s);
      s.db.exec('COMMIT');
      return result;
    } catch (e) {
      if (s.db.inTransaction) s.db.exec('ROLLBACK');
      throw e;
    }
  } finally {
    restore();
  }
}

/**
 * A migration's own `lock_timeout` shorter than the driver's busy timeout bounds its waits for
 * another connection's write lock; returns what puts the driver's back.
 */
function shortenBusyTimeout(db: Db, busyTimeoutMs: number, lockTimeoutMs: number | undefined): () => void {
  if (!lockTimeoutMs || lockTimeoutMs >= busyTimeoutMs) return () => {};
  db.pragma(`busy_timeout = ${Math.round(lockTimeoutMs)}`);
  return () => db.pragma(`busy_timeout = ${busyTimeoutMs}`);
}

export function plainSession(store: Store, limits: StatementLimits): SqliteSession & PlainSession {
  const s = openSession(store, limits);
  const restore = shortenBusyTimeout(s.db, store.connection.busyTimeout, limits.lockTimeoutMs);
  return {
    ...s,
    async end() {
      restore();
      // A file's own BEGIN may still be open: its half is rolled back by SQLite's rules, not kept.
      const leftOpen = s.db.inTransaction;
      if (leftOpen) s.db.exec('ROLLBACK');
      return { leftOpen };
    },
  };
}

export const sqliteWriter: StoreWriter<SqliteSession> = {
  async find(s, version) {
    return s.rows.find(version);
  },
  async put(s, record) {
    s.rows.upsert(record);
  },
  async progress(s, version, statementsDone) {
    s.rows.setProgress(version, statementsDone);
  },
  async batchProgress(s, version, rowsDone) {
    s.rows.setRowsDone(version, rowsDone);
  },
  async remove(s, version) {
    s.rows.remove(version);
  },
  async append(s, row) {
    s.rows.appendHistory(row);
  },
  async open(s, row) {
    return s.rows.appendHistory(row);
  },
  async finish(s, id, outcome) {
    s.rows.finishHistory(id, outcome);
  },
};
