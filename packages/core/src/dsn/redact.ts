/**
 * Passwords never reach output, logs or errors. These functions mask them with `****` without
 * parsing through `new URL`, because the URLs people actually paste often hold unencoded `@`, `:`
 * or `/` in the password, and a parser that gives up there would leak the whole string.
 * Over-masking is acceptable; under-masking is not.
 */

const MASK = '****';
const SCHEME = /^([a-z][a-z0-9+.-]*:\/\/)/i;
/** `?password=x` / `&pass=x` in a URL's query (libpq, JDBC, ODBC spellings). */
const QUERY_SECRET = /([?&;](?:password|pass|pwd|sslpassword)=)[^&#]*/gi;
/** `password=x`, `password='x y'` or `password="x y"` in a libpq key=value string or in free text. */
const KEYWORD_SECRET = /(?<![\w.-])((?:password|pass|pwd|sslpassword)\s*=\s*)('(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|[^\s'"&;,]+)/gi;
/** A `scheme://...` URL inside free text, up to white space or a quote. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

interface Userinfo {
  /** index in the URL where the password starts, and where it ends (the `@`) */
  start: number;
  end: number;
}

/**
 * Where the password sits in `scheme://user:password@host...`. The userinfo ends at the last `@`
 * before the query, so an unencoded `@` inside the password stays masked.
 */
function locatePassword(url: string): Userinfo | undefined {
  const scheme = SCHEME.exec(url);
  if (!scheme) return undefined;
  const from = scheme[1]!.length;
  const firstAt = url.indexOf('@', from);
  if (firstAt < 0) return undefined;
  const queryAt = url.slice(firstAt).search(/[?#]/);
  const limit = queryAt < 0 ? url.length : firstAt + queryAt;
  const at = url.lastIndexOf('@', limit - 1);
  const colon = url.indexOf(':', from);
  if (colon < 0 || colon > at) return undefined;
  return { start: colon + 1, end: at };
}

/** The password in a URL (as written, possibly percent-encoded), if there is one. */
export function passwordOf(url: string): string | undefined {
  const where = locatePassword(url);
  if (!where || where.end === where.start) return undefined;
  return url.slice(where.start, where.end);
}

/**
 * Every secret a database URL or DSN carries, as written: the userinfo password, `password=` query
 * parameters, and `password=` pairs of a libpq key=value string. The one place that finds them:
 * the resolved database carries them, and drivers, the CLI and plugins mask with them, also where
 * one turns up without its URL around it (a driver that echoes the bare password).
 */
export function secretsOf(url: string): string[] {
  const text = String(url);
  const found = new Set<string>();
  const password = passwordOf(text);
  if (password) found.add(password);
  const query = SCHEME.test(text) ? text : '';
  for (const m of query.matchAll(QUERY_SECRET)) {
    const value = text.slice(m.index! + m[1]!.length).split(/[&#]/, 1)[0];
    if (value) found.add(value);
  }
  if (!SCHEME.test(text)) {
    for (const m of text.matchAll(KEYWORD_SECRET)) {
      const value = m[2]!.replace(/^(['"])(.*?)\1?$/s, '$2');
      if (value) found.add(value);
    }
  }
  return [...found];
}

/**
 * `postgres://app:secret@host/db` -> `postgres://app:****@host/db`; also `password=` query
 * parameters and key=value DSNs (`host=x password=y`). Never throws.
 */
export function redactUrl(url: string): string {
  try {
    const text = String(url);
    if (!SCHEME.test(text)) return text.replace(KEYWORD_SECRET, `$1${MASK}`);
    const where = locatePassword(text);
    const masked = where && where.end > where.start ? text.slice(0, where.start) + MASK + text.slice(where.end) : text;
    return masked.replace(QUERY_SECRET, `$1${MASK}`);
  } catch {
    // Only reachable for inputs that are not strings at all; say nothing rather than risk a leak.
    return MASK;
  }
}

/**
 * Masks secrets in free text such as a driver's error message: the password of every URL in it,
 * `password=...` pairs, and every string in `secrets` (also in its percent-decoded and -encoded
 * spellings, since a driver may echo either).
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = String(text);
  const found = new Set<string>();
  for (const s of secrets) for (const form of spellings(s)) found.add(form);
  for (const url of out.match(URL_IN_TEXT) ?? []) {
    const password = passwordOf(url);
    if (password) for (const form of spellings(password)) found.add(form);
  }
  out = out.replace(URL_IN_TEXT, (url) => redactUrl(url)).replace(KEYWORD_SECRET, `$1${MASK}`);
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...found].sort((a, b) => b.length - a.length)) {
    if (MASK.includes(secret)) continue;
    out = out.split(secret).join(MASK);
  }
  return out;
}

function spellings(secret: string): string[] {
  if (!secret) return [];
  const forms = [secret, encodeURIComponent(secret)];
  try {
    forms.push(decodeURIComponent(secret));
  } catch {
    // not valid percent-encoding: the raw form is the only one a driver could echo
  }
  return forms.filter((f) => f.length > 0);
}
