import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDriverConformance } from '@godwit/core/testing';
import Database from 'better-sqlite3';
import { createSqliteDriver } from './driver.js';

runDriverConformance({
  name: 'sqlite',
  kind: 'sql',
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'godwit-sqlite-conformance-'));
    const path = join(dir, 'conformance.db');
    return {
      createDriver: () => createSqliteDriver({ path }),
      async objectExists(name: string) {
        if (!existsSync(path)) return false;
        const db = new Database(path, { readonly: true });
        try {
          return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
        } finally {
          db.close();
        }
      },
      async cleanup() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
