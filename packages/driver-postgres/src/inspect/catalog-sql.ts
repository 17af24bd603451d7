/**
 * The catalog queries of `inspect`, one per kind of object, sent together in one round trip (a
 * schema of 500 tables must inspect in well under a second). Every query reads the catalogs
 * directly, never information_schema (slow, and blind to what the login does not own), and
 * leaves out the system schemas, objects that belong to an extension (the extension is listed
 * instead) and Godwit's own store tables (`store`: their oids) with everything hanging off them.
 */
export interface CatalogSqlOptions {
  /** oids of the store's tables, as a SQL array literal, e.g. `'{16384,16390}'::oid[]` */
  store: string;
  /** server_version_num: function bodies written BEGIN ATOMIC (14+) are hashed too */
  serverVersion: number;
  /**
   * A schema target's schema, as a SQL literal (the driver's `schema` option: a tenant of a fleet
   * that shares its database with the others): only that schema is read, so a neighbour's change
   * is not this tenant's drift. Without it every user schema is read.
   */
  only?: string;
}

const SYSTEM_SCHEMAS = (n: string) => `${n}.nspname NOT IN ('information_schema', 'pg_catalog', 'pg_toast') AND ${n}.nspname NOT LIKE 'pg\\_temp\\_%' AND ${n}.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`;
const NOT_EXTENSION = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '${catalog}'::regclass AND x.objid = ${oid} AND x.deptype = 'e')`;

/** The queries in the order `inspect` reads their results. */
export function catalogSql({ store, serverVersion, only }: CatalogSqlOptions): string[] {
  const USER_SCHEMA = (n: string) => (only === undefined ? SYSTEM_SCHEMAS(n) : `${n}.nspname = ${only}`);
  const sqlBody = serverVersion >= 140000 ? "|| coalesce(pg_get_function_sqlbody(p.oid), '')" : '';
  return [
    // schemas
    `SELECT n.nspname AS nsp FROM pg_namespace n WHERE ${USER_SCHEMA('n')} AND n.nspname NOT LIKE 'pg\\_%' AND ${NOT_EXTENSION('pg_namespace', 'n.oid')}`,
    // tables, views, materialized views, foreign tables, sequences (not identity ones: the column says it)
    `SELECT c.oid, n.nspname AS nsp, c.relname AS name, c.relkind AS kind, c.relpersistence AS persistence,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS viewdef,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
       s.seqtypid::regtype::text AS seqtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_sequence s ON s.seqrelid = c.oid
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${USER_SCHEMA('n')} AND NOT (c.oid = ANY (${store}))
       AND ${NOT_EXTENSION('pg_class', 'c.oid')}
       AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
             AND (d.deptype = 'i' OR (d.deptype = 'a' AND d.refobjid = ANY (${store})))))`,
    // columns (the relation oid joins them to the relations above)
    `SELECT a.attrelid AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
       pg_get_expr(ad.adbin, ad.adrelid) AS def, a.attidentity AS identity, a.attgenerated AS generated,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_type t ON t.oid = a.atttypid
     LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
     LEFT JOIN pg_collation co ON co.oid = a.attcollation
     WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f') AND ${USER_SCHEMA('n')}`,
    // constraints on tables: primary, unique, check, foreign keys (actions and deferrability in the definition), exclusion
    `SELECT con.conrelid AS rel, con.conname AS name, pg_get_constraintdef(con.oid) AS def
     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_SCHEMA('n')}`,
    // indexes, with their definitions and whether they are valid (a failed CREATE INDEX CONCURRENTLY is not)
    `SELECT i.indrelid AS rel, n.nspname AS nsp, ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def, i.indisvalid AS valid
     FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
     WHERE ${USER_SCHEMA('n')}`,
    // functions and procedures, by signature; the body by hash
    `SELECT n.nspname AS nsp, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args, p.prokind AS kind,
       pg_get_function_result(p.oid) AS result, l.lanname AS lang, p.provolatile AS volatility, p.prosecdef AS secdef,
       md5(coalesce(p.prosrc, '') || coalesce(p.probin, '') ${sqlBody}) AS body
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
     WHERE ${USER_SCHEMA('n')} AND ${NOT_EXTENSION('pg_proc', 'p.oid')}`,
    // triggers (not the internal ones behind foreign keys)
    `SELECT t.tgrelid AS rel, t.tgname AS name, pg_get_triggerdef(t.oid) AS def
     FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT t.tgisinternal AND ${USER_SCHEMA('n')}`,
    // enums with their values in order
    `SELECT n.nspname AS nsp, t.typname AS name, string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) AS labels
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE ${USER_SCHEMA('n')} AND ${NOT_EXTENSION('pg_type', 't.oid')} GROUP BY 1, 2`,
    // domains with their constraints
    `SELECT n.nspname AS nsp, t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull AS notnull, t.typdefault AS def,
       (SELECT string_agg(pg_get_constraintdef(c.oid), ' ' ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid) AS checks
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'd' AND ${USER_SCHEMA('n')} AND ${NOT_EXTENSION('pg_type', 't.oid')}`,
    // extensions
    `SELECT e.extname AS name, e.extversion AS version, n.nspname AS nsp FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`,
    // comments on relations and their columns
    `SELECT d.objoid AS rel, a.attname AS col, d.description AS text
     FROM pg_description d JOIN pg_class c ON c.oid = d.objoid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid AND d.objsubid > 0
     WHERE d.classoid = 'pg_class'::regclass AND ${USER_SCHEMA('n')}`,
  ];
}
