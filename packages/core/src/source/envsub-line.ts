/**
 * The ENVSUB grammar for one line, as goose v3 expands it (github.com/mfridman/interpolate), less
 * what would break SQL:
 *
 * - `$NAME` and `${NAME}` take the variable's value; NAME is a letter or `_`, then letters, digits
 *   and `_`. An unset variable without a default is an error naming it (goose substitutes nothing;
 *   Godwit is stricter so a typo never reaches the database as an empty string).
 * - `${NAME-default}` takes the default when NAME is unset (an empty value is kept);
 *   `${NAME:-default}` also when it is empty. A default may itself hold references
 *   (`${A:-${B}}`), looked up only when the default is used.
 * - `\$` before a reference is an escaped `$`: `\$NAME` gives `$NAME`, `\${NAME}` gives `${NAME}`.
 *   `\\` stays `\\` and does not escape the `$` after it.
 * - Left alone, unlike goose: `$$` (a dollar quote; goose turns it into `$`), `$tag$` (a dollar
 *   quote tag: a name followed directly by `$`; goose would look `tag` up), `$1` and any `$` not
 *   followed by a name. So `$body$ ... $body$` bodies keep their tags, and a variable followed
 *   by a `$` is written `${NAME}$`.
 * - Other brace forms (`${NAME:?message}`, `${NAME:2}`) are errors naming the supported ones.
 */
import { GodwitError } from '../errors.js';

export type Env = Record<string, string | undefined>;

/** Called with each value taken from the environment (not defaults), for redaction. */
export type OnSubstitution = (name: string, value: string) => void;

const NAME_START = /[A-Za-z_]/;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

interface Scanner {
  text: string;
  pos: number;
  env: Env;
  file: string;
  line: number;
  used: OnSubstitution | undefined;
}

/** `text` (one line of `file`, line number `line`) with every reference expanded. */
export function expandLine(text: string, env: Env, file: string, line: number, used?: OnSubstitution): string {
  if (!text.includes('$')) return text;
  const scanner: Scanner = { text, pos: 0, env, file, line, used };
  return expression(scanner, true, false);
}

/**
 * Text and references up to the end of the line or, inside a default, up to its closing `}`.
 * `live`: look variables up (false while skipping a default that is not used).
 */
function expression(s: Scanner, live: boolean, inBraces: boolean): string {
  let out = '';
  while (s.pos < s.text.length) {
    const c = s.text[s.pos]!;
    const next = s.text[s.pos + 1];
    if (inBraces && c === '}') break;
    if (c === '\\' && next === '\\') {
      out += '\\\\';
      s.pos += 2;
    } else if (c === '\\' && next === '$' && startsReference(s.text, s.pos + 1)) {
      out += escaped(s);
    } else if (c === '$' && next === '$') {
      out += '$$';
      s.pos += 2;
    } else if (c === '$' && next === '{' && NAME_START.test(s.text[s.pos + 2] ?? '')) {
      out += braced(s, live);
    } else if (c === '$' && next !== undefined && NAME_START.test(next)) {
      out += bare(s, live);
    } else {
      out += c;
      s.pos += 1;
    }
  }
  return out;
}

/** Whether the `$` at `at` starts something that would be expanded (so a `\` before it escapes it). */
function startsReference(text: string, at: number): boolean {
  const next = text[at + 1];
  if (next === '{') return NAME_START.test(text[at + 2] ?? '');
  if (next === undefined || !NAME_START.test(next)) return false;
  const name = nameAt(text, at + 1);
  return text[at + 1 + name.length] !== '$';
}

/** `\$NAME` or `\${...}`: the reference as written, less the backslash. */
function escaped(s: Scanner): string {
  const dollar = s.pos + 1;
  if (s.text[dollar + 1] === '{') {
    const close = s.text.indexOf('}', dollar);
    const end = close === -1 ? s.text.length : close + 1;
    s.pos = end;
    return s.text.slice(dollar, end);
  }
  const name = nameAt(s.text, dollar + 1);
  s.pos = dollar + 1 + name.length;
  return `$${name}`;
}

/** `$NAME`, or a `$tag$` dollar quote tag left as it is. */
function bare(s: Scanner, live: boolean): string {
  const start = s.pos;
  const name = nameAt(s.text, start + 1);
  const end = start + 1 + name.length;
  if (s.text[end] === '$') {
    s.pos = end + 1;
    return s.text.slice(start, end + 1);
  }
  s.pos = end;
  return live ? lookup(s, name, start) : '';
}

/** `${NAME}`, `${NAME-default}`, `${NAME:-default}`. */
function braced(s: Scanner, live: boolean): string {
  const start = s.pos;
  const name = nameAt(s.text, start + 2);
  s.pos = start + 2 + name.length;
  const rest = s.text.slice(s.pos);
  if (rest.startsWith('}')) {
    s.pos += 1;
    return live ? lookup(s, name, start) : '';
  }
  const operator = rest.startsWith(':-') ? ':-' : rest.startsWith('-') ? '-' : undefined;
  if (operator === undefined) {
    throw new GodwitError('PARSE_ERROR', `\`${s.text.slice(start, closingBrace(s.text, start))}\`: ENVSUB supports \${${name}}, \${${name}-default} and \${${name}:-default} only`, {
      file: s.file,
      line: s.line,
      column: start + 1,
      hint: 'rewrite the reference in one of those forms, or write \\$ before it to keep it as text',
    });
  }
  s.pos += operator.length;
  const value = s.env[name];
  const useDefault = value === undefined || (operator === ':-' && value === '');
  const fallback = expression(s, live && useDefault, true);
  if (s.text[s.pos] !== '}') {
    throw new GodwitError('PARSE_ERROR', `\`${s.text.slice(start)}\` has no closing \`}\``, {
      file: s.file,
      line: s.line,
      column: start + 1,
      hint: 'a reference and its default end on the same line with `}`',
    });
  }
  s.pos += 1;
  if (!live) return '';
  if (useDefault) return fallback;
  s.used?.(name, value);
  return value;
}

function lookup(s: Scanner, name: string, at: number): string {
  const value = s.env[name];
  if (value === undefined) {
    throw new GodwitError('ENVSUB_UNSET', `environment variable ${name} is not set (ENVSUB is on)`, {
      file: s.file,
      line: s.line,
      column: at + 1,
      hint: `export ${name}=... before running, or write \${${name}:-default}`,
    });
  }
  s.used?.(name, value);
  return value;
}

function nameAt(text: string, at: number): string {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0] ?? '';
}

function closingBrace(text: string, from: number): number {
  const close = text.indexOf('}', from);
  return close === -1 ? text.length : close + 1;
}
