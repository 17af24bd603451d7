/**
 * The one check of a PostgreSQL or MongoDB URL before any driver sees it. Drivers hand URLs to
 * parsers (pg's `new URL`, the MongoDB driver's) whose errors say only `Invalid URL` or
 * `URI malformed`; this says what is wrong (a port out of range, bad percent-encoding, no host, an
 * unknown scheme, an unencoded `@` or `/` in the password...), with the password masked, as one
 * USAGE error. `resolveDatabase` calls it for every URL of those kinds; drivers that parse a URL
 * themselves can call `parseDatabaseUrl` to get the same error and the URL's parts.
 *
 * Parsed by hand, like redact.ts, so that nothing from the userinfo is ever echoed: messages name
 * the part that is wrong and show the URL only through `redactUrl`.
 */
import { GodwitError } from '../errors.js';
import { redactUrl } from './redact.js';

export type UrlDriverKind = 'postgres' | 'mongodb';

export interface DatabaseUrlHost {
  /** as written, percent-decoded (`[::1]` keeps its brackets); '' when the URL names none */
  host: string;
  port?: number;
}

export interface DatabaseUrl {
  kind: UrlDriverKind;
  /** lower-cased, without `://`: postgres, postgresql, mongodb or mongodb+srv */
  scheme: string;
  /** percent-decoded */
  user?: string;
  /** percent-decoded; never print it */
  password?: string;
  /** one entry for PostgreSQL (host '' when the URL leaves it to the driver); one or more for MongoDB */
  hosts: DatabaseUrlHost[];
  /** the path without its leading `/`, percent-decoded; undefined when there is none */
  database?: string;
  /** query parameters in order, percent-decoded (`+` stays `+`) */
  params: Array<[string, string]>;
}

const SCHEMES: Record<string, UrlDriverKind> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  mongodb: 'mongodb',
  'mongodb+srv': 'mongodb',
};
const LABEL: Record<UrlDriverKind, string> = { postgres: 'PostgreSQL', mongodb: 'MongoDB' };
const FORM: Record<UrlDriverKind, string> = {
  postgres: 'postgres://user:password@host:5432/database',
  mongodb: 'mongodb://user:password@host:27017/database',
};
const SCHEME_URL = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is;
const ENCODE_HINT = 'percent-encode reserved characters in the user name and password (@ as %40, / as %2F, : as %3A, % as %25)';

/** Whether `text` has the `scheme://` form this module checks (a libpq `host=... dbname=...` string has not). */
export function isSchemeUrl(text: string): boolean {
  return SCHEME_URL.test(text.trim());
}

interface Problem {
  message: string;
  hint?: string;
}

/**
 * Parses a `postgres://`, `postgresql://`, `mongodb://` or `mongodb+srv://` URL, or throws a
 * USAGE GodwitError listing everything wrong with it: `invalid PostgreSQL URL
 * postgres://u:****@127.0.0.1:99999/x%zz: port 99999 is out of range (1-65535); bad
 * percent-encoding "%zz" in the database name`. `kind`, when given, is the driver the URL is for
 * (a scheme of another kind is then an error); otherwise the scheme decides.
 */
export function parseDatabaseUrl(url: string, kind?: UrlDriverKind): DatabaseUrl {
  const given = String(url).trim();
  const redacted = redactUrl(given);
  const m = SCHEME_URL.exec(given);
  if (!m) {
    throw new GodwitError('USAGE', `${redacted === '' ? 'the database URL is empty' : `${redacted} is not a URL`}`, {
      hint: kind ? `use ${FORM[kind]}` : `use ${FORM.postgres} or ${FORM.mongodb}`,
    });
  }
  const scheme = m[1]!.toLowerCase();
  const schemeKind = SCHEMES[scheme];
  const target = kind ?? schemeKind;
  if (!target || schemeKind !== target) {
    const expected = target === 'mongodb' ? 'mongodb:// or mongodb+srv://' : target === 'postgres' ? 'postgres:// or postgresql://' : 'postgres://, postgresql://, mongodb:// or mongodb+srv://';
    throw new GodwitError('USAGE', `invalid ${target ? `${LABEL[target]} ` : 'database '}URL ${redacted}: unknown scheme "${m[1]}://"`, {
      hint: `a ${target ? LABEL[target] : 'database'} URL starts with ${expected}`,
      data: { problems: [`unknown scheme "${m[1]}://"`] },
    });
  }

  const problems: Problem[] = [];
  const parsed = parseParts(m[1]!, scheme, target, m[2]!, problems);
  if (problems.length > 0) {
    throw new GodwitError('USAGE', `invalid ${LABEL[target]} URL ${redacted}: ${problems.map((p) => p.message).join('; ')}`, {
      hint: [...new Set(problems.map((p) => p.hint ?? `the form is ${FORM[target]}`))].join('; '),
      data: { problems: problems.map((p) => p.message) },
    });
  }
  return parsed;
}

