/**
 * MongoDB command migrations: a JSON array of command documents in Extended JSON. bson's EJSON
 * parses the values in canonical mode so `$date`, `$oid`, `$numberLong` and `$numberDecimal` keep
 * their BSON types exactly. Every error names file:line:column: JSON.parse's offset for syntax
 * errors, and the element's opening brace for a bad element.
 */
import { GodwitError } from '../errors.js';
import { ejson } from './ejson.js';
import type { JsonCommand, JsonPart } from '../migration.js';
import { type ElementSpan, scanTopLevelElements } from './json-scan.js';
import { createLineIndex, stripBom } from './text.js';

export function parseJsonCommands(text: string, file: string): JsonPart {
  const body = stripBom(text);
  const isJs = file.endsWith('.js');
  const where = createLineIndex(body);
  const fail = (message: string, offset: number | undefined, hint?: string) =>
    new GodwitError('PARSE_ERROR', message, {
      file,
      ...(offset !== undefined && where(offset)),
      ...(hint && { hint }),
    });
  const jsOnly = 'only .js files holding a JSON array of commands are supported';
  const jsHint = 'rename it to .up.json / .down.json if it is a JSON array, or convert the script into a JSON array of command documents';

  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (e) {
    const offset = syntaxErrorOffset(body, (e as Error).message);
    const message = conciseJsonMessage((e as Error).message);
    if (isJs) throw fail(`${jsOnly}: ${message}`, offset, jsHint);
    throw fail(`invalid JSON: ${message}`, offset, 'a command migration is a JSON array of command documents, e.g. [{"create": "users"}]');
  }

  if (!Array.isArray(raw)) {
    const offset = body.search(/\S/);
    if (isJs) throw fail(`${jsOnly}; this one holds ${describe(raw)}`, offset, jsHint);
    throw fail(`a command migration must be a JSON array of command documents, found ${describe(raw)}`, offset, 'wrap the command(s) in [ ... ], e.g. [{"create": "users"}]');
  }

  const spans = scanTopLevelElements(body);
  raw.forEach((element, index) => {
    const isDocument = typeof element === 'object' && element !== null && !Array.isArray(element);
    if (!isDocument) {
      throw fail(`element ${index} is ${describe(element)}, not a command document`, spans[index]?.start, 'each element is one command document, e.g. {"insert": "users", "documents": [...]}');
    }
    if (Object.keys(element).length === 0) {
      throw fail(`element ${index} is an empty document; a command names its operation as the first key`, spans[index]?.start, 'e.g. {"create": "users"}');
    }
  });

  let values: unknown[];
  try {
    values = ejson().parse(body, { relaxed: false }) as unknown[];
  } catch (e) {
    // Invalid Extended JSON (a bad $oid, say): find the element that fails on its own.
    const index = spans.findIndex((span) => failsAlone(body, span));
    throw fail(
      `invalid Extended JSON${index === -1 ? '' : ` in element ${index}`}: ${(e as Error).message}`,
      index === -1 ? undefined : spans[index]!.start,
      'check the $-prefixed values, e.g. {"$oid": "<24 hex digits>"}, {"$date": "2024-01-01T00:00:00Z"}',
    );
  }

  const commands: JsonCommand[] = values.map((command, index) => ({
    command: command as Record<string, unknown>,
    index,
    ...where(spans[index]?.start ?? 0),
  }));
  return { kind: 'json', file, commands, empty: commands.length === 0 };
}

function failsAlone(body: string, span: ElementSpan): boolean {
  try {
    ejson().parse(body.slice(span.start, span.end), { relaxed: false });
    return false;
  } catch {
    return true;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/**
 * V8's message without what we report separately: the offset (we give line:column) and the quoted
 * copy of the input, which may span lines.
 */
function conciseJsonMessage(message: string): string {
  return message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .trim();
}

/**
 * The offset a JSON.parse error points at. Node 20 says `at position N` for most errors, but
 * `Unexpected token 'x', "..." is not valid JSON` carries no offset; then the longest prefix that
 * is still a valid start of JSON ends where the error is, found by bisection.
 */
export function syntaxErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return Math.max(0, text.trimEnd().length - 1);
  let lo = 0; // a viable prefix length
  let hi = text.length; // a prefix length known to fail
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (isViablePrefix(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Whether `prefix` could be the start of valid JSON: it fails, if at all, only at its end. */
function isViablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (e) {
    const message = (e as Error).message;
    if (/Unexpected end of JSON input/.test(message)) return true;
    const position = /at position (\d+)/.exec(message);
    return position !== null && Number(position[1]) >= prefix.length;
  }
}
