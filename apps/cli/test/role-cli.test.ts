/**
 * `--role` and `"role"` in the config (PostgreSQL's SET ROLE for the migrations), and the
 * privilege warnings of `validate --database`, through the built binary on a real server. Roles
 * are cluster-wide: each test makes its own with unique names and drops them after its database.
 */
import { randomBytes } from 'node:crypto';
import { runCli } from '@godwit/test-kit/cli';
import { admin, createTestDatabase, describePostgres, type TestDatabase } from '@godwit/test-kit/postgres';
import { type TempDir, tempDir } from '@godwit/test-kit/temp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, type Project } from './helpers.js';

const USERS = '-- +goose Up\nCREATE TABLE users (id serial PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n';

describePostgres('godwit --role on PostgreSQL', () => {
  let db: TestDatabase;
  let project: TempDir;
  let login: string;
  let owner: string;
  let loginUrl: string;

  beforeEach(async () => {
    const id = randomBytes(4).toString('hex');
    login = `godwit_cli_login_${id}`;
    owner = `godwit_cli_owner_${id}`;
    db = await createTestDatabase('cli_role');
    await admin((c) => c.query(`CREATE ROLE ${login} LOGIN; CREATE ROLE ${owner} NOLOGIN; GRANT ${owner} TO ${login}`));
    await db.query(`GRANT CREATE ON SCHEMA public TO ${login}, ${owner}`);
    const u = new URL(db.url);
    u.username = login;
    loginUrl = u.toString();
    project = await tempDir('cli-role', { 'migrations/00001_users.sql': USERS });
  });
  afterEach(async () => {
    await project.remove();
    await db.drop();
    await admin((c) => c.query(`DROP ROLE IF EXISTS ${login}; DROP ROLE IF EXISTS ${owner}`));
  });

  const godwit = (...args: string[]) => runCli(['--dir', 'migrations', ...args], { cwd: project.dir });
  const ownerOf = async (table: string) =>
    (await db.query<{ tableowner: string }>('SELECT tableowner FROM pg_tables WHERE tablename = $1', [table]))[0]?.tableowner;

  it('up --role: the table belongs to the role, the store to the login', async () => {
    const run = await godwit('--database', loginUrl, 'up', '--role', owner);
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(await ownerOf('users')).toBe(owner);
    expect(await ownerOf('godwit_migrations')).toBe(login);
  });

  it('"role" in the config does the same; validate --database then has nothing to say', async () => {
    await project.write({ 'godwit.config.json': JSON.stringify({ database: loginUrl, role: owner }) });
    expect((await godwit('up')).code).toBe(0);
    expect(await ownerOf('users')).toBe(owner);
    const validate = await godwit('validate', '--json');
    expect(validate.code).toBe(0);
    expect(JSON.parse(validate.stdout).setupWarnings).toBeUndefined();
  });

  it('validate --database warns (exit 0) about objects the login owns instead of the role, and about a superuser login', async () => {
    expect((await godwit('--database', loginUrl, 'up')).code).toBe(0);
    const validate = await godwit('--database', loginUrl, '--role', owner, 'validate');
    expect(validate.code).toBe(0);
    expect(validate.stderr).toContain(`godwit: warning: 1 object(s) in schema public belong to the login ${login}, not to the role ${owner}: users\n`);
    expect(validate.stderr).toContain(`godwit: hint: give each to the role (ALTER TABLE public.users OWNER TO ${owner};`);

    const asSuperuser = await godwit('--database', db.url, 'validate', '--json');
    expect(asSuperuser.code).toBe(0);
    expect(JSON.parse(asSuperuser.stdout).setupWarnings).toEqual([
      { message: expect.stringMatching(/ is a superuser: migrations run with every privilege on the whole server$/), hint: expect.any(String) },
    ]);
  });

  it('a role the server does not have: exit 1 with the fix, nothing created', async () => {
    const run = await godwit('--database', loginUrl, 'up', '--role', 'no_such_role_cli');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('role "no_such_role_cli" (--role) does not exist on this server');
    expect(run.stderr).toContain(`GRANT no_such_role_cli TO ${login}`);
    expect(await ownerOf('users')).toBeUndefined();
  });
});

describe('--role on other databases', () => {
  // --role on SQLite and MongoDB is bad usage (exit 2), named before anything is opened.
  let p: Project;
  beforeEach(async () => {
    p = await createProject();
    await p.write('migrations/00001_users.sql', USERS);
  });
  afterEach(() => p.remove());
  it('--role on SQLite is a usage error naming the driver', async () => {
    const run = await p.godwit('up', '--role', 'app_owner');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--role is for PostgreSQL, and sqlite:.*app\.db is sqlite \(the sqlite driver has no roles\)/);
    expect(p.userTables()).toEqual([]);
  });
  it('"role" in the config for a MongoDB database is one too', async () => {
    await p.write('godwit.config.json', JSON.stringify({ database: 'mongodb://127.0.0.1:1/app', role: 'app_owner' }));
    const run = await p.raw(['--dir', 'migrations', 'up']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is mongodb (the mongodb driver has no roles)');
  });
});
