/**
 * Opening a session. A pg Client emits `error` when the server ends an idle session; without a
 * listener that would crash the process, so every client gets one that records the loss instead.
 */
import type pg from 'pg';
import { type ConnectionSettings, clientConfig } from './config.js';
import { connectionError } from './connect-errors.js';
import { loadPg } from './pg-module.js';

export interface Session {
  client: pg.Client;
  /** the server process id, for pg_cancel_backend and for naming a lock holder */
  pid: number;
  /** set once the session has ended or failed; the session must not be used afterwards */
  lost?: Error;
}

export interface ConnectContext {
  url: string;
  settings: ConnectionSettings;
  /** strings to mask in every message (the URL's password) */
  secrets: readonly string[];
  /** `--role`: the role the migration's statements run as (connection/role.ts) */
  role?: string;
}

export async function openSession(ctx: ConnectContext): Promise<Session> {
  const { Client } = await loadPg();
  const client = new Client(clientConfig(ctx.settings));
  const session: Session = { client, pid: 0 };
  client.on('error', (e) => {
    session.lost ??= e;
  });
  client.on('end', () => {
    session.lost ??= new Error('the connection was closed');
  });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw connectionError(e, ctx.url, ctx.secrets, ctx.settings.connectTimeoutMs);
  }
  session.pid = (client as unknown as { processID: number }).processID;
  return session;
}

export async function closeSession(session: Session | undefined): Promise<void> {
  if (!session) return;
  session.lost ??= new Error('the connection was closed');
  await session.client.end().catch(() => undefined);
}
