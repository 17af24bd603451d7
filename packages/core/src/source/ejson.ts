/**
 * bson's EJSON, loaded on first use: only MongoDB command migrations need it, and loading bson
 * costs every other run (a SQLite `godwit up`, `godwit --help`) about 20 ms of start-up. It is
 * required rather than imported so the parsers can stay synchronous; the CommonJS build is the
 * one the mongodb client loads too, so a MongoDB run shares that one copy.
 */
import { createRequire } from 'node:module';
import type { EJSON as EjsonApi } from 'bson';

const require = createRequire(import.meta.url);
let loaded: typeof EjsonApi | undefined;

export function ejson(): typeof EjsonApi {
  loaded ??= (require('bson') as typeof import('bson')).EJSON;
  return loaded;
}
