/**
 * What a command hands back to be printed: the result on stdout (text, or one JSON document with
 * --json), errors as `godwit: error:` lines on stderr; and the exit code it means: 0 done,
 * 1 failed, 2 bad usage.
 */
import type { GodwitError } from '@godwit/core';
import { EXIT_FAILED, EXIT_OK, asGodwitError, errorJson, exitCodeOf, renderErrorLines } from './errors.js';
import type { Io } from './io.js';
import { writeJson } from './json.js';

export interface Outcome {
  ok: boolean;
  /** the --json document (an `error` member is added when there is one) */
  json: Record<string, unknown>;
  /** what people read on stdout */
  text: string;
  /** the failure(s) to print; the first one is the document's `error` */
  errors?: GodwitError[];
}

/** Anything thrown before a command had a result, as its outcome. */
export function failedOutcome(e: unknown): Outcome {
  return { ok: false, json: {}, text: '', errors: [asGodwitError(e)] };
}

export function report({ io }: { io: Io }, json: boolean, outcome: Outcome): number {
  const errors = outcome.errors ?? [];
  const first = errors[0];
  if (json) writeJson(io, { ...outcome.json, ...(first && { error: errorJson(first) }) });
  else if (outcome.text) io.out(outcome.text);
  for (const e of errors) renderErrorLines(io, e);
  if (outcome.ok) return EXIT_OK;
  return first ? exitCodeOf(first) : EXIT_FAILED;
}
