/**
 * One better-sqlite3 connection per driver, opened on first use so that creating a driver (or a
 * dry run) costs nothing and cannot fail. Reads that find no database file do not create one:
 * `status` on a path that does not exist must leave nothing behind.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { forWrites, tuneJournal } from './journal-mode.js';
import { openError } from './open-errors.js';

export type Db = Database.Database;

export class SqliteConnection {
  readonly path: string;
  private readonly busyTimeoutMs: number;
  private db: Db | undefined;
  private restoreJournal: (() => void) | undefined;
  /** forWrites ran on this connection (once: the journal mode is settled for the rest of it) */
  private writing = false;

  constructor(path: string, busyTimeoutMs: number) {
    this.path = path;
    this.busyTimeoutMs = busyTimeoutMs;
  }

  get busyTimeout(): number {
    return this.busyTimeoutMs;
  }

  /** The connection, opening (and creating the file) if needed. */
  open(): Db {
    if (this.db) return this.db;
    let db: Db | undefined;
    try {
      db = new Database(this.path, { timeout: this.busyTimeoutMs });
      // Opening never reads the file; this does, so a file that is not a database fails here,
      // with a clear message, rather than inside the first migration.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      this.restoreJournal = tuneJournal(db);
    } catch (e) {
      db?.close();
      throw openError(e, this.path);
    }
    this.db = db;
    return db;
  }

  /**
   * The connection, ready for a run's writes: a DELETE-mode file commits through WAL until close
   * (journal-mode.ts). Only writers call this, so a read or a dry run never changes the file.
   */
  openForWrites(): Db {
    const db = this.open();
    if (!this.writing && !isInMemory(this.path)) {
      this.writing = true;
      const restore = forWrites(db, this.path);
      if (restore) this.restoreJournal = restore;
    }
    return db;
  }

  /** The connection if the database exists, without creating a file; undefined otherwise. */
  openIfExists(): Db | undefined {
    if (this.db) return this.db;
    if (!isInMemory(this.path) && !existsSync(this.path)) return undefined;
    return this.open();
  }

  /** Closes the connection if open; a later use opens it again. */
  close(): void {
    const db = this.db;
    this.db = undefined;
    this.writing = false;
    const restore = this.restoreJournal;
    this.restoreJournal = undefined;
    if (!db?.open) return;
    restore?.();
    db.close();
  }
}

/** `:memory:` and the empty path (a private temporary database) never exist on disk. */
export function isInMemory(path: string): boolean {
  return path === ':memory:' || path === '';
}
