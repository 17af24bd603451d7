/**
 * What `godwit lint --database` reads from a live PostgreSQL server: its version, and the
 * estimated row count (`pg_class.reltuples`) and size (`relpages` of the table, its TOAST table and
 * its indexes, times the block size) of every table, both kept by VACUUM, ANALYZE and autovacuum,
 * in one read-only query of the catalogs.
 *
 * Catalog columns only, on purpose: `pg_total_relation_size` opens each table and so waits for
 * an ACCESS EXCLUSIVE lock anywhere in the database; the lint before `up` must never queue behind
 * (or in front of) the very locks it warns about.
 */
import { GodwitError, redactSecrets } from '@godwit/core';
import type { DatabaseFacts, TableSize } from '../contract.js';

interface Row {
  schema: string;
  name: string;
  rows: number;
  bytes: number;
  visible: boolean;
}

const TABLES_SQL = `
  SELECT n.nspname AS schema, c.relname AS name, c.reltuples::float8 AS rows,
         ((c.relpages + COALESCE(t.relpages, 0)
           + COALESCE((SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid), 0)
          )::float8 * current_setting('block_size')::float8) AS bytes,
         pg_table_is_visible(c.oid) AS visible
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
   WHERE c.relkind IN ('r', 'p', 'm')
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

/** `url` holds the password: errors go through redactSecrets with `secrets`. */
export async function readPostgresFacts(url: string, secrets: readonly string[] = []): Promise<DatabaseFacts> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, application_name: 'godwit lint' });
  try {
    await client.connect();
    const version = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    const tables = await client.query<Row>(TABLES_SQL);
    return factsFrom(Number(version.rows[0]?.v), tables.rows);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new GodwitError('CONNECTION_FAILED', `cannot read table sizes: ${redactSecrets(message, secrets)}`, {
      hint: 'check --database; lint needs only read access to pg_class',
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Facts from query rows: a bare name means the table the search path finds (else the first). */
export function factsFrom(serverVersion: number, rows: readonly Row[]): DatabaseFacts {
  const qualified = new Map<string, TableSize>();
  const bare = new Map<string, TableSize>();
  for (const r of rows) {
    const size = { rows: Number(r.rows), bytes: Number(r.bytes) };
    qualified.set(`${r.schema}.${r.name}`, size);
    if (r.visible || !bare.has(r.name)) bare.set(r.name, size);
  }
  return {
    ...(Number.isFinite(serverVersion) && { serverVersion }),
    table: (name, schema) => (schema ? qualified.get(`${schema}.${name}`) : bare.get(name)),
  };
}
