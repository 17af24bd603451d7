/**
 * `${VAR}` in a config value is replaced from the environment, so secrets stay out of the file.
 * An unset variable is an error (never an empty string: `postgres://app:@host` would connect
 * somewhere unintended). Only the values actually used are interpolated, so a production URL's
 * variable need not be set to work on development.
 */
import { GodwitError } from '@godwit/core';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function interpolate(value: string, key: string, file: string, env: NodeJS.ProcessEnv): string {
  return value.replace(REFERENCE, (_, name: string) => {
    const found = env[name];
    if (found === undefined) {
      throw new GodwitError('CONFIG', `environment variable ${name} is not set (used by "${key}")`, {
        file,
        hint: `set ${name}, or pass the value with a flag`,
      });
    }
    return found;
  });
}
