/**
 * `--format github`: GitHub Actions workflow commands, one per finding
 * (`::error file=...,line=...,col=...,title=...::message`), which the pull request shows on the
 * line. Data and properties are escaped as the runner expects (%, CR, LF; and `:` `,` in properties).
 */
import type { LintReport } from '../contract.js';
import { summary } from './text.js';

export function formatGithub(report: LintReport): string {
  const lines = report.findings.map((f) => {
    const props = [`file=${property(f.file)}`, `line=${f.line}`, `col=${f.column}`, `title=${property(`godwit lint: ${f.rule}`)}`].join(',');
    const body = f.fix ? `${f.message}\n\nSafe alternative:\n${f.fix}` : f.message;
    return `::${f.severity} ${props}::${data(body)}`;
  });
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
