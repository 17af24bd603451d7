/**
 * What the backup plugin and its functions accept. Which database, and how to reach it, is the
 * driver's business (its `backup()` engine); nothing here is read from the environment.
 */
import type { BackupRequest } from '@godwit/core';

export interface BackupOptions {
  /** folder for the files (default `./backups`, resolved against `cwd`) */
  dir?: string;
  cwd?: string;
  /** gzip the file (PostgreSQL's custom format and mongodump's archive are compressed already) */
  gzip?: boolean;
  /** keep this many newest backups of this database; older ones are deleted after a new one */
  keep?: number;
  /** delete backups of this database older than this many days after a new one */
  maxAgeDays?: number;
  /** name in the file names (default: the database name, or the SQLite file's base name) */
  databaseId?: string;
  /**
   * Environment for the vendor tools (pg_dump, pg_restore, mongodump); PATH decides which are
   * found. Default: an empty environment; the caller passes what it wants the tools to see (the
   * CLI passes its PATH and HOME).
   */
  toolEnv?: BackupRequest['toolEnv'];
  /** MongoDB: `auto` (mongodump when on PATH), `mongodump`, or `json` (Extended-JSON export) */
  mongoMethod?: BackupRequest['method'];
}

export const DEFAULT_BACKUP_DIR = 'backups';
