/**
 * Where a fleet's targets come from: a list (a file or the config), a query on a control
 * database (each row a URL, or a schema name on that database), or the schemas of one PostgreSQL
 * database matching a LIKE pattern. The PostgreSQL reads are the driver's, loaded only here.
 */
import { isSchemeUrl, redactUrl } from '@godwit/core';
import type { FleetEntry } from './target-list.js';

export type TargetSource =
  | { kind: 'list'; entries: FleetEntry[]; label: string }
  | { kind: 'query'; sql: string; database: string; label: string }
  | { kind: 'schemas'; pattern: string; database: string; label: string };

export async function listTargets(source: TargetSource): Promise<FleetEntry[]> {
  if (source.kind === 'list') return source.entries;
  const { listSchemas, queryFirstColumn } = await import('@godwit/driver-postgres');
  if (source.kind === 'schemas') return (await listSchemas(source.database, source.pattern)).map((schema) => schemaEntry(source.database, schema));
  const values = await queryFirstColumn(source.database, source.sql);
  return values.map((value) => (looksLikeUrl(value) ? { id: redactUrl(value), url: value } : schemaEntry(source.database, value)));
}

/** One schema of a database as a target: its id is the schema's name, unique within the database. */
export function schemaEntry(database: string, schema: string): FleetEntry {
  return { id: schema, url: database, schema };
}

function looksLikeUrl(value: string): boolean {
  return isSchemeUrl(value) || value.startsWith('sqlite:');
}
