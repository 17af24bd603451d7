/**
 * ENVSUB applied to a migration's parts: references are expanded (see envsub-line.ts for the
 * grammar: `$VAR`, `${VAR}`, `${VAR-default}`, `${VAR:-default}`, `\$VAR`) in the lines a file
 * switched it on for (`-- +goose ENVSUB ON` ... `OFF`). Applied when a migration is loaded, with an
 * injected env record, so listing migrations and computing checksums never depend on the
 * environment.
 */
import type { SqlChunk, SqlPart } from '../migration.js';
import { type Env, expandLine } from './envsub-line.js';
import type { LineRange } from './goose-parser.js';

export type { Env } from './envsub-line.js';

/**
 * Substitutes every reference in `text`, which starts at line `line` of `file`. An unset
 * variable without a default is an error naming it and its place.
 */
export function substituteEnv(text: string, env: Env, file: string, line = 1): string {
  return text
    .split('\n')
    .map((lineText, i) => expandLine(lineText, env, file, line + i))
    .join('\n');
}

/** A value taken from the environment by ENVSUB: a secret, as far as anything shown is concerned. */
export interface Substitution {
  name: string;
  value: string;
}

/**
 * A copy of `part` with substitution applied to the lines inside `regions` (none: the same part).
 * The values taken from the environment (non-empty ones; not defaults) are listed in
 * `substitutions`, so whatever shows a statement can show it as written (see `asWritten`).
 */
export function applyEnvsub(part: SqlPart, regions: LineRange[], env: Env): SqlPart {
  if (regions.length === 0) return part;
  const inRegion = (line: number) => regions.some((r) => line >= r.from && line <= r.to);
  const substitutions: Substitution[] = [];
  const used = (name: string, value: string) => {
    if (value === '') return;
    if (substitutions.some((s) => s.name === name && s.value === value)) return;
    substitutions.push({ name, value });
  };
  const chunks = part.chunks.map((chunk): SqlChunk => {
    const lines = chunk.text.split('\n');
    let changed = false;
    const out = lines.map((text, i) => {
      const lineNo = chunk.line + i;
      if (!inRegion(lineNo)) return text;
      const replaced = expandLine(text, env, part.file, lineNo, used);
      if (replaced !== text) changed = true;
      return replaced;
    });
    return changed ? { ...chunk, text: out.join('\n') } : chunk;
  });
  return { ...part, chunks, ...(substitutions.length > 0 && { substitutions }) };
}

/**
 * `text` (a statement, an error message) with every value in `substitutions` put back as the
 * `${NAME}` it replaced, so a value ENVSUB took from the environment is never shown. Longest values
 * first, so a value that contains another is replaced whole; one pass, so a `${NAME}` put back is
 * never itself rewritten. Text that happens to contain a value where the file did not reference it
 * is rewritten too: over-hiding is acceptable, leaking is not.
 */
export function asWritten(text: string, substitutions: readonly Substitution[] | undefined): string {
  if (!substitutions || substitutions.length === 0) return text;
  const byValue = new Map<string, string>();
  for (const { name, value } of substitutions) if (value !== '' && !byValue.has(value)) byValue.set(value, name);
  if (byValue.size === 0) return text;
  const values = [...byValue.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(values.map(escapeRegExp).join('|'), 'g');
  return text.replace(pattern, (value) => `\${${byValue.get(value)!}}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
