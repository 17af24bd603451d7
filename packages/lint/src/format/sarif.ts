/** `--format sarif`: SARIF 2.1.0, for code-scanning UIs (GitHub code scanning, GitLab, IDEs). */
import type { LintReport } from '../contract.js';
import { RULES } from '../rules.js';

export function lintSarif(report: LintReport, toolVersion: string): Record<string, unknown> {
  const used = new Set(report.findings.map((f) => f.rule));
  const rules = RULES.filter((r) => used.has(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'godwit',
            informationUri: 'https://github.com/godwit/godwit#lint',
            version: toolVersion,
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.catches },
              help: { text: `Safe alternative: ${r.safe}` },
              defaultConfiguration: { level: r.severity },
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) && { ruleIndex: index.get(f.rule) }),
          level: f.severity,
          message: { text: f.fix ? `${f.message}\nSafe alternative:\n${f.fix}` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.replace(/\\/g, '/').replace(/^\.\//, '') },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
        })),
      },
    ],
  };
}
