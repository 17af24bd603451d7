/**
 * The repository's sample project through `godwit migrate-all`, as the compose file's `migrate`
 * service, the Kubernetes Job and the deploy workflow run it: every database's URL in its
 * conventional variable, one command, one summary.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabase, hasServer, type TestDatabase as MongoDatabase } from '@godwit/test-kit/mongodb';
import { createTestDatabase, describePostgres, type TestDatabase } from '@godwit/test-kit/postgres';
import { godwit } from './support/godwit.js';
import { MIGRATIONS_ROOT, sampleDatabases } from './support/sample.js';

const samples = sampleDatabases();

describePostgres('the sample project with godwit migrate-all', () => {
  const postgres: TestDatabase[] = [];
  const mongo: MongoDatabase[] = [];
  const env: Record<string, string> = {};
  let project: string;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'godwit-sample-'));
    await cp(MIGRATIONS_ROOT, join(project, 'migrations'), { recursive: true });
    for (const s of samples) {
      if (s.driver === 'postgres') {
        const db = await createTestDatabase(s.id.replace('-', '_'));
        postgres.push(db);
        env[s.envVar] = db.url;
      } else if (s.driver === 'mongo' && hasServer) {
        const db = await freshDatabase(s.id.replace('-', '_'));
        mongo.push(db);
        env[s.envVar] = db.url;
      } else if (s.driver === 'sqlite') {
        env[s.envVar] = `sqlite:${join(project, `${s.id}.db`)}`;
      }
    }
  });
  afterAll(async () => {
    await Promise.all([...postgres.map((d) => d.drop()), ...mongo.map((d) => d.drop())]);
    if (project) await rm(project, { recursive: true, force: true });
  });

  // The folder is given absolute: the CLI runs in-process here, and resolves a relative --dir
  // against the process's working folder, not the `cwd` handed to main().
  // Without a MongoDB-protocol server, the mongo-* databases are left out.
  const args = () => [
    '--dir',
    join(project, 'migrations'),
    ...(hasServer ? [] : ['--except', samples.filter((s) => s.driver === 'mongo').map((s) => s.id).join(',')]),
  ];

  it('a missing URL is named before anything runs', { timeout: 90_000 }, async () => {
    const { POSTGRES_ORDER_URL: _, ...partial } = env;
    const run = await godwit(['migrate-all', ...args()], project, partial);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('postgres-order: no database URL: POSTGRES_ORDER_URL is not set');
    const status = await godwit(['status', '--all', '--json', ...args()], project, env);
    expect(JSON.parse(status.stdout).databases.every((d: { current: number }) => d.current === 0)).toBe(true);
  });

  it('validates, migrates every database with --seed, and reports each one', { timeout: 180_000 }, async () => {
    expect((await godwit(['validate', '--all', '--strict', ...args()], project, {})).code).toBe(0);
    const run = await godwit(['migrate-all', '--seed', '--json', ...args()], project, env);
    expect(run.stderr).not.toMatch(/"level":50/);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const rows = report.databases.map((d: { id: string; result: string; after: number }) => [d.id, d.result, d.after]);
    const expected = samples.filter((s) => s.driver !== 'mongo' || hasServer).map((s) => [s.id, 'ok', s.id === 'sqlite-demo' ? 4 : 3]);
    expect(rows).toEqual(expected);

    // seeds landed in postgres-product, tracked in their own store
    const product = postgres[samples.filter((s) => s.driver === 'postgres').findIndex((s) => s.id === 'postgres-product')]!;
    expect(await product.query('SELECT sku FROM products')).toEqual([{ sku: 'BK-0001' }]);
    expect(await product.query('SELECT count(*)::int AS n FROM godwit_migrations_seeds')).toEqual([{ n: 2 }]);

    const again = await godwit(['migrate-all', ...args()], project, env);
    expect(again.code).toBe(0);
  });
});
