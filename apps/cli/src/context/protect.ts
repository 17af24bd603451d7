/** A protected environment (`"protected": true` in the config) asks for --yes before destructive commands. */
import { GodwitError } from '@godwit/core';
import type { GlobalOptions } from './options.js';
import type { Settings } from './settings.js';

export function requireConfirmation(settings: Settings, options: GlobalOptions, command: string): void {
  if (!settings.protectedEnv || options.yes) return;
  throw new GodwitError('ABORTED', `environment "${settings.protectedEnv}" is protected: ${command} needs --yes`, {
    hint: `check the target, then run again with --yes (or --dry-run to see what ${command} would do)`,
  });
}
