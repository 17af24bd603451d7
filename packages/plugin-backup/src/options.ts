/** What the backup plugin and its functions accept. Nothing here is read from the environment. */

/** Which database to back up; the plugin opens its own connection (or runs the vendor tool). */
export type BackupTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'sqlite'; path: string }
  | { kind: 'mongodb'; url: string };

export interface BackupOptions {
  target: BackupTarget;
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
  /** the version table (default `godwit_migrations`): its lock row is left out of the backup */
  table?: string;
  /**
   * Environment for the vendor tools (pg_dump, pg_restore, mongodump); PATH decides which are
   * found. Default: the tools see an environment with only PATH, taken from `process.env` by the
   * caller (the CLI passes its own).
   */
  toolEnv?: Record<string, string | undefined>;
  /** MongoDB: `auto` (mongodump when on PATH), `mongodump`, or `json` (Extended-JSON export) */
  mongoMethod?: 'auto' | 'mongodump' | 'json';
}

export const DEFAULT_BACKUP_DIR = 'backups';
