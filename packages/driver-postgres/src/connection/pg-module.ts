/**
 * pg, imported on first connection rather than at start-up.
 *
 * Why the `navigator` stand-in: on Node 20, pg decides whether it runs in a Cloudflare Worker by
 * constructing a `Response`, which makes Node load its whole fetch implementation (tens of ms on
 * every CLI start, a tenth of the `status` budget). Node 21+ defines `navigator`, and pg then asks
 * it instead; the stand-in gives Node 20 the same answer for the duration of the import only.
 */
import type * as Pg from 'pg';

type PgModule = typeof Pg;

let loaded: PgModule | undefined;
let loading: Promise<PgModule> | undefined;

export function loadPg(): Promise<PgModule> {
  loading ??= (async () => {
    const g = globalThis as { navigator?: unknown };
    const standIn = g.navigator === undefined;
    if (standIn) g.navigator = { userAgent: `Node.js/${process.versions.node}` };
    try {
      const m = (await import('pg')) as PgModule & { default?: PgModule };
      loaded = m.default ?? m;
      return loaded;
    } finally {
      if (standIn) delete g.navigator;
    }
  })();
  return loading;
}

/**
 * pg's escapeLiteral. SQL is only ever built for a session that is already open, so pg is loaded
 * by then; calling this earlier is a bug in the driver, not a user error.
 */
export function escapeLiteral(value: string): string {
  if (!loaded) throw new Error('internal: pg used before the first connection');
  return loaded.escapeLiteral(value);
}
