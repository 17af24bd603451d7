/** A temporary migrations folder for a test, plus a driver and migrator over it. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigrator, type Driver, type Migrator } from '@godwit/core';
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
  const dir = await mkdtemp(join(tmpdir(), 'godwit-pg-'));
  const drivers: Driver[] = [];
  const project: Project = {
    dir,
    async write(more) {
      for (const [name, text] of Object.entries(more)) await writeFile(join(dir, name), text);
    },
    driver(options = {}) {
      const d = createPostgresDriver({ url, ...options });
      drivers.push(d);
      return d;
    },
    migrator(options = {}) {
      return createMigrator({ driver: project.driver(options), dir, appliedBy: 'test@host' });
    },
    async cleanup() {
      for (const d of drivers.splice(0)) await d.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await project.write(files);
  return project;
}
