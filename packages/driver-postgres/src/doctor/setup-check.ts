/**
 * `validate --database` on PostgreSQL: warnings about how migrations reach the database, read
 * from the catalog on the login's own session (never under --role), changing nothing.
 * - A superuser login: a migration (or anyone holding its URL) can do anything on the server.
 * - With a role: objects in the migrated schema that belong to the login, not the role, which is
 *   what the role is for (they were made before --role, or by hand). Godwit's own tables are the
 *   login's by design (connection/role.ts) and are not reported.
 */
import type { SetupWarning } from '@godwit/core';
import type pg from 'pg';
import { ident } from '../connection/role.js';

export interface SetupCheckOptions {
  role?: string;
  /** the version table's name: it and its siblings (`_history`, `_seeds`...) are the login's by design */
  storeTable: string;
}

/** How many object names a warning lists before "and N more". */
const SHOWN = 5;

export async function checkSetup(client: pg.Client, o: SetupCheckOptions): Promise<SetupWarning[]> {
  const warnings: SetupWarning[] = [];
  const who = await client.query<{ login: string; superuser: boolean; schema: string | null }>(
    'SELECT session_user AS login, r.rolsuper AS superuser, current_schema() AS schema FROM pg_roles r WHERE r.rolname = session_user',
  );
  const { login, superuser, schema } = who.rows[0] ?? { login: 'the login', superuser: false, schema: null };
  if (superuser) {
    warnings.push({
      message: `the login ${login} is a superuser: migrations run with every privilege on the whole server`,
      hint: 'migrate with a login that can change only this database, and --role for the role that should own its objects (see docs/security.md)',
    });
  }
  if (o.role !== undefined && o.role !== login && schema !== null) {
    const owned = await client.query<{ name: string; kind: string }>(
      `SELECT c.relname AS name, CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
              WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = session_user)
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND left(c.relname, length($1)) <> $1
          -- a serial's sequence follows its table's owner: only the table is worth naming
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND c.relkind = 'S')
        ORDER BY 1`,
      [o.storeTable],
    );
    if (owned.rows.length > 0) {
      const names = owned.rows.map((r) => r.name);
      const more = names.length > SHOWN ? `, and ${names.length - SHOWN} more` : '';
      const first = owned.rows[0]!;
      warnings.push({
        message: `${names.length} object(s) in schema ${schema} belong to the login ${login}, not to the role ${o.role}: ${names.slice(0, SHOWN).join(', ')}${more}`,
        hint: `give each to the role (ALTER ${first.kind} ${ident(schema)}.${ident(first.name)} OWNER TO ${ident(o.role)}; and so on), so the application's role can change them; new ones made with --role are its already`,
      });
    }
  }
  return warnings;
}
