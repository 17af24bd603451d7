/**
 * Which MongoDB backup engine: mongodump when asked for, or (`auto`) when it is on the tools'
 * PATH; otherwise the Extended-JSON export on the driver's connection. A restore goes by the
 * file instead: an `.archive` needs mongorestore, anything else is an export.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { BackupEngine, BackupRequest } from '@godwit/core';
import type { Db } from 'mongodb';
import { jsonExportEngine } from './json-export.js';
import { mongodumpEngine } from './mongodump.js';

export interface MongoBackupDeps {
  url: string;
  secrets: readonly string[];
  db: () => Promise<Db>;
  lockCollection: string;
}

export function mongoBackupEngine(deps: MongoBackupDeps, request: BackupRequest): BackupEngine {
  const toolEnv = request.toolEnv ?? {};
  const method = request.forExt !== undefined ? (request.forExt.startsWith('archive') ? 'mongodump' : 'json') : (request.method ?? 'auto');
  if (method === 'mongodump' || (method === 'auto' && onPath('mongodump', toolEnv.PATH))) {
    return mongodumpEngine({ url: deps.url, secrets: deps.secrets, toolEnv });
  }
  return jsonExportEngine(deps);
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
