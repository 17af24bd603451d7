#!/usr/bin/env node
/**
 * Start the example service:
 *
 *   DATABASE_URL=sqlite:./app.db MIGRATIONS_DIR=../migrations/sqlite-demo PORT=8080 node app-startup/main.mjs
 *   DATABASE_URL=postgres://app:secret@127.0.0.1:5432/app MIGRATIONS_DIR=../migrations/postgres-user node app-startup/main.mjs
 *
 * It prints `listening on <url>` on stdout once migrations are applied; a failed migration is
 * printed on stderr and the process exits 1 without ever listening. SIGTERM/SIGINT close the
 * server and the database connection.
 */
import { startService } from './app.mjs';

const databaseUrl = process.env.DATABASE_URL ?? 'sqlite:./app.db';
const migrationsDir = process.env.MIGRATIONS_DIR ?? './migrations';
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

try {
  const service = await startService({ databaseUrl, migrationsDir, port, host });
  console.log(`listening on ${service.url}`);
  const stop = () => {
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  console.error(`app-startup: cannot start: ${error}`);
  // a GodwitError carries what to do next
  const hint = /** @type {{ hint?: string }} */ (error)?.hint;
  if (hint) console.error(`app-startup: hint: ${hint}`);
  process.exit(1);
}
