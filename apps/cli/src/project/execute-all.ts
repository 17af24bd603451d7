/**
 * The frame of every command that works across a project's databases (migrate-all, status --all,
 * validate --all): resolve the project (every error before anything runs), mask every URL's
 * secrets, run one job per database through the usual session (driver, migrator, logger bound to
 * the database id), then print one table or one JSON document and return the exit code
 * (1 when any database failed).
 */
import type { GodwitError } from '@godwit/core';
import type { CliContext } from '../context/command-kit.js';
import { report } from '../context/execute.js';
import { type Session, withSession } from '../context/session.js';
import { secretsOf } from '../context/secrets.js';
import { EXIT_FAILED, EXIT_OK, asGodwitError, errorJson } from '../output/errors.js';
import { writeJson } from '../output/json.js';
import { renderTable } from '../output/table.js';
import { type ProjectOptions, requireAll } from './options.js';
import { type Project, type ProjectDatabase, resolveProject } from './resolve.js';
import { runEach } from './run-each.js';

export interface DatabaseOutcome {
  ok: boolean;
  /** this database's part of the --json document */
  json: Record<string, unknown>;
  /** the table cells after DATABASE and DRIVER */
  cells: string[];
  errors?: GodwitError[];
}

export interface AllSpec {
  command: string;
  /** migrate-all and status need every URL; validate checks files only without one */
  urlRequired: boolean;
  /** read-only commands look at every database; migrate-all stops at the first failure unless told */
  continueOnError: boolean;
  /** the table's columns after DATABASE and DRIVER */
  columns: string[];
  /** refuses before anything runs (e.g. seeds on a protected environment) */
  check?: (project: Project) => void;
}

export type DatabaseJob = (db: ProjectDatabase, session: (dir: string, table: string) => SessionRunner) => Promise<DatabaseOutcome>;
export type SessionRunner = <T>(body: (session: Session) => Promise<T>) => Promise<T>;

export async function executeAll(ctx: CliContext, options: ProjectOptions, spec: AllSpec, job: DatabaseJob): Promise<number> {
  const json = options.json === true;
  let project: Project;
  try {
    if (spec.command !== 'migrate-all') requireAll(options, spec.command);
    project = await resolveProject({ options, env: ctx.env, cwd: ctx.cwd, urlRequired: spec.urlRequired });
    for (const url of project.urls) for (const s of secretsOf(url)) ctx.io.addSecret(s);
    spec.check?.(project);
  } catch (e) {
    return report(ctx, json, { ok: false, json: {}, text: '', errors: [asGodwitError(e)] });
  }
  for (const w of project.warnings) ctx.io.err(`godwit: warning: ${w}\n`);

  const started = Date.now();
  const results = await runEach(
    project.databases,
    { concurrency: options.concurrency ?? 1, continueOnError: spec.continueOnError || options.continueOnError === true },
    async (db) => {
      const t0 = Date.now();
      const sessionFor =
        (dir: string, table: string): SessionRunner =>
        (body) =>
          withSession(
            ctx,
            options,
            { command: spec.command, need: spec.urlRequired ? 'required' : 'optional', target: { id: db.id, dir, table, ...(db.database && { database: db.database }) } },
            body,
          );
      let outcome: DatabaseOutcome;
      try {
        outcome = await job(db, sessionFor);
      } catch (e) {
        outcome = { ok: false, json: {}, cells: spec.columns.map(() => '-'), errors: [asGodwitError(e)] };
      }
      return { ok: outcome.ok, value: { ...outcome, durationMs: Date.now() - t0 } };
    },
  );

  const rows: string[][] = [];
  const documents: Record<string, unknown>[] = [];
  let failed = 0;
  for (const [i, r] of results.entries()) {
    const db = project.databases[i]!;
    const base = { id: db.id, driver: db.driver, target: db.database?.redacted ?? null };
    if (r.status === 'skipped') {
      rows.push([db.id, db.driver, ...spec.columns.map(() => '-'), '-', 'skipped']);
      documents.push({ ...base, result: 'skipped' });
      continue;
    }
    const { value } = r;
    if (r.status === 'failed') failed++;
    rows.push([db.id, db.driver, ...value.cells, `${value.durationMs} ms`, r.status]);
    const first = value.errors?.[0];
    documents.push({ ...base, result: r.status, durationMs: value.durationMs, ...value.json, ...(first && { error: errorJson(first) }) });
    for (const e of value.errors ?? []) renderDatabaseError(ctx, db.id, e);
  }
  const ok = failed === 0;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  if (json) {
    writeJson(ctx.io, { ok, command: spec.command, durationMs: Date.now() - started, failed, skipped, databases: documents });
  } else {
    const table = renderTable(['DATABASE', 'DRIVER', ...spec.columns, 'TIME', 'RESULT'], rows);
    const summary = `${ok ? 'ok' : 'failed'}: ${project.databases.length - failed - skipped} ok, ${failed} failed, ${skipped} skipped`;
    ctx.io.out(`${table}${summary}\n`);
  }
  return ok ? EXIT_OK : EXIT_FAILED;
}

/** `godwit: error: [postgres-product] 00005_broken.sql:4: ...`: the database first, as on every log line. */
function renderDatabaseError(ctx: CliContext, id: string, error: GodwitError): void {
  const oneLine = (text: string) => text.replace(/\s*\r?\n\s*/g, ' ').trim();
  ctx.io.err(`godwit: error: [${id}] ${oneLine(error.toString())}\n`);
  if (error.hint) ctx.io.err(`godwit: hint: ${oneLine(error.hint)}\n`);
}
