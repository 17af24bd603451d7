/** A protected environment (`"protected": true` in the config) asks for --yes before destructive work. */
import { GodwitError } from '@godwit/core';

export interface Confirmation {
  /** the --env name when that environment is protected */
  protectedEnv: string | undefined;
  yes: boolean | undefined;
  /** what needs the confirmation: `down`, `migrate-all --seed` */
  what: string;
  hint?: string;
}

export function requireConfirmation({ protectedEnv, yes, what, hint }: Confirmation): void {
  if (!protectedEnv || yes) return;
  throw new GodwitError('ABORTED', `environment "${protectedEnv}" is protected: ${what} needs --yes`, {
    hint: hint ?? `check the target, then run again with --yes (or --dry-run to see what ${what} would do)`,
  });
}
