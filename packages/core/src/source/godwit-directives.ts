/**
 * The directives that take arguments, read from the text after `-- +godwit` (or `+goose`):
 *
 * - `PHASE expand` / `PHASE contract`: which deploy phase the migration belongs to;
 * - `BATCH size=5000 delay=100ms`: the next statement is a batched backfill;
 * - `lock_timeout=2s statement_timeout=5m retries=5 retry_delay=1s`: the migration's own limits
 *   and how often a statement that timed out waiting for a lock is tried again.
 *
 * The plain directives (Up, Down, NO TRANSACTION...) are matched by the scanner; this module
 * only knows the ones whose words matter, and refuses a misspelt key instead of ignoring it.
 */
import { GodwitError } from '../errors.js';
import type { MigrationLimits, MigrationPhase } from '../migration.js';
import { parseDuration } from '../util/duration.js';

export type ArgumentDirective =
  | { kind: 'phase'; phase: MigrationPhase }
  | { kind: 'batch'; size: number; delayMs: number }
  | { kind: 'limits'; limits: MigrationLimits };

export const DEFAULT_BATCH_SIZE = 1000;
const LIMIT_KEYS = 'lock_timeout, statement_timeout, retries, retry_delay';

/**
 * The directive in `rest` (what follows `+godwit`), undefined when it is not one of these.
 * Throws PARSE_ERROR at `file:line` for a recognised directive with bad arguments.
 */
export function readArgumentDirective(rest: string, file: string, line: number): ArgumentDirective | undefined {
  const words = rest.trim().split(/\s+/).filter(Boolean);
  const head = words[0]?.toLowerCase();
  if (head === undefined) return undefined;
  const fail = (message: string, hint: string) => new GodwitError('PARSE_ERROR', message, { file, line, hint });

  if (head === 'phase') {
    const phase = words[1]?.toLowerCase();
    if ((phase !== 'expand' && phase !== 'contract') || words.length !== 2) {
      throw fail(`\`PHASE ${words.slice(1).join(' ')}\`: the phase is expand or contract`, 'write `-- +godwit PHASE expand` or `-- +godwit PHASE contract`');
    }
    return { kind: 'phase', phase };
  }
  if (head === 'batch') {
    const args = keyValues(words.slice(1), ['size', 'delay'], (message) => fail(message, 'e.g. `-- +godwit BATCH size=5000 delay=100ms`'));
    const size = args.size === undefined ? DEFAULT_BATCH_SIZE : Number(args.size);
    if (!Number.isSafeInteger(size) || size < 1) throw fail(`BATCH size=${args.size}: the size is a whole number of rows, at least 1`, 'e.g. `-- +godwit BATCH size=5000`');
    return { kind: 'batch', size, delayMs: args.delay === undefined ? 0 : duration(args.delay, 'delay') };
  }
  if (!words.every((w) => w.includes('='))) return undefined;
  const args = keyValues(words, ['lock_timeout', 'statement_timeout', 'retries', 'retry_delay'], (message) =>
    fail(message, `the keys are ${LIMIT_KEYS}, e.g. \`-- +godwit lock_timeout=2s retries=5\``),
  );
  const limits: MigrationLimits = {};
  if (args.lock_timeout !== undefined) limits.lockTimeoutMs = duration(args.lock_timeout, 'lock_timeout');
  if (args.statement_timeout !== undefined) limits.statementTimeoutMs = duration(args.statement_timeout, 'statement_timeout');
  if (args.retry_delay !== undefined) limits.retryDelayMs = duration(args.retry_delay, 'retry_delay');
  if (args.retries !== undefined) {
    const retries = Number(args.retries);
    if (!Number.isSafeInteger(retries) || retries < 0) throw fail(`retries=${args.retries}: the number of retries is a whole number, 0 or more`, 'e.g. `retries=5`');
    limits.retries = retries;
  }
  return { kind: 'limits', limits };

  function duration(text: string, key: string): number {
    try {
      return parseDuration(text, key);
    } catch {
      throw fail(`${key}=${text} is not a duration`, `use a number with a unit (ms, s, m, h), e.g. ${key}=2s`);
    }
  }
}

function keyValues(words: string[], keys: readonly string[], fail: (message: string) => GodwitError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = word.slice(0, eq).toLowerCase();
    if (eq <= 0 || !keys.includes(key)) throw fail(`unknown setting \`${word}\` (known: ${keys.join(', ')})`);
    if (key in out) throw fail(`\`${key}\` is given twice`);
    out[key] = word.slice(eq + 1);
  }
  return out;
}
