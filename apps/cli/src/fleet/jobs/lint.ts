/**
 * `fleet lint` on one target: its own pending migrations through the linter (a target behind the
 * others lints more), with its own PostgreSQL table sizes: a migration that is fine on a small
 * tenant can lock a big one. An error-severity finding fails the target.
 */
import { GodwitError } from '@godwit/core';
import { lintSession } from '../../commands/lint/run-lint.js';
import type { Session } from '../../session/session.js';
import type { FleetJob } from './job.js';

export const lintJob: FleetJob = async (session, { cmdEnv, options }) => {
  const report = await lintSession(cmdEnv, options, withSchemaSearchPath(session), {});
  const severity = (s: string) => report.findings.filter((f) => f.severity === s).length;
  const byRule: Record<string, number> = {};
  for (const f of report.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  const first = report.findings.find((f) => f.severity === 'error');
  return {
    ok: first === undefined,
    state: report.findings.length === 0 ? 'clean' : 'findings',
    json: { files: report.files, findings: report.findings.length, errors: severity('error'), warnings: severity('warning'), rules: byRule },
    ...(first && {
      error: new GodwitError('VALIDATION_FAILED', `${first.rule}: ${first.message}`, {
        file: first.file,
        line: first.line,
        column: first.column,
        ...(first.fix !== undefined && { hint: first.fix }),
      }),
    }),
  };
};

/**
 * A schema target's table sizes are those of its schema: the linter reads them on the target's
 * URL, where a bare table name means what the search path finds, so that connection's search
 * path is the schema (libpq's `options`), as every session of the target has it.
 */
function withSchemaSearchPath(session: Session): Session {
  const { schema, database } = session.target;
  if (schema === undefined || database?.kind !== 'postgres') return session;
  const url = new URL(database.url);
  // quoted as an identifier; libpq's options split on spaces unless escaped
  url.searchParams.set('options', `-c search_path="${schema.replace(/"/g, '""').replace(/ /g, '\\ ')}"`);
  return { ...session, target: { ...session.target, database: { ...database, url: url.toString() } } };
}
