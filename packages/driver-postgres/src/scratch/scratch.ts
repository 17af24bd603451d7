/**
 * `godwit test`'s scratch database on PostgreSQL: `CREATE DATABASE` on the server the URL points
 * at (optionally from a template), a driver on it with the same options, and `DROP DATABASE`
 * (forcing off any session a failed migration left behind) when the proof is over.
 */
import { type Driver, GodwitError, redactSecrets, redactUrl, type ScratchDatabase, type ScratchOptions } from '@godwit/core';
import type pg from 'pg';
import { quoteIdent } from '../store/table-name.js';

export interface ScratchDeps {
  url: string;
  secrets: readonly string[];
  /** a session on the server (the driver's main one), for CREATE and DROP DATABASE */
  client: () => Promise<pg.Client>;
  /** a driver like this one, on another URL */
  driverFor: (url: string) => Driver;
}

export async function createScratch(deps: ScratchDeps, options: ScratchOptions): Promise<ScratchDatabase> {
  let url: URL;
  try {
    url = new URL(deps.url);
  } catch {
    throw new GodwitError('USAGE', 'godwit test needs the database as a postgres:// URL to make a scratch database beside it', {
      hint: 'e.g. --database postgres://user@host:5432/app',
    });
  }
  const name = `godwit_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const template = options.template === undefined ? '' : ` TEMPLATE ${quoteIdent(options.template)}`;
  const admin = await deps.client();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}${template}`);
  } catch (e) {
    throw new GodwitError('CONNECTION_FAILED', `cannot create the scratch database ${name} on ${redactUrl(deps.url)}: ${redactSecrets((e as Error).message, deps.secrets)}`, {
      hint:
        options.template === undefined
          ? 'godwit test needs a login allowed to create databases (CREATEDB)'
          : `check that the template database ${options.template} exists and that no one is connected to it`,
      cause: e,
    });
  }
  url.pathname = `/${name}`;
  const driver = deps.driverFor(url.toString());
  let dropped = false;
  return {
    driver,
    target: redactUrl(url.toString()),
    async drop() {
      if (dropped) return;
      dropped = true;
      await driver.close();
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    },
  };
}
