/** `--json`: `{"findings":[{"file","line","column","rule","severity","message","fix"}],"files":N}`. */
import type { LintReport } from '../contract.js';

export function lintJson(report: LintReport): Record<string, unknown> {
  return {
    findings: report.findings.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      fix: f.fix ?? null,
    })),
    files: report.files,
  };
}
