/**
 * The lint before `up` (and up-to, up-by-one): the pending migrations it is about to apply go
 * through the linter first, as the config's `lint.onUp` says: `warn` prints each error-level
 * finding as a warning and goes on; `error` refuses to run anything while there is one; `off`
 * (the default) skips it. Off by default because the linter's PostgreSQL parser (WebAssembly)
 * costs every run about 0.5 s of CPU and 50 MB (measured on `up` of 500 migrations, issue 12),
 * while its findings in CI (`godwit lint`, which `godwit init`'s workflow runs) come before the
 * migration is merged rather than at deploy time.
 */
import { GodwitError } from '@godwit/core';
import type { Outcome } from '../../output/outcome.js';
import type { GlobalOptions } from '../../settings/options.js';
import type { CommandEnv, Session } from '../../session/session.js';
import { lintSectionOf, lintSession } from './run-lint.js';

/** An outcome that stops the run (lint.onUp: error and an error finding), or undefined to go on. */
export async function lintBeforeUp(cmdEnv: CommandEnv, options: GlobalOptions, session: Session): Promise<Outcome | undefined> {
  const section = await lintSectionOf(cmdEnv, options);
  const mode = section.onUp ?? 'off';
  if (mode === 'off') return undefined;
  let report: Awaited<ReturnType<typeof lintSession>>;
  try {
    report = await lintSession(cmdEnv, options, session, {});
  } catch (e) {
    // The run itself reports a broken folder or an unreachable database; a warn-only lint never blocks it.
    if (mode === 'error') throw e;
    session.io.err(`godwit: warning: the lint before applying was skipped: ${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  }
  const errors = report.findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return undefined;
  const level = mode === 'error' ? 'error' : 'warning';
  for (const f of errors) session.io.err(`godwit: ${level}: ${f.file}:${f.line}:${f.column}: ${f.rule}: ${f.message}\n`);
  if (mode === 'warn') return undefined;
  const error = new GodwitError('VALIDATION_FAILED', `lint found ${errors.length} error(s) in the migrations to apply; nothing was run`, {
    hint: 'see `godwit lint` for the safe alternatives; fix them, silence one with `-- godwit:ignore <rule> -- <reason>`, or set lint.onUp to warn',
  });
  return { ok: false, json: { lint: { findings: errors } }, text: '', errors: [error] };
}
