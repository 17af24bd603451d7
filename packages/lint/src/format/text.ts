/** For people: `file:line:col: error: rule: message`, the fix indented below, and a closing count. */
import type { LintReport } from '../contract.js';

export function formatText(report: LintReport): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.rule}: ${f.message}`);
    if (f.fix) lines.push(...f.fix.split('\n').map((l, i) => `    ${i === 0 ? 'fix: ' : '     '}${l}`));
  }
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

export function summary(report: LintReport): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  if (report.findings.length === 0) return `ok: ${report.files} migration file(s) linted, nothing found`;
  return `${report.files} migration file(s) linted: ${errors} error(s), ${warnings} warning(s)`;
}
