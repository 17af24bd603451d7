/**
 * `godwit test`'s scratch database on SQLite: a new file in a private temporary folder (a copy of
 * `--template` when given: a file to start from), deleted with its folder afterwards.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Driver, GodwitError, type ScratchDatabase, type ScratchOptions } from '@godwit/core';

export function createScratch(driverFor: (path: string) => Driver, options: ScratchOptions): ScratchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'godwit-test-'));
  const path = join(dir, 'scratch.db');
  if (options.template !== undefined) {
    try {
      copyFileSync(options.template, path);
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw new GodwitError('USAGE', `--template ${options.template}: cannot copy it as the scratch database: ${(e as Error).message}`, {
        hint: 'on SQLite --template names a database file to start from',
        cause: e,
      });
    }
  }
  const driver = driverFor(path);
  let dropped = false;
  return {
    driver,
    target: `sqlite:${path}`,
    async drop() {
      if (dropped) return;
      dropped = true;
      await driver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
