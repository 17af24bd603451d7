import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GodwitError, writeState } from '@godwit/core';
import { applyContext, sqlMigration, tempDir } from '../__fixtures__/steps.js';
import { createSqliteDriver } from '../driver.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('opening the database', () => {
  it('reports a text file as NOT_A_DATABASE naming the path', async () => {
    const path = tmp.path('notes.txt');
    writeFileSync(path, 'These are my notes, not a database. '.repeat(20));
    const d = createSqliteDriver({ path });
    const error = await d.store.applied().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GodwitError);
    expect(error).toMatchObject({ code: 'NOT_A_DATABASE' });
    expect((error as GodwitError).message).toContain(path);
    expect((error as GodwitError).hint).toContain('--database');
    // The lock (the first thing a migrating run does) fails the same way.
    await expect(d.locker.lock({ timeoutMs: 100 })).rejects.toMatchObject({ code: 'NOT_A_DATABASE' });
    await d.close();
  });

  it('reports a missing folder as CONNECTION_FAILED naming the path', async () => {
    const path = join(tmp.dir, 'no', 'such', 'folder', 'app.db');
    const d = createSqliteDriver({ path });
    const error = (await d.store.ensure().catch((e: unknown) => e)) as GodwitError;
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(error.message).toContain(path);
    expect(error.message).toContain('does not exist');
    await d.close();
  });

  it('opens nothing until used: creating a driver and preparing a step touch no file', async () => {
    const path = tmp.path();
    const d = createSqliteDriver({ path });
    const { migration, loaded } = sqlMigration({ version: 1, up: 'CREATE TABLE t (id INTEGER);' });
    const step = await d.prepare(migration, loaded, 'up');
    expect(step.statements.map((s) => s.text)).toEqual(['CREATE TABLE t (id INTEGER)']);
    expect(d.target).toBe(`sqlite:${path}`);
    expect(existsSync(path)).toBe(false);
    await d.close();
    await d.close(); // idempotent
  });

  it('reopens after close', async () => {
    const path = tmp.path();
    const d = createSqliteDriver({ path });
    await writeState(d, { remove: [], upsert: [{ version: 1, name: 'a', checksum: 'c' }], history: [] }, applyContext());
    await d.close();
    expect((await d.store.applied()).map((r) => r.version)).toEqual([1]);
    await d.close();
  });
});
