/**
 * Every failure Godwit reports is a GodwitError: a stable `code` for programs, a one-line
 * `message` for people, where it happened (`file`, `line`, `column`) and what to do next (`hint`).
 * `toString()` renders `file:line:col: message` so the CLI can print it as is.
 */
export type ErrorCode =
  // files and formats
  | 'SOURCE_NOT_FOUND' // migrations folder missing or unreadable
  | 'DUPLICATE_VERSION'
  | 'INVALID_VERSION' // no version, zero, or above 2^53-1
  | 'PARSE_ERROR' // annotations, JSON, statement splitting
  | 'ENVSUB_UNSET'
  | 'FORMAT_NOT_SUPPORTED' // e.g. a .json migration for a SQL driver
  // planning
  | 'DIRTY'
  | 'MISSING_FILE'
  | 'CHECKSUM_MISMATCH'
  | 'OUT_OF_ORDER'
  | 'IRREVERSIBLE'
  | 'UNKNOWN_VERSION'
  | 'UNSUPPORTED_MIGRATION'
  | 'NOT_IN_TRANSACTION' // a statement that cannot run inside a transaction, in a transactional migration
  // running
  | 'MIGRATION_FAILED'
  | 'LOCK_TIMEOUT'
  | 'LOCK_LOST' // the run's lock was taken over (an expired lease) or died with its session
  | 'TIMEOUT'
  | 'ABORTED'
  | 'CONNECTION_FAILED'
  | 'NOT_A_DATABASE'
  | 'STORE_ERROR'
  | 'BACKUP_FAILED' // a backup before a run, or a restore, could not be made or verified
  // usage and configuration
  | 'USAGE'
  | 'CONFIG'
  | 'VALIDATION_FAILED';

export interface ErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
  version?: number;
  cause?: unknown;
  /** extra machine-readable facts (e.g. both files of a duplicate version) */
  data?: Record<string, unknown>;
}

export class GodwitError extends Error {
  override readonly name = 'GodwitError';
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
  readonly version?: number;
  readonly data?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.file !== undefined) this.file = details.file;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.hint !== undefined) this.hint = details.hint;
    if (details.version !== undefined) this.version = details.version;
    if (details.data !== undefined) this.data = details.data;
  }

  /** `where` as `file:line:col` (as much of it as is known), or undefined. */
  get where(): string | undefined {
    if (!this.file) return undefined;
    let w = this.file;
    if (this.line !== undefined) w += `:${this.line}`;
    if (this.line !== undefined && this.column !== undefined) w += `:${this.column}`;
    return w;
  }

  /** One line: `file:line:col: message`. The hint is separate so callers can place it. */
  override toString(): string {
    const where = this.where;
    return where ? `${where}: ${this.message}` : this.message;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.file !== undefined && { file: this.file }),
      ...(this.line !== undefined && { line: this.line }),
      ...(this.column !== undefined && { column: this.column }),
      ...(this.version !== undefined && { version: this.version }),
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.data !== undefined && { data: this.data }),
    };
  }
}

export function isGodwitError(e: unknown): e is GodwitError {
  return e instanceof GodwitError;
}

/** Wrap anything thrown into a GodwitError, keeping an existing one as is. */
export function toGodwitError(e: unknown, code: ErrorCode, details: ErrorDetails = {}): GodwitError {
  if (e instanceof GodwitError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new GodwitError(code, message, { ...details, cause: e });
}
