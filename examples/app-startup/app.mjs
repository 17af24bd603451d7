/**
 * A small HTTP service that brings its database schema up to date through the Godwit library
 * before it accepts a single request, and reports the migration state on GET /health.
 *
 * Why migrate here rather than in a separate step: one binary, one deploy, and the code never
 * runs against a schema older than it expects. With several replicas starting at once, Godwit's
 * lock makes one of them apply the migrations while the others wait, then find nothing to do.
 * (For many databases, or when the app's database user must not own the schema, run
 * `godwit migrate-all` as a one-shot job instead: see ../docker-compose.yml and ../k8s/.)
 */
import { createServer } from 'node:http';
import { createMigrator, resolveDatabase } from '@godwit/core';

/**
 * The driver for a database URL (`sqlite:`/`file:`/`*.db`, `postgres://`, `mongodb://`).
 * Drivers are imported only when used, so an app installs just the one it needs.
 * @param {string} url
 */
export async function openDriver(url) {
  const db = resolveDatabase(url);
  switch (db.kind) {
    case 'sqlite': {
      const { createSqliteDriver } = await import('@godwit/driver-sqlite');
      return createSqliteDriver({ path: db.sqlitePath ?? url });
    }
    case 'postgres': {
      const { createPostgresDriver } = await import('@godwit/driver-postgres');
      return createPostgresDriver({ url: db.url });
    }
    case 'mongodb': {
      const { createMongoDriver } = await import('@godwit/driver-mongodb');
      return createMongoDriver({ url: db.url });
    }
  }
  throw new Error(`no driver for ${db.redacted}`);
}

/**
 * The migration state as /health reports it. `ready` is false while migrations are pending
 * (another tool's code migration counts: `up` stops at it), the store is dirty, or an applied
 * migration's file was edited or removed: the code running is then ahead of, or unsure about,
 * the schema.
 * @param {import('@godwit/core').Migrator} migrator
 */
export async function migrationState(migrator) {
  const status = await migrator.status();
  const count = (/** @type {string[]} */ ...states) => status.migrations.filter((m) => states.includes(m.state)).length;
  const pending = count('pending', 'unsupported');
  const drifted = count('modified', 'missing');
  return { version: status.current, pending, dirty: status.dirty, ready: pending === 0 && !status.dirty && drifted === 0 };
}

/**
 * Migrate, then listen. Rejects (and listens on nothing) when a migration fails, so a broken
 * deploy never serves traffic.
 * @param {{ databaseUrl: string, migrationsDir: string, port?: number, host?: string,
 *           lockTimeoutMs?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, applied: number, close: () => Promise<void> }>}
 */
export async function startService(options) {
  const log = options.log ?? ((line) => console.error(line));
  const migrator = createMigrator({ driver: await openDriver(options.databaseUrl), dir: options.migrationsDir });
  const result = await migrator.up({ lockTimeoutMs: options.lockTimeoutMs ?? 60_000 });
  if (!result.ok) {
    await migrator.close();
    // A GodwitError prints as `file:line:col: message`; its hint says what to do next.
    const error = result.error ?? new Error('migration failed');
    throw error;
  }
  const applied = result.results.filter((step) => step.status === 'applied').length;
  log(`migrations: version ${result.before} -> ${result.after} (${applied} applied in ${result.durationMs} ms)`);

  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/health') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    migrationState(migrator).then(
      (state) => {
        response.writeHead(state.ready ? 200 : 503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: state.ready ? 'ok' : 'migrations-not-current', migrations: state }));
      },
      (error) => {
        // the database is unreachable: not healthy, and say why without leaking the URL
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'database-unavailable', error: String(error?.message ?? error) }));
      },
    );
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    applied,
    close: async () => {
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      await migrator.close();
    },
  };
}
