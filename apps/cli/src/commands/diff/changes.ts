/**
 * Schema changes as `diff`, `drift` and `test` print them: one line per change, indented, and the
 * same data for --json. Core words each line (formatChange); this only lays them out.
 */
import { formatChange, type SchemaChange } from '@godwit/core';

export function changesText(changes: readonly SchemaChange[], indent = '  '): string {
  return changes.map((c) => `${indent}${formatChange(c)}\n`).join('');
}

export function changesJson(changes: readonly SchemaChange[]): Array<Record<string, unknown>> {
  return changes.map((c) => ({ ...c, text: formatChange(c) }));
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
