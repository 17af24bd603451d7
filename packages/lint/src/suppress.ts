/**
 * Inline suppression: `-- godwit:ignore rule-id[, rule-id] -- reason` on the line(s) just above a
 * statement silences those rules for that statement; `-- godwit:ignore-file rule-id` anywhere in the
 * file silences them for the whole file. A directive that silences nothing is reported as
 * `unused-ignore`, so stale ones do not pile up. These are comment annotations (like goose's
 * `-- +goose` lines), read line by line; the SQL itself is only ever read by the parser.
 */
import type { Finding } from './contract.js';

export interface Directive {
  /** the directive's own line */
  line: number;
  /** the first line below it that is not a comment or blank: the statement it is about; 0 for ignore-file */
  target: number;
  rules: string[];
  wholeFile: boolean;
  /** rule ids it has silenced */
  used: Set<string>;
}

const MARK = 'godwit:ignore';

/** One line of a file's text with its 1-based number. */
export interface NumberedLine {
  line: number;
  text: string;
}

/** The directives among `lines` (in file order). */
export function parseDirectives(lines: readonly NumberedLine[]): Directive[] {
  const out: Directive[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { line, text } = lines[i]!;
    const parsed = parseDirective(text);
    if (!parsed) continue;
    let target = 0;
    if (!parsed.wholeFile) {
      for (let j = i + 1; j < lines.length; j++) {
        const t = lines[j]!.text.trim();
        if (t === '' || t.startsWith('--')) continue;
        target = lines[j]!.line;
        break;
      }
    }
    out.push({ line, target, rules: parsed.rules, wholeFile: parsed.wholeFile, used: new Set() });
  }
  return out;
}

/** `-- godwit:ignore a, b -- reason` -> { rules: [a, b] }; undefined when the line is no directive. */
export function parseDirective(text: string): { rules: string[]; wholeFile: boolean } | undefined {
  const t = text.trim();
  if (!t.startsWith('--')) return undefined;
  const body = t.slice(2).trim();
  return directiveBody(body);
}

/** The part after the comment marker (also used for a MongoDB command's `comment` field). */
export function directiveBody(body: string): { rules: string[]; wholeFile: boolean } | undefined {
  if (!body.startsWith(MARK)) return undefined;
  let rest = body.slice(MARK.length);
  const wholeFile = rest.startsWith('-file');
  if (wholeFile) rest = rest.slice('-file'.length);
  if (rest !== '' && !/^\s/.test(rest)) return undefined;
  const reasonAt = rest.indexOf('--');
  const list = reasonAt < 0 ? rest : rest.slice(0, reasonAt);
  const rules = list
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return { rules, wholeFile };
}

/** Whether a directive silences `finding` (marking it used); file-wide directives first. */
export function suppresses(directives: readonly Directive[], finding: Finding): boolean {
  for (const d of directives) {
    if (!d.rules.includes(finding.rule)) continue;
    if (d.wholeFile || d.target === finding.line) {
      d.used.add(finding.rule);
      return true;
    }
  }
  return false;
}

/** `unused-ignore` findings for the rule ids of directives that silenced nothing. */
export function unusedDirectives(directives: readonly Directive[], file: string, known: (id: string) => boolean): Finding[] {
  const out: Finding[] = [];
  for (const d of directives) {
    const what = d.wholeFile ? 'godwit:ignore-file' : 'godwit:ignore';
    if (d.rules.length === 0) {
      out.push(unused(file, d.line, `${what} names no rule id: say which rule it silences`));
      continue;
    }
    for (const rule of d.rules) {
      if (d.used.has(rule)) continue;
      const why = known(rule) ? 'suppresses nothing' : 'names an unknown rule';
      out.push(unused(file, d.line, `${what} ${rule} ${why}: remove it${known(rule) ? '' : ' or fix the rule id (godwit lint --rules lists them)'}`));
    }
  }
  return out;
}

function unused(file: string, line: number, message: string): Finding {
  return { file, line, column: 1, rule: 'unused-ignore', severity: 'warning', message };
}
