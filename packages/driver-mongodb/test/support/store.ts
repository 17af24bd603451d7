/**
 * The store as the driver reads it back. Tests look at records and history through this rather
 * than at the collections' documents, which are append-only (src/store/documents.ts): a version
 * is a record document plus the state documents written after it.
 */
import type { AppliedRecord, HistoryRecord } from '@godwit/core';
import { createMongoDriver } from '../../src/index.js';

export async function readStore(url: string, table?: string): Promise<{ applied: AppliedRecord[]; history: HistoryRecord[] }> {
  const driver = createMongoDriver({ url, ...(table !== undefined && { table }) });
  try {
    return { applied: await driver.store.applied(), history: await driver.store.history() };
  } finally {
    await driver.close();
  }
}
