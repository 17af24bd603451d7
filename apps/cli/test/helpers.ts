/**
 * Test helpers: run the BUILT binary (`node dist/bin.js`, as users do; see @godwit/test-kit/cli)
 * in a temporary project with a real SQLite file, and read that file back to check what changed.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { assertCliBuilt, type CliResult, runCli } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { querySqlite } from '@godwit/test-kit/sqlite';
import { tempDir } from '@godwit/test-kit/temp';

export { CLI_BIN as BIN } from '@godwit/test-kit/cli';

assertCliBuilt();

export type RunOutput = CliResult;

export interface Project {
  dir: string;
  /** the SQLite file `app.db` in the project */
  dbFile: string;
  /** `--database sqlite:./app.db --dir migrations` and then `args` */
  godwit(...args: string[]): Promise<RunOutput>;
  /** the binary with exactly these arguments and extra environment (`undefined` removes a variable) */
  raw(args: readonly string[], env?: Record<string, string | undefined>): Promise<RunOutput>;
  write(relativePath: string, content: string): Promise<string>;
  /** rows of a query against app.db */
  query<T = Record<string, unknown>>(sql: string): T[];
  tables(): string[];
  /** tables that are not Godwit's store or SQLite's own; [] when the file does not exist */
  userTables(): string[];
  remove(): Promise<void>;
}

export async function createProject(): Promise<Project> {
  const folder = await tempDir('cli');
  await mkdir(folder.path('migrations'));
  const dbFile = folder.path('app.db');
  const raw = (args: readonly string[], env: Record<string, string | undefined> = {}) => runCli(args, { cwd: folder.dir, env });
  const query = <T>(sql: string): T[] => querySqlite<T>(dbFile, sql);
  const tables = () =>
    query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r.name);
  return {
    dir: folder.dir,
    dbFile,
    raw,
    godwit: (...args) => raw(['--database', 'sqlite:./app.db', '--dir', 'migrations', ...args]),
    async write(relativePath, content) {
      await folder.write({ [relativePath]: content });
      return folder.path(relativePath);
    },
    query,
    tables,
    userTables() {
      if (!existsSync(dbFile)) return [];
      return tables().filter((t) => !t.startsWith('godwit_') && !t.startsWith('sqlite_'));
    },
    remove: folder.remove,
  };
}

/** A fresh project for every test of the file (or suite), made ready by `setup`; removed after it. */
export function projectPerTest(setup?: (project: Project) => Promise<void>): Project {
  return perTest(
    async () => {
      const project = await createProject();
      await setup?.(project);
      return project;
    },
    (project) => project.remove(),
  );
}

export const USERS = `-- +goose Up
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);

-- +goose Down
DROP TABLE users;
`;

export const EMAIL_UP = `ALTER TABLE users ADD COLUMN email TEXT;
`;
export const EMAIL_DOWN = `ALTER TABLE users DROP COLUMN email;
`;

export const POSTS = `-- +goose Up
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, title TEXT);

-- +goose StatementBegin
CREATE TRIGGER posts_title AFTER INSERT ON posts
BEGIN
  UPDATE posts SET title = trim(title) WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE posts;
`;

/** Three migrations in the three SQL shapes: a goose file, a golang-migrate pair, StatementBegin/End. */
export async function writeSampleMigrations(project: Project): Promise<void> {
  await project.write('migrations/000001_create_users.sql', USERS);
  await project.write('migrations/000002_add_email.up.sql', EMAIL_UP);
  await project.write('migrations/000002_add_email.down.sql', EMAIL_DOWN);
  await project.write('migrations/000003_create_posts.sql', POSTS);
}

export function appliedVersions(project: Project): number[] {
  return project.query<{ version: number }>('SELECT version FROM godwit_migrations ORDER BY version').map((r) => Number(r.version));
}

// biome-ignore lint/suspicious/noExplicitAny: assertions read the JSON documents freely
export function parseJson(stdout: string): Record<string, any> {
  // biome-ignore lint/suspicious/noExplicitAny: as above
  return JSON.parse(stdout) as Record<string, any>;
}
