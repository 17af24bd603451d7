/**
 * `godwit test`'s scratch database on MongoDB: another database on the same server (the URL with
 * its database swapped), dropped afterwards. MongoDB creates a database with its first write, so
 * making one costs nothing.
 */
import { type Driver, GodwitError, redactUrl, type ScratchDatabase, type ScratchOptions } from '@godwit/core';

export interface ScratchDeps {
  url: string;
  driverFor: (url: string) => Driver;
  /** drop the database `url` names */
  dropDatabase: (url: string) => Promise<void>;
}

export function createScratch(deps: ScratchDeps, options: ScratchOptions): ScratchDatabase {
  if (options.template !== undefined) {
    throw new GodwitError('USAGE', '--template is for PostgreSQL (CREATE DATABASE ... TEMPLATE) and SQLite (a file to start from)', {
      hint: 'leave it out: the scratch MongoDB database starts empty',
    });
  }
  const url = withDatabase(deps.url, `godwit_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`);
  const driver = deps.driverFor(url);
  let dropped = false;
  return {
    driver,
    target: redactUrl(url),
    async drop() {
      if (dropped) return;
      dropped = true;
      await driver.close();
      await deps.dropDatabase(url);
    },
  };
}

/** The URL with another database in its path (userinfo may hold an unencoded `/`: split after the last `@`). */
export function withDatabase(url: string, database: string): string {
  const end = url.search(/[?#]/);
  const main = end >= 0 ? url.slice(0, end) : url;
  const rest = end >= 0 ? url.slice(end) : '';
  const scheme = /^mongodb(?:\+srv)?:\/\//i.exec(main)?.[0] ?? '';
  const at = main.lastIndexOf('@');
  const hostStart = Math.max(scheme.length, at + 1);
  const slash = main.indexOf('/', hostStart);
  const hosts = slash >= 0 ? main.slice(0, slash) : main;
  return `${hosts}/${database}${rest}`;
}
