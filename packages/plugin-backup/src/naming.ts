/**
 * Backup file names: `<database-id>-<UTC timestamp>-v<version>.<ext>`. The timestamp sorts as
 * text and carries milliseconds, so two backups in one second do not collide.
 */
import { basename, extname } from 'node:path';
import type { BackupTarget } from './options.js';

export interface BackupName {
  databaseId: string;
  createdAt: Date;
  version: number;
  ext: string;
}

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

/** A file-name-safe id for the database: its name, or the SQLite file's base name. */
export function defaultDatabaseId(target: BackupTarget): string {
  let raw: string;
  if (target.kind === 'sqlite') {
    raw = basename(target.path, extname(target.path));
  } else {
    try {
      raw = decodeURIComponent(new URL(target.url).pathname.replace(/^\//, ''));
    } catch {
      raw = '';
    }
  }
  const safe = raw.replace(/[^A-Za-z0-9_.]+/g, '_').replace(/^\.+/, '');
  return safe || target.kind;
}
