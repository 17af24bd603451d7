/**
 * The journal a run commits through. Every commit stays as durable as SQLite's default (each one
 * synced to disk before it returns); what changes is how many syncs that takes.
 *
 * - Any connection: a WAL database gets `synchronous = FULL`. better-sqlite3 is compiled with
 *   SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 (NORMAL), under which a WAL commit is not synced and a power
 *   loss can take back the last migrations applied. FULL is a per-connection setting.
 * - A connection that reads only: a DELETE-mode file is switched to TRUNCATE for this connection
 *   (a per-connection setting too): no journal file created, directory-synced and unlinked per
 *   transaction.
 * - Once the run writes (`forWrites`): a DELETE-mode file is switched to WAL until the connection
 *   closes, then back to DELETE. A commit is then one sync of the WAL file instead of four or five
 *   syncs of the journal and the database (bench/results.md: the sqlite3 shell's 500
 *   one-migration transactions take ~0.69 s in DELETE mode and ~0.22 s in WAL, synchronous FULL). WAL persists in the file, so a marker file beside it
 *   (`<db>-godwit-wal`) says Godwit made the switch: a run killed before it could switch back, or
 *   one that closed while another connection still had the file open, leaves the marker, and the
 *   next Godwit run that writes switches the file back when it closes. A database the user put in
 *   WAL (no marker) stays in WAL. Where WAL is refused (no shared memory: some network file
 *   systems; a read-only folder; another connection's lock at that moment), the run stays in
 *   TRUNCATE mode.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';

type Db = Database.Database;

/** The marker beside a database file saying Godwit switched it to WAL and owes a switch back. */
export function walMarkerPath(path: string): string {
  return `${path}-godwit-wal`;
}

const MARKER_TEXT =
  'Godwit switched this SQLite database from DELETE to WAL journal mode for a migration run and will switch it back\n' +
  'when a run that writes ends (or run PRAGMA journal_mode = DELETE yourself, then delete this file).\n';

function modeOf(db: Db): string {
  return String(db.pragma('journal_mode', { simple: true })).toLowerCase();
}

/**
 * At open: durable WAL commits, TRUNCATE for a DELETE-mode connection. Returns what puts a
 * TRUNCATE connection back to DELETE at close (removing the empty journal it keeps), if any.
 */
export function tuneJournal(db: Db): (() => void) | undefined {
  const mode = modeOf(db);
  if (mode === 'wal') db.pragma('synchronous = FULL');
  if (mode !== 'delete') return undefined;
  db.pragma('journal_mode = truncate');
  return () => backToDelete(db);
}

/**
 * Before a run's first write: WAL until close (see above). Returns what switches the file back to
 * DELETE at close, or undefined when the file's mode is not Godwit's to change.
 */
export function forWrites(db: Db, path: string): (() => void) | undefined {
  if (db.inTransaction) return undefined;
  const marker = walMarkerPath(path);
  const mode = modeOf(db);
  if (mode === 'wal') return existsSync(marker) ? () => backToDelete(db, marker) : undefined;
  // TRUNCATE is what tuneJournal made of DELETE; any other mode is the user's choice.
  if (mode !== 'truncate' || db.pragma('locking_mode', { simple: true }) !== 'normal') return undefined;
  try {
    // The marker goes first: a run killed right after the switch must still leave it.
    writeFileSync(marker, MARKER_TEXT);
  } catch {
    return undefined; // a read-only folder: WAL could not create its files either
  }
  let switched = false;
  withoutWaiting(db, () => {
    switched = String(db.pragma('journal_mode = wal', { simple: true })).toLowerCase() === 'wal';
  });
  if (!switched) {
    rmSync(marker, { force: true });
    return undefined;
  }
  db.pragma('synchronous = FULL');
  return () => backToDelete(db, marker);
}

/**
 * Back to DELETE at close. Leaving WAL needs the file to itself: while another connection has it
 * open that fails, and the marker stays (from TRUNCATE it is this connection's setting only, and
 * a lock held elsewhere just leaves the empty journal, which SQLite ignores).
 */
function backToDelete(db: Db, marker?: string): void {
  if (!db.open || db.inTransaction) return;
  withoutWaiting(db, () => {
    const mode = String(db.pragma('journal_mode = delete', { simple: true })).toLowerCase();
    if (mode === 'delete' && marker) rmSync(marker, { force: true });
  });
}

/** Runs `fn` with a busy timeout of 0: a journal switch is an optimisation, never worth a wait. */
function withoutWaiting(db: Db, fn: () => void): void {
  const timeout = db.pragma('busy_timeout', { simple: true });
  try {
    db.pragma('busy_timeout = 0');
    fn();
  } catch {
    // SQLITE_BUSY (another connection holds a lock) or a file system without shared memory
  } finally {
    db.pragma(`busy_timeout = ${Number(timeout)}`);
  }
}
