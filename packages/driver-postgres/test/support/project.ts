/** A temporary migrations folder for a test, plus a driver and migrator over it. */
import { createMigrator, type Driver, type Migrator } from '@godwit/core';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, type TestDatabase } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { createPostgresDriver, type PostgresDriverOptions } from '../../src/index.js';

export interface Project {
  dir: string;
  write(files: Record<string, string>): Promise<void>;
  /** a migrator on a new driver; every driver made here is closed by `cleanup` */
  migrator(options?: Partial<PostgresDriverOptions>): Migrator;
  driver(options?: Partial<PostgresDriverOptions>): Driver;
  cleanup(): Promise<void>;
}

export async function createProject(url: string, files: Record<string, string> = {}): Promise<Project> {
  const folder = await tempDir('pg', files);
  const drivers: Driver[] = [];
  const project: Project = {
    dir: folder.dir,
    write: folder.write,
    driver(options = {}) {
      const d = createPostgresDriver({ url, ...options });
      drivers.push(d);
      return d;
    },
    migrator(options = {}) {
      return createMigrator({ driver: project.driver(options), dir: folder.dir, appliedBy: 'test@host' });
    },
    async cleanup() {
      for (const d of drivers.splice(0)) await d.close();
      await folder.remove();
    },
  };
  return project;
}

/**
 * A fresh database, and a project with `files` on it, for every test of the enclosing suite;
 * `prepare` runs on the database before the project is made.
 */
export function perTestProject(
  label: string,
  files: Record<string, string> = {},
  prepare?: (db: TestDatabase) => Promise<unknown>,
): { db: TestDatabase; project: Project } {
  const db = perTest(() => createTestDatabase(label), (d) => d.drop());
  const project = perTest(
    async () => {
      await prepare?.(db);
      return createProject(db.url, files);
    },
    (p) => p.cleanup(),
  );
  return { db, project };
}
