/**
 * The frame of every command that works across a project's databases (migrate-all, status --all,
 * validate --all): resolve the project once (every error before anything runs, the config file
 * read once), run one job per target through the usual session (driver, migrator, logger bound
 * to the database id), then print one table or one JSON document and return the exit code
 * (1 when any database failed).
 */
import type { GodwitError } from '@godwit/core';
import { formatDuration } from '../../output/duration.js';
import { EXIT_FAILED, EXIT_OK, asGodwitError, errorJson, renderErrorLines } from '../../output/errors.js';
import { writeJson } from '../../output/json.js';
import { failedOutcome, report } from '../../output/outcome.js';
import { renderTable } from '../../output/table.js';
import { type ProjectOptions, requireAll } from '../../settings/project-options.js';
import type { UrlRequirement } from '../../settings/project-targets.js';
import type { ProjectTarget, Target } from '../../settings/target.js';
import { type Session, withSession } from '../../session/session.js';
import type { CliContext } from './command-kit.js';
import { runEach } from './run-each.js';
import { targetsFor } from './targets.js';

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
  /** migrate-all needs every URL; status marks a database without one; validate checks files only */
  urlRequired: UrlRequirement;
  /** read-only commands look at every database; migrate-all stops at the first failure unless told */
  continueOnError: boolean;
  /** the table's columns after DATABASE and DRIVER */
  columns: string[];
  /** refuses before anything runs (e.g. seeds on a protected environment) */
  check?: (targets: readonly ProjectTarget[]) => void;
}

/** Runs a body in a session on a target (the database's own, or one derived from it such as its seeds). */
export type OpenSession = <T>(target: Target, body: (session: Session) => Promise<T>) => Promise<T>;
export type DatabaseJob = (target: ProjectTarget, open: OpenSession) => Promise<DatabaseOutcome>;

export async function executeAll(ctx: CliContext, options: ProjectOptions, spec: AllSpec, job: DatabaseJob): Promise<number> {
  const json = options.json === true;
  let targets: ProjectTarget[];
  try {
    if (spec.command !== 'migrate-all') requireAll(options, spec.command);
    const resolution = await targetsFor(ctx, options, { kind: 'project', urlRequired: spec.urlRequired });
    targets = resolution.targets;
    spec.check?.(targets);
    for (const w of resolution.warnings) ctx.io.err(`godwit: warning: ${w}\n`);
  } catch (e) {
    return report(ctx, json, failedOutcome(e));
  }

  const open: OpenSession = (target, body) => withSession(ctx, options, target, { command: spec.command }, body);
  const started = Date.now();
  const results = await runEach(
    targets,
    { concurrency: options.concurrency ?? 1, continueOnError: spec.continueOnError || options.continueOnError === true },
    async (target) => {
      const t0 = Date.now();
      let outcome: DatabaseOutcome;
      try {
        if (target.unresolved) throw target.unresolved;
        outcome = await job(target, open);
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
    const t = targets[i]!;
    const base = { id: t.id, driver: t.driver, target: t.database?.redacted ?? null };
    if (r.status === 'skipped') {
      rows.push([t.id, t.driver, ...spec.columns.map(() => '-'), '-', 'skipped']);
      documents.push({ ...base, result: 'skipped' });
      continue;
    }
    const { value } = r;
    if (r.status === 'failed') failed++;
    rows.push([t.id, t.driver, ...value.cells, formatDuration(value.durationMs), r.status]);
    const first = value.errors?.[0];
    documents.push({ ...base, result: r.status, durationMs: value.durationMs, ...value.json, ...(first && { error: errorJson(first) }) });
    for (const e of value.errors ?? []) renderErrorLines(ctx.io, e, t.id);
  }
  const ok = failed === 0;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  if (json) {
    writeJson(ctx.io, { ok, command: spec.command, durationMs: Date.now() - started, failed, skipped, databases: documents });
  } else {
    const table = renderTable(['DATABASE', 'DRIVER', ...spec.columns, 'TIME', 'RESULT'], rows);
    const summary = `${ok ? 'ok' : 'failed'}: ${targets.length - failed - skipped} ok, ${failed} failed, ${skipped} skipped`;
    ctx.io.out(`${table}${summary}\n`);
  }
  return ok ? EXIT_OK : EXIT_FAILED;
}
