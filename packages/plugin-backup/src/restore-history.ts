/**
 * A restore rewinds the store with the rest of the database (the store's tables are in the
 * backup), so without a trace the history would simply lose everything after the backup. The
 * restore appends its own row to the restored history: what was restored, from where, by whom.
 */
import { type Driver, defaultAppliedBy, TOOL_VERSION } from '@godwit/core';
import type { BackupMetadata } from './metadata.js';

export interface RestoreFacts {
  file: string;
  meta: BackupMetadata | undefined;
  startedAt: Date;
  /** the version the restored store says the database is at */
  version: number;
}

export async function recordRestore(driver: Driver, facts: RestoreFacts): Promise<void> {
  const { meta } = facts;
  await driver.store.ensure();
  const finishedAt = new Date();
  const from = meta ? `made ${meta.createdAt} from ${meta.database} at version ${meta.schemaVersion}` : 'unverified: made before checksums';
  const row = {
    version: facts.version,
    name: 'restore',
    direction: 'restore' as const,
    startedAt: facts.startedAt,
    finishedAt,
    executionMs: finishedAt.getTime() - facts.startedAt.getTime(),
    success: true,
    error: null,
    appliedBy: defaultAppliedBy(),
    toolVersion: TOOL_VERSION,
    note: `restored ${facts.file} (${from})`,
  };
  if (driver.transaction) {
    await driver.transaction({}, (s) => driver.writer.append(s, row));
    return;
  }
  const session = await driver.session({});
  try {
    await driver.writer.append(session, row);
  } finally {
    await session.end().catch(() => undefined);
  }
}
