/**
 * The linter: every migration given, in version order, through its dialect's rules; then the
 * config (rules off, severities), the live table sizes (in the message; a small table turns a
 * lock rule's error into a warning) and the `godwit:ignore` directives are applied. Migrations
 * come from core's source (Migration.load()), so goose, golang-migrate and JSON files are read
 * exactly as `up` reads them.
 */
import { GodwitError, type JsonPart, type Migration, type SqlPart } from '@godwit/core';
import type { Finding, LintOptions, LintReport, Severity, TableSize } from './contract.js';
import { lintMongoPart, mongoDirectives } from './mongodb/lint-file.js';
import type { HistoryState } from './postgres/context.js';
import { tableSql } from './postgres/ast.js';
import type { RawFinding } from './postgres/lint-file.js';
import { ruleInfo } from './rules.js';
import { type Directive, type NumberedLine, parseDirectives, suppresses, unusedDirectives } from './suppress.js';
import { formatRows, formatBytes } from './sizes.js';

export const DEFAULT_SMALL_TABLE_ROWS = 10_000;

/** Lints `migrations` (the ones to lint, any order) and returns every finding, in file order. */
export async function lintMigrations(migrations: readonly Migration[], options: LintOptions): Promise<LintReport> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const findings: Finding[] = [];
  const batchHistory = newHistory();
  let files = 0;
  for (const migration of sorted) {
    if (migration.format === 'unsupported') continue;
    files++;
    const history = options.batch ? batchHistory : newHistory();
    findings.push(...(await lintMigration(migration, history, options)));
  }
  return { findings, files };
}

function newHistory(): HistoryState {
  return { newTables: new Set(), newIndexes: new Set() };
}

async function lintMigration(migration: Migration, history: HistoryState, options: LintOptions): Promise<Finding[]> {
  const raw: RawFinding[] = [];
  const emit = (f: RawFinding) => raw.push(f);
  if (options.base?.added(migration) && migration.version < options.base.highestVersion) {
    emit({
      rule: 'non-linear',
      message: `version ${migration.version} is below ${options.base.highestVersion}, already in ${options.base.ref}: databases migrated from ${options.base.ref} would run it out of order (or refuse it)`,
      line: 1,
      column: 1,
      fix: `-- renumber it above ${options.base.highestVersion}: godwit create numbers new migrations after the highest`,
    });
  }
  let directives: Directive[] = [];
  let file = migration.file;
  try {
    const { up } = await migration.load();
    file = up.file;
    if (up.kind === 'json') {
      directives = mongoDirectives(up);
      lintMongoPart(up, history, emit);
    } else {
      directives = parseDirectives(linesOf(up));
      // Each dialect's rules (and the parser they need) load on first use.
      if (options.dialect === 'sqlite') await (await import('./sqlite/lint-file.js')).lintSqlitePart(migration, up, history, emit);
      else {
        const { lintPostgresPart } = await import('./postgres/lint-file.js');
        await lintPostgresPart(migration, up, history, { ...serverVersionOf(options), runLockTimeout: (options.runLockTimeoutMs ?? 0) > 0 }, emit);
      }
    }
  } catch (e) {
    if (!(e instanceof GodwitError)) throw e;
    emit({
      rule: 'parse-error',
      message: `${e.message}${e.hint ? ` (${e.hint})` : ''}`,
      line: e.line ?? 1,
      column: e.column ?? 1,
    });
    if (e.file) file = e.file;
  }
  const out: Finding[] = [];
  for (const r of raw) {
    const finding = resolve(r, file, options);
    if (finding && !suppresses(directives, finding)) out.push(finding);
  }
  out.push(...unusedDirectives(directives, file, (id) => ruleInfo(id) !== undefined));
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Severity (config, then table size) and the table's size in the message; undefined when the rule is off. */
function resolve(r: RawFinding, file: string, options: LintOptions): Finding | undefined {
  const info = ruleInfo(r.rule);
  const configured = options.rules?.[r.rule];
  if (configured === 'off') return undefined;
  let severity: Severity = configured ?? info?.severity ?? 'error';
  let message = r.message;
  if (r.table) {
    const size = options.facts?.table(r.table.name, r.table.schema);
    message = `${tableSql(r.table)}: ${size ? `${describeSize(size)}: ` : ''}${message}`;
    const small = options.smallTableRows ?? DEFAULT_SMALL_TABLE_ROWS;
    if (size && info?.sizeSensitive && configured === undefined && severity === 'error' && size.rows >= 0 && size.rows < small) {
      severity = 'warning';
      message += ` (a warning: fewer than ${small.toLocaleString('en-US')} rows)`;
    }
  }
  return {
    file,
    line: r.line,
    column: r.column,
    rule: r.rule,
    severity,
    message,
    ...(r.fix !== undefined && { fix: r.fix }),
  };
}

function describeSize(size: TableSize): string {
  // reltuples is -1 until the table is first analyzed (PostgreSQL 14+)
  return size.rows < 0 ? `rows not estimated yet, ${formatBytes(size.bytes)}` : `~${formatRows(size.rows)} rows, ${formatBytes(size.bytes)}`;
}

/** The server version: the database's, else the config's (11 or 110000), else none (a current one). */
function serverVersionOf(options: LintOptions): { serverVersion?: number } {
  const v = options.facts?.serverVersion ?? options.postgresVersion;
  if (v === undefined) return {};
  return { serverVersion: v < 1000 ? v * 10000 : v };
}

/** The part's lines with their file line numbers (chunks keep their place in the file). */
function linesOf(part: SqlPart): NumberedLine[] {
  const out: NumberedLine[] = [];
  for (const chunk of part.chunks) {
    const lines = chunk.text.split('\n');
    for (let i = 0; i < lines.length; i++) out.push({ line: chunk.line + i, text: lines[i]! });
  }
  return out;
}

export type { JsonPart };
