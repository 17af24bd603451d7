/**
 * `--role` (the driver's `role` option): the migration's statements run under `SET ROLE`, so the
 * objects they create belong to the application's owner role, not to the login that happened to
 * run the migration. Only the statements: the store's reads and writes, `ensure`, the lock and
 * the backup tools stay with the login (see PgStepSession), so the store works the same with or
 * without a role, and the role needs no rights on Godwit's own tables.
 */
import { GodwitError, redactSecrets } from '@godwit/core';
import { quoteIdent } from '../store/table-name.js';
import type { Session } from './connect.js';

/** `SET [LOCAL] ROLE "name"` (quoted, so any role name is taken literally), or back to the login. */
export function roleStatement(role: string, on: boolean, local: boolean): string {
  const set = local ? 'SET LOCAL ROLE' : 'SET ROLE';
  if (!on) return local ? 'SET LOCAL ROLE NONE' : 'RESET ROLE';
  return `${set} ${quoteIdent(role)}`;
}

/**
 * Checked once, when the main session opens: the role exists and the login may take it. The
 * server's own test (SET ROLE, then back) rather than a catalog query, so whatever the server
 * version's rules are (PostgreSQL 16's SET option on a membership), they are the ones applied.
 */
export async function assertCanSetRole(session: Session, role: string, secrets: readonly string[]): Promise<void> {
  try {
    await session.client.query(`${roleStatement(role, true, false)};\n${roleStatement(role, false, false)}`);
  } catch (e) {
    throw roleError(e, role, secrets, (await loginOf(session)) ?? 'the login');
  }
}

function roleError(e: unknown, role: string, secrets: readonly string[], login: string): GodwitError {
  const err = (e ?? {}) as { code?: string; message?: string };
  const data = { role, ...(err.code !== undefined && { sqlstate: err.code }) };
  // SET ROLE reports a missing role as invalid_parameter_value (22023); undefined_object elsewhere.
  if (err.code === '42704' || (err.code === '22023' && /does not exist/.test(String(err.message)))) {
    return new GodwitError('CONNECTION_FAILED', `role "${role}" (--role) does not exist on this server`, {
      hint: `create it (CREATE ROLE ${ident(role)} NOLOGIN; GRANT ${ident(role)} TO ${ident(login)}) or fix --role / "role" in the config`,
      data,
    });
  }
  if (err.code === '42501') {
    return new GodwitError('CONNECTION_FAILED', `the login ${login} cannot SET ROLE ${role} (--role): it is not a member of that role`, {
      hint: `GRANT ${ident(role)} TO ${ident(login)} (as the role's owner or a superuser), or migrate with a login that is a member`,
      data,
    });
  }
  const message = redactSecrets(String(err.message ?? e), secrets);
  return new GodwitError('CONNECTION_FAILED', `SET ROLE ${role} (--role) failed: ${message}`, { hint: 'check --role / "role" in the config', data });
}

async function loginOf(session: Session): Promise<string | undefined> {
  try {
    const r = await session.client.query<{ login: string }>('SELECT session_user AS login');
    return r.rows[0]?.login;
  } catch {
    return undefined;
  }
}

/** A name as a hint's SQL needs it: bare when it is a plain lower-case identifier, else quoted. */
export function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}
