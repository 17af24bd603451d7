/** Pick the engine for a target (and, when restoring, for a file's extension). */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DEFAULT_TABLE, GodwitError } from '@godwit/core';
import type { BackupOptions } from '../options.js';
import type { Engine } from './engine.js';

/**
 * Engines load on demand, each with its database library: the CLI imports this package on every
 * start, and must not pay for MongoDB's and PostgreSQL's clients when it backs up SQLite (or not at all).
 */
export async function engineFor(options: BackupOptions, forExt?: string): Promise<Engine> {
  const { target } = options;
  const env = options.toolEnv ?? {};
  const table = options.table ?? DEFAULT_TABLE;
  if (target.kind === 'sqlite') return (await import('./sqlite.js')).sqliteEngine(target.path, table);
  if (target.kind === 'postgres') return (await import('./postgres.js')).postgresEngine(target.url, env);
  const method = forExt !== undefined ? (forExt.startsWith('archive') ? 'mongodump' : 'json') : (options.mongoMethod ?? 'auto');
  if (method === 'mongodump' || (method === 'auto' && onPath('mongodump', env.PATH))) {
    return (await import('./mongodump.js')).mongodumpEngine(target.url, env);
  }
  return (await import('./mongo-json.js')).mongoJsonEngine(target.url, table);
}

/** Which backup files a target can restore, by extension (before `.gz`). */
export function extsFor(kind: BackupOptions['target']['kind']): string[] {
  if (kind === 'sqlite') return ['db'];
  if (kind === 'postgres') return ['dump'];
  return ['ndjson', 'archive'];
}

export function assertRestorable(options: BackupOptions, ext: string, file: string): void {
  const base = ext.replace(/\.gz$/, '');
  if (!extsFor(options.target.kind).includes(base)) {
    throw new GodwitError('USAGE', `${file} is not a ${options.target.kind} backup (.${ext})`, {
      file,
      hint: `restore a .${extsFor(options.target.kind).join(' or .')} file into this database`,
    });
  }
}

function onPath(command: string, path: string | undefined): boolean {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {}
  }
  return false;
}
