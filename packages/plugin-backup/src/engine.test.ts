import type { BackupEngine, Driver } from '@godwit/core';
import { describe, expect, it } from 'vitest';
import { engineFor, engineReads } from './engine.js';

const engine = (ext: string, compressed: boolean): BackupEngine => ({
  method: 'test',
  ext,
  compressed,
  dump: async () => {},
  verify: async () => 'ok',
  restore: async () => {},
});

describe("the driver's backup engine", () => {
  it('a driver without backup() is a BACKUP_FAILED naming it', async () => {
    await expect(engineFor({ name: 'memory' } as Driver, {})).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      message: 'the memory driver cannot make backups',
    });
  });

  it('hands the tools environment, the MongoDB method and the file kind to the driver', async () => {
    const requests: unknown[] = [];
    const driver = { name: 'x', backup: async (r: unknown) => (requests.push(r), engine('db', false)) } as unknown as Driver;
    await engineFor(driver, { toolEnv: { PATH: '/bin' }, mongoMethod: 'json' }, 'ndjson');
    await engineFor(driver, {});
    expect(requests).toEqual([{ toolEnv: { PATH: '/bin' }, method: 'json', forExt: 'ndjson' }, {}]);
  });

  it('an engine reads its own files, and gzipped ones only when its format is not compressed already', () => {
    expect(engineReads(engine('db', false), 'db')).toBe(true);
    expect(engineReads(engine('db', false), 'db.gz')).toBe(true);
    expect(engineReads(engine('db', false), 'dump')).toBe(false);
    expect(engineReads(engine('dump', true), 'dump.gz')).toBe(false);
    expect(engineReads(engine('archive.gz', true), 'archive.gz')).toBe(true);
  });
});
