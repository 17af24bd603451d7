/**
 * A fleet's targets file: one database URL per line, optionally after an id (`tenant-42
 * postgres://...`), `#` comments (a whole line, or after white space), blank lines ignored, and
 * `${VAR}` taken from the environment so passwords stay out of the file. Pure: the caller reads
 * the file, this turns its text into entries and reports every mistake with `file:line`.
 */
import { GodwitError, redactUrl } from '@godwit/core';

export interface FleetEntry {
  /** stable name of the target: what shards hash and what the reports show; never holds a secret */
  id: string;
  /** the database URL (holds the password: print `redactUrl(url)`, never this) */
  url: string;
  /** PostgreSQL `--schemas`: the schema the target lives in (search_path, store tables) */
  schema?: string;
  /** where it was declared, for messages (`targets.txt:12`) */
  where?: string;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function parseTargetList(text: string, file: string, env: NodeJS.ProcessEnv): FleetEntry[] {
  const entries: FleetEntry[] = [];
  const seen = new Map<string, number>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = i + 1;
    const content = stripComment(raw).trim();
    if (content === '') continue;
    const words = content.split(/\s+/);
    if (words.length > 2) {
      throw new GodwitError('USAGE', `expected "URL" or "ID URL", found ${words.length} words`, {
        file,
        line,
        hint: 'one target per line: a URL, or an id and a URL separated by a space',
      });
    }
    const url = expand(words.length === 2 ? words[1]! : words[0]!, file, line, env);
    const id = words.length === 2 ? words[0]! : idOfUrl(url);
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw new GodwitError('USAGE', `target ${id} is listed twice (lines ${earlier} and ${line})`, {
        file,
        line,
        hint: 'remove one of the lines: each target must appear once, or it would be migrated twice at the same time',
      });
    }
    seen.set(id, line);
    entries.push({ id, url, where: `${file}:${line}` });
  }
  return entries;
}

/** A target's default id: its URL with the password masked, so it is safe to print and stable across runs. */
export function idOfUrl(url: string): string {
  return redactUrl(url);
}

function stripComment(line: string): string {
  if (line.trimStart().startsWith('#')) return '';
  const at = line.search(/\s#/);
  return at < 0 ? line : line.slice(0, at);
}

function expand(value: string, file: string, line: number, env: NodeJS.ProcessEnv): string {
  return value.replace(REFERENCE, (_, name: string) => {
    const found = env[name];
    if (found === undefined) {
      throw new GodwitError('CONFIG', `environment variable ${name} is not set`, { file, line, hint: `set ${name} (or put it in ./.env)` });
    }
    return found;
  });
}
