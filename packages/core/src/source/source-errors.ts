/**
 * A folder with several broken files reports all of them at once, so fixing one does not merely
 * reveal the next. One problem is thrown as it is; several become one error that reads as the
 * first (its code, file, line and hint) with the others on the same line after it, and lists
 * every one in `data.problems` (which `validate` shows as separate problems).
 */
import { type ErrorCode, type ErrorDetails, GodwitError } from '../errors.js';

/** Throws nothing for no problems, the problem for one, one error listing all for several. */
export function throwAll(problems: readonly GodwitError[]): void {
  if (problems.length === 0) return;
  const sorted = [...problems].sort(byPlace);
  const [first, ...others] = sorted as [GodwitError, ...GodwitError[]];
  if (others.length === 0) throw first;
  throw new GodwitError(first.code, `${first.message} (and ${others.length} more: ${others.map((e) => e.toString()).join('; ')})`, {
    ...(first.file !== undefined && { file: first.file }),
    ...(first.line !== undefined && { line: first.line }),
    ...(first.column !== undefined && { column: first.column }),
    ...(first.version !== undefined && { version: first.version }),
    hint: `${first.hint ?? 'fix the file named'}; \`godwit validate\` lists all ${sorted.length} problems, each with its hint`,
    data: { ...first.data, problems: sorted.map((e) => e.toJSON()) },
  });
}

/** The problems of a thrown error: those it lists in `data.problems`, or itself. */
export function problemsOf(error: GodwitError): GodwitError[] {
  const listed = error.data?.problems;
  if (!Array.isArray(listed)) return [error];
  return listed.map((p) => {
    const { code, message, ...details } = p as { code: ErrorCode; message: string } & ErrorDetails;
    return new GodwitError(code, message, details);
  });
}

function byPlace(a: GodwitError, b: GodwitError): number {
  return (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0);
}
