export { redactUrl } from '@godwit/core';

/** Remove every occurrence of `secret` from tool output before it goes into an error message. */
export function scrub(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}
