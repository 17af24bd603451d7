/**
 * Runs a command body inside a session and prints its outcome: the result on stdout (text, or
 * one JSON document with --json), errors as `godwit: error:` lines on stderr. Returns the exit
 * code: 0 done, 1 failed, 2 bad usage.
 */
import type { GodwitError } from '@godwit/core';
import { EXIT_FAILED, EXIT_OK, asGodwitError, errorJson, exitCodeOf, renderErrorLines } from '../output/errors.js';
import { writeJson } from '../output/json.js';
import type { GlobalOptions } from './options.js';
import { type CommandEnv, type Session, type SessionSpec, withSession } from './session.js';

export interface Outcome {
  ok: boolean;
  /** the --json document (an `error` member is added when there is one) */
  json: Record<string, unknown>;
  /** what people read on stdout */
  text: string;
  /** the failure(s) to print; the first one is the document's `error` */
  errors?: GodwitError[];
}

export async function execute(
  cmdEnv: CommandEnv,
  options: GlobalOptions,
  spec: SessionSpec,
  body: (session: Session) => Promise<Outcome>,
): Promise<number> {
  let outcome: Outcome;
  try {
    outcome = await withSession(cmdEnv, options, spec, body);
  } catch (e) {
    outcome = { ok: false, json: {}, text: '', errors: [asGodwitError(e)] };
  }
  return report(cmdEnv, options.json === true, outcome);
}

export function report({ io }: CommandEnv, json: boolean, outcome: Outcome): number {
  const errors = outcome.errors ?? [];
  const first = errors[0];
  if (json) writeJson(io, { ...outcome.json, ...(first && { error: errorJson(first) }) });
  else if (outcome.text) io.out(outcome.text);
  for (const e of errors) renderErrorLines(io, e);
  if (outcome.ok) return EXIT_OK;
  return first ? exitCodeOf(first) : EXIT_FAILED;
}
