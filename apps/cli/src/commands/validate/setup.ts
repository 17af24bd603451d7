/**
 * `validate --database`: the driver's read-only setup checks (PostgreSQL: a superuser login,
 * objects owned by the login rather than --role). Warnings only: they never fail validation.
 */
import { type Driver, redactSecrets, type SetupWarning } from '@godwit/core';

export async function setupWarnings(driver: Driver): Promise<SetupWarning[]> {
  if (!driver.checkSetup) return [];
  try {
    return await driver.checkSetup();
  } catch (e) {
    const why = redactSecrets(e instanceof Error ? e.message : String(e));
    return [{ message: `could not check the login's privileges: ${why}`, hint: 'the other checks ran; see docs/security.md for what this one looks at' }];
  }
}

/** `godwit: warning: message` and its hint, for stderr. */
export function setupWarningText(warnings: readonly SetupWarning[]): string {
  return warnings.map((w) => `godwit: warning: ${w.message}\ngodwit: hint: ${w.hint}\n`).join('');
}
