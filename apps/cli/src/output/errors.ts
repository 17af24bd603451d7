/**
 * How a failure is shown: one line `godwit: error: file:line:col: message` and, when there is
 * one, `godwit: hint: ...`; with --json the same facts go into the stdout document as `error`.
 */
import { GodwitError, type Problem, toGodwitError } from '@godwit/core';
import type { Io } from './io.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * Bad usage and bad configuration are the caller's to fix (2), a --dir that is not there
 * included; everything else failed (1).
 */
export function exitCodeOf(error: GodwitError): number {
  if (error.code === 'USAGE' || error.code === 'CONFIG') return EXIT_USAGE;
  return error.code === 'SOURCE_NOT_FOUND' && error.data?.folder === 'missing' ? EXIT_USAGE : EXIT_FAILED;
}

/** Anything thrown, as a GodwitError; an unexpected error keeps its message. */
export function asGodwitError(e: unknown): GodwitError {
  return toGodwitError(e, 'MIGRATION_FAILED');
}

/** Messages from drivers may span lines; the contract is one line per error. */
function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** `id`: the project database it is about, shown first as on its log lines: `godwit: error: [postgres-product] ...`. */
export function renderErrorLines(io: Io, error: GodwitError, id?: string): void {
  io.err(`godwit: error: ${id === undefined ? '' : `[${id}] `}${oneLine(error.toString())}\n`);
  if (error.hint) io.err(`godwit: hint: ${oneLine(error.hint)}\n`);
}

/** A problem found by validate or status --check, as an error to print (one `godwit: error:` line each). */
export function problemError(p: Problem): GodwitError {
  return new GodwitError(p.code, p.message, {
    ...(p.file !== undefined && { file: p.file }),
    ...(p.line !== undefined && { line: p.line }),
    ...(p.column !== undefined && { column: p.column }),
    ...(p.version !== undefined && { version: p.version }),
    ...(p.hint !== undefined && { hint: p.hint }),
  });
}

/** The `error` member of a --json document: code, message, file, line, column, hint. */
export function errorJson(error: GodwitError): Record<string, unknown> {
  return {
    code: error.code,
    message: error.message,
    file: error.file ?? null,
    line: error.line ?? null,
    column: error.column ?? null,
    hint: error.hint ?? null,
    ...(error.version !== undefined && { version: error.version }),
    ...(error.data !== undefined && { data: error.data }),
  };
}

export { GodwitError };
