/** The health and metrics handlers over real HTTP (node:http), before and after a run on a SQLite file. */
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthReport } from '@godwit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './__fixtures__/exposition.js';
import { POSTS, type SqliteProject, USERS, createSqliteProject } from './__fixtures__/sqlite-project.js';
import { createHealthHandler } from './health-handler.js';
import type { RequestHandler } from './http.js';
import { createMetricsHandler } from './metrics-handler.js';

let project: SqliteProject;
let server: Server | undefined;
beforeEach(async () => {
  project = await createSqliteProject();
});
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  await project.remove();
});

async function serve(routes: Record<string, RequestHandler>): Promise<string> {
  server = createServer((req, res) => {
    const handler = routes[req.url ?? ''];
    if (handler) handler(req, res);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createHealthHandler', () => {
  it('answers strangers 503 with only ok, version, pending and dirty before a run, 200 after it', async () => {
    const { migrator } = project.open();
    await project.write('000001_users.sql', USERS);
    await project.write('000002_posts.sql', POSTS);
    const base = await serve({ '/health': createHealthHandler(migrator), '/internal/health': createHealthHandler(migrator, { detailed: true }) });

    const before = await fetch(`${base}/health`);
    expect(before.status).toBe(503);
    expect(before.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await before.json()).toEqual({ ok: false, version: 0, pending: 2, dirty: false });
    const detailed = await fetch(`${base}/internal/health`);
    expect(detailed.status).toBe(503);
    expect(await detailed.json()).toEqual({
      ok: false,
      current: 0,
      latest: 2,
      pending: 2,
      pendingVersions: [1, 2],
      dirty: false,
      problems: [],
    });

    expect((await migrator.up()).ok).toBe(true);
    const after = await fetch(`${base}/health`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ ok: true, version: 2, pending: 0, dirty: false });
    const body = (await (await fetch(`${base}/internal/health`)).json()) as HealthReport;
    expect(body).toMatchObject({ ok: true, current: 2, latest: 2, pending: 0, dirty: false, problems: [] });
    expect(body.lastRun).toMatchObject({ version: 2, name: 'posts', direction: 'up', success: true });

    // HEAD for probes that only look at the status
    const head = await fetch(`${base}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('reports an edited applied file as a problem (503)', async () => {
    const { migrator } = project.open();
    await project.write('000001_users.sql', USERS);
    await migrator.up();
    await project.write('000001_users.sql', USERS.replace('id INTEGER', 'id BIGINT'));
    const base = await serve({ '/health': createHealthHandler(migrator, { detailed: true }) });
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as HealthReport;
    expect(body.problems).toHaveLength(1);
    expect(body.problems[0]).toMatchObject({ code: 'CHECKSUM_MISMATCH', version: 1 });
  });

  it('a database that cannot be read is 503 with no error text, even detailed; the error goes to the logger', async () => {
    await project.write('000001_users.sql', USERS);
    // A real failure: the database file is not a database.
    await writeFile(project.dbFile, 'this is not a database; '.repeat(100));
    const { migrator } = project.open();
    const logged: Array<{ obj: object; msg?: string }> = [];
    const logger = { error: (obj: object, msg?: string) => logged.push({ obj, msg }) };
    const base = await serve({
      '/health': createHealthHandler(migrator, { logger }),
      '/internal/health': createHealthHandler(migrator, { logger, detailed: true }),
    });
    for (const path of ['/health', '/internal/health']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('{"ok":false}\n');
    }
    expect(logged).toHaveLength(2);
    expect(logged[0]!.msg).toMatch(/^health check could not read the migration state: .*not a database/);
    expect(logged[0]!.obj).toMatchObject({ event: 'health-failed', err: expect.stringMatching(/not a database/) });
  });

  it('a logged error never carries a password', async () => {
    const failing = { health: () => Promise.reject(new Error('connect failed for postgres://app:S3cret@db/app')) };
    const logged: string[] = [];
    const base = await serve({ '/health': createHealthHandler(failing, { logger: { error: (_o, msg) => logged.push(msg ?? '') } }) });
    expect(await (await fetch(`${base}/health`)).text()).toBe('{"ok":false}\n');
    expect(logged).toEqual(['health check could not read the migration state: connect failed for postgres://app:****@db/app']);
  });
});

describe('createMetricsHandler', () => {
  it('serves the registry, refreshed from the database on each scrape', async () => {
    const { migrator, plugin } = project.open();
    await project.write('000001_users.sql', USERS);
    await project.write('000002_posts.sql', POSTS);
    const base = await serve({ '/metrics': createMetricsHandler(plugin, { migrator }) });

    let res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    let m = parseExposition(await res.text());
    expect(sampleValue(m, 'godwit_pending_migrations', { database: 'sqlite-app' })).toBe(2);
    expect(sampleValue(m, 'godwit_schema_version', { database: 'sqlite-app' })).toBe(0);

    await migrator.up();
    res = await fetch(`${base}/metrics`);
    m = parseExposition(await res.text());
    expect(sampleValue(m, 'godwit_pending_migrations', { database: 'sqlite-app' })).toBe(0);
    expect(sampleValue(m, 'godwit_schema_version', { database: 'sqlite-app' })).toBe(2);
    expect(sampleValue(m, 'godwit_migrations_total', { database: 'sqlite-app', direction: 'up', result: 'applied' })).toBe(2);
  });
});
