/**
 * What the driver needs from a MongoDB URL before connecting: that it is one, and which database
 * it names. Migrations run against that database, so a URL without one is refused up front rather
 * than silently migrating the driver's default (`test`).
 */
import { GodwitError, redactUrl } from '@godwit/core';

const SCHEME = /^mongodb(?:\+srv)?:\/\//i;
const URL_HINT = 'e.g. mongodb://localhost:27017/app or mongodb+srv://user:password@cluster.example.net/app';

/**
 * The database in `mongodb://[user:password@]host[:port][,host...]/<database>[?options]`, percent-
 * decoded. Parsed by hand because the path is the only part we need, and the userinfo may hold an
 * unencoded `/` that would fool a naive split (the host list itself never holds `/`).
 */
export function databaseNameOf(url: string): string {
  const redacted = redactUrl(url);
  if (!SCHEME.test(url)) {
    throw new GodwitError('USAGE', `not a MongoDB URL: ${redacted}`, { hint: URL_HINT });
  }
  const afterScheme = url.replace(SCHEME, '').replace(/[?#].*$/s, '');
  const at = afterScheme.lastIndexOf('@');
  const hostAndPath = at >= 0 ? afterScheme.slice(at + 1) : afterScheme;
  const slash = hostAndPath.indexOf('/');
  let name = slash >= 0 ? hostAndPath.slice(slash + 1) : '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // a stray `%` is part of the name; the server judges it
  }
  if (name === '') {
    throw new GodwitError('USAGE', `the MongoDB URL names no database: ${redacted}`, {
      hint: 'put the database in the URL path: mongodb://host[:port]/<database>[?options]',
    });
  }
  if (/[/\\. "$\0]/.test(name)) {
    throw new GodwitError('USAGE', `"${name}" is not a valid MongoDB database name (in ${redacted})`, {
      hint: 'a database name cannot contain / \\ . space " $ or a NUL character',
    });
  }
  return name;
}
