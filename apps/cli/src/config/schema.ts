/**
 * The config file's shape, checked strictly with zod: an unknown key or a wrong type is an error
 * naming the key path and the file, because a typo in a config (`"databse"`) silently ignored is
 * how a migration ends up on the wrong database.
 */
import { GodwitError } from '@godwit/core';
import { z } from 'zod';

/** The single-database keys (kept from the first config format; still used by every command). */
const singleDatabase = {
  database: z.string().optional(),
  driver: z.string().optional(),
  dir: z.string().optional(),
  table: z.string().optional(),
  /** PostgreSQL: the role migrations run as (SET ROLE), like --role */
  role: z.string().optional(),
};

/**
 * Defaults for every migration's own limits (its `-- +godwit lock_timeout=... retries=...` line
 * wins): durations as the flags take them (`2s`, `5m`).
 */
const migrationDefaults = z
  .object({
    lockTimeout: z.string().optional(),
    statementTimeout: z.string().optional(),
    retries: z.number().int().min(0).optional(),
    retryDelay: z.string().optional(),
  })
  .strict();

/** One database of a multi-database project; any key left out comes from the folder convention. */
const databaseEntry = z
  .object({
    driver: z.string().optional(),
    url: z.string().optional(),
    dir: z.string().optional(),
    table: z.string().optional(),
    seedDir: z.string().optional(),
  })
  .strict();

const environment = z
  .object({
    ...singleDatabase,
    /** down, down-to, redo, reset, force and seeds need --yes */
    protected: z.boolean().optional(),
    /** back up before migrating (the backup plugin reads it) */
    backup: z.boolean().optional(),
    /** `status` compares the schema with the last run's snapshot, and `status --check` fails on drift */
    checkDrift: z.boolean().optional(),
    /** the environment's defaults for every migration's limits (over the top level's) */
    migrationDefaults: migrationDefaults.optional(),
    /** per-database overrides, by id */
    databases: z.record(databaseEntry).optional(),
  })
  .strict();

/** A plugin: its module name, or the name with options for it. */
const plugin = z.union([
  z.string(),
  z.object({ name: z.string(), options: z.record(z.unknown()).optional() }).strict(),
]);

/** `godwit lint` and the lint before `up` (rule ids are checked by the lint command, which knows them). */
const lintSection = z
  .object({
    /** rule id -> off | error | warning */
    rules: z.record(z.enum(['off', 'error', 'warning'])).optional(),
    /** below this many rows a lock rule reports a warning (with --database); default 10000 */
    smallTableRows: z.number().int().nonnegative().optional(),
    /** the PostgreSQL version to assume without a database, e.g. 11 */
    postgresVersion: z.number().int().positive().optional(),
    /** what `up` does with the linter's findings on what it is about to apply; default off */
    onUp: z.enum(['off', 'warn', 'error']).optional(),
  })
  .strict();

/**
 * A fleet (`godwit fleet --fleet <name>`): one migrations folder run on many targets, listed by a
 * file, inline URLs, a query on a control database, or the schemas of one PostgreSQL database.
 */
const fleetEntry = z
  .object({
    dir: z.string(),
    /** a targets file (one URL per line), or the URLs themselves */
    targets: z.union([z.string(), z.array(z.string())]).optional(),
    /** SQL on `database` returning one URL or schema name per row */
    targetsQuery: z.string().optional(),
    /** PostgreSQL: every schema of `database` matching this LIKE pattern is a target */
    schemas: z.string().optional(),
    /** the control database (targetsQuery) or the database whose schemas are the targets */
    database: z.string().optional(),
    table: z.string().optional(),
    concurrency: z.number().int().positive().optional(),
  })
  .strict();

/** Exported for the JSON Schema the build writes from it (json-schema.ts): the two cannot drift. */
export const configFile = z
  .object({
    $schema: z.string().optional(),
    ...singleDatabase,
    databases: z.record(databaseEntry).optional(),
    environments: z.record(environment).optional(),
    plugins: z.array(plugin).optional(),
    migrationDefaults: migrationDefaults.optional(),
    lint: lintSection.optional(),
    fleets: z.record(fleetEntry).optional(),
  })
  .strict();

export type MigrationDefaults = z.infer<typeof migrationDefaults>;
export type LintSection = z.infer<typeof lintSection>;
export type FleetEntryConfig = z.infer<typeof fleetEntry>;
export type DatabaseEntry = z.infer<typeof databaseEntry>;
export type EnvironmentConfig = z.infer<typeof environment>;
export type PluginEntry = z.infer<typeof plugin>;
export type ConfigFile = Omit<z.infer<typeof configFile>, '$schema'>;
export type DatabaseSettings = Pick<ConfigFile, 'database' | 'driver' | 'dir' | 'table' | 'role'>;

export function checkConfig(value: unknown, file: string): ConfigFile {
  const parsed = configFile.safeParse(value);
  if (!parsed.success) throw configError(parsed.error.issues, value, file);
  const { $schema: _, ...config } = parsed.data;
  return config;
}

/** The first issue, worded with its key path: one line, as every Godwit error. */
function configError(issues: z.ZodIssue[], value: unknown, file: string): GodwitError {
  const issue = issues[0]!;
  const path = issue.path.join('.');
  const hint = 'see the README section "Config file" for the shape';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return new GodwitError('CONFIG', `unknown key "${path ? `${path}.${key}` : key}"`, { file, hint: `known keys here: ${knownKeys(issue.path)}` });
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    const expected = issue.code === 'invalid_type' ? EXPECTED[issue.expected] ?? issue.expected : 'a module name or { "name", "options" }';
    const what = path ? `"${path}"` : 'the config';
    return new GodwitError('CONFIG', `${what} must be ${expected}, not ${describe(valueAt(value, issue.path))}`, { file, hint });
  }
  return new GodwitError('CONFIG', `${path ? `"${path}": ` : ''}${issue.message}`, { file, hint });
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  number: 'a number',
};

/** The keys allowed where an unknown one was found, for the hint. */
function knownKeys(path: ReadonlyArray<string | number>): string {
  let shape: z.ZodTypeAny = configFile;
  for (const part of path) shape = childOf(shape, part) ?? shape;
  const unwrapped = shape instanceof z.ZodOptional ? shape.unwrap() : shape;
  if (unwrapped instanceof z.ZodObject) return Object.keys(unwrapped.shape).filter((k) => k !== '$schema').join(', ');
  return '(see the README)';
}

function childOf(shape: z.ZodTypeAny, part: string | number): z.ZodTypeAny | undefined {
  const s = shape instanceof z.ZodOptional ? shape.unwrap() : shape;
  if (s instanceof z.ZodObject) return (s.shape as Record<string, z.ZodTypeAny>)[String(part)];
  if (s instanceof z.ZodRecord) return s.valueSchema as z.ZodTypeAny;
  if (s instanceof z.ZodArray) return s.element as z.ZodTypeAny;
  return undefined;
}

function valueAt(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let v = value;
  for (const part of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
