/**
 * `--statement-timeout` as the command's `maxTimeMS`, a field of the command document itself
 * (runCommand sends the document as given). A limit the file sets explicitly wins.
 */
export function withTimeLimit(command: Record<string, unknown>, ms: number | undefined): Record<string, unknown> {
  if (!ms || ms <= 0 || 'maxTimeMS' in command) return command;
  return { ...command, maxTimeMS: Math.ceil(ms) };
}
