/** `godwit lint --rules`: one line per rule (id, dialect, default severity, what it catches). */
import type { RuleInfo } from '@godwit/lint';

export function rulesTable(rules: readonly RuleInfo[]): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  return `${rules.map((r) => `${r.id.padEnd(width)}  ${r.dialect.padEnd(8)}  ${r.severity.padEnd(7)}  ${r.catches}`).join('\n')}\n`;
}
