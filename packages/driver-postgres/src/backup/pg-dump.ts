/**
 * The PostgreSQL backup (core's BackupEngine): `pg_dump -Fc`, verified with `pg_restore --list`,
 * restored with `pg_restore --clean --if-exists` after emptying the database's schemas (so
 * tables a later migration created do not survive the restore). The version check and the
 * emptying run on the driver's main session; the tools get their connection from
 * tool-connection.ts, the password in their environment only.
 */
import { type BackupEngine, type BackupRequest, runTool } from '@godwit/core';
import type pg from 'pg';
import { toolConnection } from './tool-connection.js';
import { assertDumpCanRead } from './tool-version.js';

const MISSING_HINT = 'install the PostgreSQL client tools (e.g. apt-get install postgresql-client) or put pg_dump on PATH';

export interface PgBackupDeps {
  /** the driver's URL, password included */
  url: string;
  /** the URL's secrets as written, masked in the tools' messages */
  secrets: readonly string[];
  /** the driver's main session, connected on first use */
  client: () => Promise<pg.Client>;
}

export function pgDumpEngine(deps: PgBackupDeps, request: BackupRequest): BackupEngine {
  const conn = toolConnection(deps.url, request.toolEnv ?? {});
  const tool = (command: string, args: string[]) =>
    runTool(command, args, { env: conn.env, secrets: [...deps.secrets, conn.password], hintWhenMissing: MISSING_HINT });

  return {
    method: 'pg_dump -Fc',
    ext: 'dump',
    compressed: true,
    async dump(file) {
      // The tool first: without pg_dump there is no reason to connect.
      const version = await tool('pg_dump', ['--version']);
      const client = await deps.client();
      const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
      assertDumpCanRead(version.stdout, Number(rows[0]?.server_version_num));
      await tool('pg_dump', ['-Fc', '--no-password', `--file=${file}`, `--dbname=${conn.url}`]);
    },
    async verify(file) {
      const out = await tool('pg_restore', ['--list', file]);
      const entries = out.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(';')).length;
      const tables = out.stdout.split('\n').filter((l) => / TABLE DATA /.test(l)).length;
      return `pg_restore --list: ${entries} entries, ${tables} table(s) with data`;
    },
    async restore(file) {
      const client = await deps.client();
      const { rows } = await client.query<{ nspname: string }>(
        "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'",
      );
      await client.query('BEGIN');
      try {
        for (const { nspname } of rows) await client.query(`DROP SCHEMA ${client.escapeIdentifier(nspname)} CASCADE`);
        await client.query('CREATE SCHEMA public');
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
      await tool('pg_restore', ['--clean', '--if-exists', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${conn.url}`, file]);
    },
  };
}
