/**
 * Why a connection could not be made, in words a person can act on. Every message goes through
 * redactSecrets with the URL's password, so neither pg nor the network stack can leak it.
 */
import { GodwitError, redactSecrets, redactUrl } from '@godwit/core';
import { describeTarget } from './config.js';

interface PgLikeError {
  message?: string;
  code?: string;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET']);

export function connectionError(e: unknown, url: string, secrets: readonly string[], connectTimeoutMs: number): GodwitError {
  const err = (e ?? {}) as PgLikeError;
  const raw = String(err.message ?? e);
  const message = redactSecrets(raw, secrets);
  const shown = redactUrl(url);
  const target = describeTarget(url);
  const where = `${target.host}:${target.port}`;
  const data = { url: shown, ...(err.code !== undefined && { code: err.code }) };

  if (err.code === '3D000') {
    const db = target.database ?? target.user ?? 'postgres';
    const flags = [`-h ${target.host}`, `-p ${target.port}`, ...(target.user ? [`-U ${target.user}`] : [])].join(' ');
    return new GodwitError('CONNECTION_FAILED', `${message} on ${where} (${shown})`, {
      hint: `create it first: createdb ${flags} ${quoteShell(db)}`,
      data,
    });
  }
  if (err.code === '28P01' || err.code === '28000') {
    return new GodwitError('CONNECTION_FAILED', `login to ${where} refused: ${message} (${shown})`, {
      hint: 'check the user name and password in the URL, and pg_hba.conf on the server',
      data,
    });
  }
  if ((err.code !== undefined && UNREACHABLE.has(err.code)) || /timeout|timed out/i.test(raw)) {
    const why = /timeout|timed out/i.test(raw) && !UNREACHABLE.has(err.code ?? '') ? `no answer within ${connectTimeoutMs} ms` : message;
    return new GodwitError('CONNECTION_FAILED', `cannot reach PostgreSQL at ${where}: ${why} (${shown})`, {
      hint: 'check that the server is running and that the host and port in the URL are right',
      data,
    });
  }
  if (/does not support SSL/i.test(raw)) {
    return new GodwitError('CONNECTION_FAILED', `${message} (${shown})`, {
      hint: 'add ?sslmode=disable to the URL, or enable SSL on the server',
      data,
    });
  }
  return new GodwitError('CONNECTION_FAILED', `cannot connect to ${where}: ${message} (${shown})`, {
    hint: 'check the database URL',
    data,
  });
}

function quoteShell(s: string): string {
  return /^[\w.-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
