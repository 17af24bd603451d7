/** A temporary folder with migrations and a real SQLite file, and a migrator wired to a metrics plugin. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigrator, type Migrator } from '@godwit/core';
import { createSqliteDriver } from '@godwit/driver-sqlite';
import { createMetricsPlugin, type MetricsPlugin } from '../plugin.js';

export interface SqliteProject {
  dir: string;
  dbFile: string;
  migrations: string;
  write(name: string, content: string): Promise<void>;
  /** a fresh migrator (and plugin unless one is given) on the same file */
  open(plugin?: MetricsPlugin): { migrator: Migrator; plugin: MetricsPlugin };
  remove(): Promise<void>;
}

export const USERS = '-- +goose Up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n';
export const POSTS = '-- +goose Up\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE posts;\n';
export const BROKEN = '-- +goose Up\nINSERT INTO no_such_table VALUES (1);\n';

export async function createSqliteProject(): Promise<SqliteProject> {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-metrics-'));
  const migrations = join(dir, 'migrations');
  await mkdir(migrations);
  const dbFile = join(dir, 'app.db');
  const opened: Migrator[] = [];
  return {
    dir,
    dbFile,
    migrations,
    write: (name, content) => writeFile(join(migrations, name), content),
    open(given) {
      const plugin = given ?? createMetricsPlugin({ database: 'sqlite-app' });
      const migrator = createMigrator({
        driver: createSqliteDriver({ path: dbFile }),
        dir: migrations,
        plugins: [plugin],
        onEvent: plugin.onEvent,
      });
      opened.push(migrator);
      return { migrator, plugin };
    },
    async remove() {
      for (const m of opened) await m.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
