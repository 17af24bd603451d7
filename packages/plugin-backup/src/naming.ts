/**
 * Backup file names: `<database-id>-<UTC timestamp>-v<version>.<ext>`. The timestamp sorts as
 * text and carries milliseconds, so two backups in one second do not collide.
 */
import { basename, extname } from 'node:path';
import type { Driver } from '@godwit/core';

export interface BackupName {
  databaseId: string;
  createdAt: Date;
  version: number;
  ext: string;
}

/**
 * What naming needs of a driver: its kind and where it points (password masked). Any driver
 * will do, and nothing connects: listing and pruning work without a database server.
 */
export type BackupDatabase = Pick<Driver, 'name' | 'target'>;

// Only finished backups: a `.partial` file is one being written (or left by a crash).
const NAME = /^(.+)-(\d{8}T\d{6}\.\d{3}Z)-v(\d+)\.((?:db|dump|ndjson|archive)(?:\.gz)?)$/;

export function formatBackupName(name: BackupName): string {
  return `${name.databaseId}-${formatTimestamp(name.createdAt)}-v${name.version}.${name.ext}`;
}

export function parseBackupName(file: string): BackupName | undefined {
  const m = NAME.exec(basename(file));
  if (!m) return undefined;
  const [, databaseId, stamp, version, ext] = m as unknown as [string, string, string, string, string];
  const createdAt = parseTimestamp(stamp);
  if (!createdAt) return undefined;
  return { databaseId, createdAt, version: Number(version), ext };
}

export function formatTimestamp(d: Date): string {
  // 2026-11-21T23:53:00.123Z -> 20261121T235300.123Z
  return d.toISOString().replace(/[-:]/g, '');
}

function parseTimestamp(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z$/.exec(s);
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * A file-name-safe id for the database, from the driver's target: the SQLite file's base name
 * (`sqlite:/data/app.db` -> `app`), or the database a URL names (`postgres://h/shop` -> `shop`);
 * the driver's name when there is neither.
 */
export function defaultDatabaseId(database: BackupDatabase): string {
  let raw = '';
  if (database.name === 'sqlite') {
    const path = database.target.replace(/^sqlite:/, '');
    raw = basename(path, extname(path));
  } else {
    try {
      raw = decodeURIComponent(new URL(database.target).pathname.replace(/^\//, ''));
    } catch {
      // not a URL (a key=value DSN): fall back to the driver's name
    }
  }
  const safe = raw.replace(/[^A-Za-z0-9_.]+/g, '_').replace(/^\.+/, '');
  return safe || database.name;
}
