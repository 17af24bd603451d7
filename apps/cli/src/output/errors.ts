/**
 * How a failure is shown: one line `godwit: error: file:line:col: message` and, when there is
 * one, `godwit: hint: ...`; with --json the same facts go into the stdout document as `error`.
 */
import { GodwitError, toGodwitError } from '@godwit/core';
import type { Io } from './io.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Bad usage and bad configuration are the caller's to fix (2); everything else failed (1). */
export function exitCodeOf(error: GodwitError): number {
  return error.code === 'USAGE' || error.code === 'CONFIG' ? EXIT_USAGE : EXIT_FAILED;
}

/** Anything thrown, as a GodwitError; an unexpected error keeps its message. */
export function asGodwitError(e: unknown): GodwitError {
  return toGodwitError(e, 'MIGRATION_FAILED');
}

/** Messages from drivers may span lines; the contract is one line per error. */
function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

export function renderErrorLines(io: Io, error: GodwitError): void {
  io.err(`godwit: error: ${oneLine(error.toString())}\n`);
  if (error.hint) io.err(`godwit: hint: ${oneLine(error.hint)}\n`);
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
