/**
 * Which database a `--database` URL points at, and which driver runs it. The CLI loads a driver
 * by `kind`, so nobody pays for `mongodb` when migrating SQLite.
 */
import { GodwitError } from '../errors.js';
import { redactUrl, secretsOf } from './redact.js';
import { isSchemeUrl, parseDatabaseUrl } from './url.js';

export { passwordOf, redactSecrets, redactUrl, secretsOf } from './redact.js';
export { type DatabaseUrl, type DatabaseUrlHost, isSchemeUrl, parseDatabaseUrl, type UrlDriverKind } from './url.js';

export type DriverKind = 'postgres' | 'sqlite' | 'mongodb';

export interface ResolvedDatabase {
  kind: DriverKind;
  /** the URL as given (trimmed); holds the password, so never print it: use `redacted` */
  url: string;
  redacted: string;
  /** the secrets `url` carries (see secretsOf): mask them wherever output may echo them */
  secrets: string[];
  /** for SQLite: the file path (or `:memory:`) */
  sqlitePath?: string;
}

const DRIVER_NAMES: Record<string, DriverKind> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  pg: 'postgres',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  mongodb: 'mongodb',
  mongo: 'mongodb',
};
const VALID_NAMES = 'postgres (postgresql, pg), sqlite (sqlite3), mongodb (mongo)';
const URL_HINT = 'pass --driver postgres|sqlite|mongodb, or use a postgres://, sqlite: or mongodb:// URL';

export function resolveDatabase(url: string, driver?: string): ResolvedDatabase {
  const given = url.trim();
  const redacted = redactUrl(given);
  if (!given) throw new GodwitError('USAGE', 'the database URL is empty', { hint: URL_HINT });

  const chosen = driver === undefined || driver.trim() === '' ? undefined : driverKind(driver);
  const inferred = inferKind(given);
  if (chosen && inferred && chosen !== inferred.kind) {
    throw new GodwitError('USAGE', `--driver ${driver} does not match ${redacted}, which is a ${inferred.kind} ${inferred.by}`, {
      hint: `drop --driver, or pass --driver ${inferred.kind}`,
    });
  }
  const kind = chosen ?? inferred?.kind;
  if (!kind) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(given)?.[1];
    const why = scheme ? `: unknown scheme "${scheme}://"` : '';
    throw new GodwitError('USAGE', `cannot tell which kind of database ${redacted} is${why}`, { hint: URL_HINT });
  }
  if (kind !== 'sqlite') {
    // A URL is checked here, once, so no driver's parser gets to fail with a bare `Invalid URL`.
    // A libpq `host=... dbname=...` string is not a URL and goes to the driver as is.
    if (isSchemeUrl(given)) parseDatabaseUrl(given, kind);
    return { kind, url: given, redacted, secrets: secretsOf(given) };
  }
  if (!inferred && isSchemeUrl(given)) {
    // `--driver sqlite` with e.g. `mysql://...`: not a file name anyone meant.
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(given)![1];
    throw new GodwitError('USAGE', `invalid SQLite URL ${redacted}: unknown scheme "${scheme}://"`, {
      hint: 'a SQLite database is sqlite:<path>, file:<path> or a path such as ./dev.db',
    });
  }
  return { kind, url: given, redacted, secrets: [], sqlitePath: inferred?.sqlitePath ?? given };
}

/** The driver a `--driver` name means; USAGE error naming the valid ones otherwise. */
export function driverKind(name: string): DriverKind {
  const kind = DRIVER_NAMES[name.trim().toLowerCase()];
  if (!kind) {
    throw new GodwitError('USAGE', `unknown driver "${name}"; valid names: ${VALID_NAMES}`, {
      hint: 'e.g. --driver postgres',
    });
  }
  return kind;
}

interface Inferred {
  kind: DriverKind;
  /** what told us: for the contradiction message */
  by: 'URL' | 'file name';
  sqlitePath?: string;
}

function inferKind(url: string): Inferred | undefined {
  if (/^postgres(?:ql)?:\/\//i.test(url)) return { kind: 'postgres', by: 'URL' };
  if (/^mongodb(?:\+srv)?:\/\//i.test(url)) return { kind: 'mongodb', by: 'URL' };
  if (url === ':memory:') return { kind: 'sqlite', by: 'file name', sqlitePath: ':memory:' };
  const sqlite = /^sqlite3?:(.*)$/is.exec(url);
  if (sqlite) return { kind: 'sqlite', by: 'URL', sqlitePath: sqlitePathOf(url, sqlite[1]!, false) };
  const file = /^file:(.*)$/is.exec(url);
  if (file) return { kind: 'sqlite', by: 'URL', sqlitePath: sqlitePathOf(url, file[1]!, true) };
  // Any other scheme is some other database: say we cannot tell rather than guess from a suffix.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined;
  if (/\.(?:db|sqlite|sqlite3)$/i.test(url)) return { kind: 'sqlite', by: 'file name', sqlitePath: url };
  return undefined;
}

/**
 * The path part of `sqlite:<path>`, `sqlite://<path>`, `sqlite:///abs` or `file:<path>`: the
 * `//` that introduces an (empty) authority is dropped and so is a query string
 * (golang-migrate's `?x-migrations-table=`). `file:` URLs are percent-decoded, as URLs are.
 */
function sqlitePathOf(url: string, rest: string, decode: boolean): string {
  let path = rest.replace(/[?#].*$/s, '');
  if (path.startsWith('//')) path = path.slice(2);
  if (decode) {
    try {
      path = decodeURIComponent(path);
    } catch {
      // a stray `%` is part of the name
    }
  }
  if (!path) {
    throw new GodwitError('USAGE', `no SQLite file path in ${redactUrl(url)}`, {
      hint: 'e.g. --database sqlite:./dev.db',
    });
  }
  return path;
}