function parseParts(writtenScheme: string, scheme: string, kind: UrlDriverKind, rest: string, problems: Problem[]): DatabaseUrl {
  const problem = (message: string, hint?: string) => problems.push({ message, ...(hint && { hint }) });
  const percentHint = 'write a literal % as %25; every % must start a %XX escape of UTF-8 bytes';

  if (kind === 'mongodb' && writtenScheme !== scheme) {
    problem(`the scheme must be written in lower case (${scheme}://)`, `the MongoDB driver accepts only ${scheme}://`);
  }

  // Like the WHATWG parser (which pg uses): the authority ends at the first `/`, `?` or `#`, and
  // the userinfo at the last `@` inside it. The fragment is ignored by both drivers.
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const afterAuthority = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const tail = afterAuthority.replace(/#.*$/s, '');
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : authority.slice(0, at);
  const hostList = at < 0 ? authority : authority.slice(at + 1);

  // With an `@` only after the authority, what looks like host:port may be the start of a
  // userinfo cut short by an unencoded `/`, `?` or `#` in the password (`user:pa/ss@host`): then
  // nothing of it is echoed, and a non-numeric "port" (or an `@` in the path) says so.
  const maybeUserinfo = at < 0 && afterAuthority.includes('@');
  if (maybeUserinfo && /:/.test(hostList.replace(/^\[[^\]]*\]/, ''))) {
    const port = hostList.replace(/^\[[^\]]*\]/, '').replace(/^[^:]*:/, '');
    const atInPath = tail.replace(/\?.*$/s, '').includes('@');
    if (atInPath || !/^\d*$/.test(port)) {
      problem('the password (or user name) holds an unencoded "/", "?" or "#", which ends the host part early', ENCODE_HINT);
      return { kind, scheme, hosts: [], params: [] };
    }
  }

  let user: string | undefined;
  let password: string | undefined;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const rawUser = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const rawPassword = colon < 0 ? undefined : userinfo.slice(colon + 1);
    user = decodePart(rawUser, 'the user name', problems, percentHint, false);
    if (rawPassword !== undefined) password = decodePart(rawPassword, 'the password', problems, percentHint, false);
    if (kind === 'mongodb') {
      // The MongoDB driver refuses these unescaped (and an empty user name), with a vaguer message.
      const illegal = /[:/?#[\]@]/;
      const inUser = illegal.exec(rawUser)?.[0];
      if (inUser) problem(`the user name holds an unencoded "${inUser}"`, ENCODE_HINT);
      const inPassword = rawPassword === undefined ? undefined : illegal.exec(rawPassword)?.[0];
      if (inPassword) problem(`the password holds an unencoded "${inPassword}"`, ENCODE_HINT);
      if (rawUser === '') problem('the user name before the "@" is empty', 'drop the "@" (and what precedes it) when there are no credentials');
    }
  }

  const hosts: DatabaseUrlHost[] = [];
  const entries = hostList.split(',');
  if (kind === 'postgres' && entries.length > 1) {
    problem(maybeUserinfo ? 'it lists several hosts; the PostgreSQL driver connects to one' : `it lists several hosts (${hostList}); the PostgreSQL driver connects to one`, 'keep one host:port');
  } else {
    for (const entry of entries) {
      const host = parseHost(entry, kind, problems, percentHint, !maybeUserinfo);
      if (host) hosts.push(host);
    }
    if (kind === 'mongodb' && scheme === 'mongodb+srv') {
      if (hosts.length > 1) problem('a mongodb+srv URL names exactly one host', 'list several hosts with mongodb://h1:27017,h2:27017/...');
      if (hosts.some((h) => h.port !== undefined)) problem('a mongodb+srv URL cannot have a port', 'drop the port: the SRV record gives it');
    }
  }

  // Path and query.
  const q = tail.indexOf('?');
  const path = q < 0 ? tail : tail.slice(0, q);
  const query = q < 0 ? '' : tail.slice(q + 1);
  let database: string | undefined;
  if (path.length > 1) database = decodePart(path.slice(1), 'the database name', problems, percentHint, true);
  const params: Array<[string, string]> = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const key = decodePart(rawKey, 'a query parameter name', problems, percentHint, false);
    const label = key === undefined ? 'a query parameter' : `query parameter "${key}"`;
    const value = eq < 0 ? '' : decodePart(pair.slice(eq + 1), label, problems, percentHint, false);
    if (key !== undefined && value !== undefined) params.push([key, value]);
  }

  if (kind === 'postgres' && problems.length === 0) {
    // pg parses with `new URL` (retrying an empty host `@/` with a placeholder); anything it would
    // still refuse is refused here with at least the URL redacted.
    const text = `${writtenScheme}://${rest}`;
    try {
      new URL(text.replace('@/', '@placeholder/'));
    } catch {
      problem('it cannot be parsed as a URL', `the form is ${FORM.postgres}; ${ENCODE_HINT}`);
    }
  }

  return {
    kind,
    scheme,
    ...(user !== undefined && { user }),
    ...(password !== undefined && { password }),
    hosts,
    ...(database !== undefined && { database }),
    params,
  };
}

