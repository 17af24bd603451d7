/**
 * Test helpers: run the BUILT binary (`node dist/bin.js`, as users do) in a temporary project
 * with a real SQLite file, and read that file back with better-sqlite3 to check what changed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

if (!existsSync(BIN)) {
  throw new Error(`${BIN} is missing: build the CLI first (pnpm --filter @godwit/cli build)`);
}

export interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a user would have, minus anything that would pick a database for them. */
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'DATABASE_URL' || k.startsWith('GODWIT_') || k.startsWith('VITEST') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runGodwit(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<RunOutput> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(env), timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** better-sqlite3 from the SQLite driver's own dependencies (the CLI does not depend on it). */
type SqliteDb = {
  prepare(sql: string): { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown };
  exec(sql: string): void;
  close(): void;
};
const Database = createRequire(join(REPO, 'packages/driver-sqlite/package.json'))('better-sqlite3') as new (
  path: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => SqliteDb;

export interface Project {
  dir: string;
  /** the SQLite file `app.db` in the project */
  dbFile: string;
  /** `--database sqlite:./app.db --dir migrations` and then `args` */
  godwit(...args: string[]): Promise<RunOutput>;
  /** the binary with exactly these arguments and extra environment */
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
  const dir = await mkdtemp(join(tmpdir(), 'godwit-cli-'));
  await mkdir(join(dir, 'migrations'));
  const dbFile = join(dir, 'app.db');
  const raw = (args: readonly string[], env: Record<string, string | undefined> = {}) => runGodwit(args, dir, env);
  const query = <T>(sql: string): T[] => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  const tables = () =>
    query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r.name);
  return {
    dir,
    dbFile,
    raw,
    godwit: (...args) => raw(['--database', 'sqlite:./app.db', '--dir', 'migrations', ...args]),
    async write(relativePath, content) {
      const path = join(dir, relativePath);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    query,
    tables,
    userTables() {
      if (!existsSync(dbFile)) return [];
      return tables().filter((t) => !t.startsWith('godwit_') && !t.startsWith('sqlite_'));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
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