/** `echo`: host and port may be shown in messages (false when they might be part of a password). */
function parseHost(entry: string, kind: UrlDriverKind, problems: Problem[], percentHint: string, echo: boolean): DatabaseUrlHost | undefined {
  const problem = (message: string, hint?: string) => problems.push({ message, ...(hint && { hint }) });
  let hostPart: string;
  let portPart: string | undefined;
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close < 0) {
      problem(echo ? `host "${entry}" has no closing "]"` : 'an IPv6 host has no closing "]"', 'write an IPv6 address as [::1]');
      return undefined;
    }
    hostPart = entry.slice(0, close + 1);
    const after = entry.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) {
      problem(echo ? `unexpected "${after}" after host ${hostPart}` : 'unexpected text after an IPv6 host', 'write an IPv6 address with a port as [::1]:5432');
      return undefined;
    }
    if (after.startsWith(':')) portPart = after.slice(1);
    if (!/^\[[0-9A-Fa-f:.]+(?:%25[^\]]+)?\]$/.test(hostPart)) {
      problem(echo ? `host ${hostPart} is not an IPv6 address` : 'the host is not an IPv6 address', 'write an IPv6 address as [::1]');
      return undefined;
    }
  } else {
    const colon = entry.indexOf(':');
    hostPart = colon < 0 ? entry : entry.slice(0, colon);
    if (colon >= 0) portPart = entry.slice(colon + 1);
  }

  let port: number | undefined;
  if (portPart !== undefined && portPart !== '') {
    if (!/^\d+$/.test(portPart)) {
      problem(echo ? `port "${portPart}" is not a number` : 'the port is not a number', 'the port is a number from 1 to 65535, e.g. host:5432');
    } else {
      port = Number(portPart);
      if (port < 1 || port > 65535) {
        problem(echo ? `port ${portPart} is out of range (1-65535)` : 'the port is out of range (1-65535)', 'the port is a number from 1 to 65535, e.g. host:5432');
      }
    }
  }

  if (hostPart === '') {
    if (kind === 'mongodb') problem('no host', 'name the server: mongodb://host[:port]/database');
    else if (portPart !== undefined) problem(echo ? `no host before the port ":${portPart}"` : 'no host before the port', 'name the server: postgres://host:5432/database');
    return { host: '', ...(port !== undefined && { port }) };
  }
  const bad = hostPart.startsWith('[') ? null : /[\s<>[\]\\^|"`{}]/.exec(hostPart);
  if (bad) {
    const what = /\s/.test(bad[0]) ? 'white space' : `"${bad[0]}"`;
    problem(`${echo ? `host "${hostPart}"` : 'the host'} holds ${what}`, 'a host is a name or an IP address, e.g. db.example.com or 10.0.0.5');
    return undefined;
  }
  const host = decodePart(hostPart, echo ? `host "${hostPart}"` : 'the host', problems, percentHint, false);
  return host === undefined ? undefined : { host, ...(port !== undefined && { port }) };
}

/**
 * `raw` percent-decoded, or undefined after recording a problem: a `%` not followed by two hex
 * digits, or escapes that are not UTF-8. `echo`: the bad escape may be shown (not for userinfo
 * or query values, which may be secrets).
 */
function decodePart(raw: string, what: string, problems: Problem[], hint: string, echo: boolean): string | undefined {
  const malformed = /%(?![0-9A-Fa-f]{2})/.exec(raw);
  if (malformed) {
    const shown = raw.slice(malformed.index, malformed.index + 3);
    problems.push({ message: `bad percent-encoding${echo ? ` "${shown}"` : ''} in ${what}`, hint });
    return undefined;
  }
  try {
    return decodeURIComponent(raw);
  } catch {
    problems.push({ message: `percent-encoding in ${what} is not UTF-8`, hint });
    return undefined;
  }
}
