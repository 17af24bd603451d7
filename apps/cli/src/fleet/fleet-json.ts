/**
 * `fleet ... --json`: one JSON document, written while the fleet runs. The head (what ran, on
 * which fleet and shard) goes out first, each target as soon as it is counted (fleet-tally.ts,
 * in list order), the outcome (ok, counts, the command's summary) at the end. A fleet of 100,000
 * targets never holds 100,000 reports to print them.
 */
import { errorJson } from '../output/errors.js';
import type { Io } from '../output/io.js';
import type { TargetReport } from './target-report.js';

export interface FleetJsonWriter {
  target(report: TargetReport): void;
  /** closes the document with these members after `targets` */
  end(outcome: Record<string, unknown>): void;
}

export function startFleetJson(io: Io, head: Record<string, unknown>): FleetJsonWriter {
  let targets = 0;
  io.out(`${JSON.stringify(head, null, 2).replace(/\n}$/, '')},\n  "targets": [`);
  return {
    target(report) {
      io.out(`${targets++ === 0 ? '\n' : ',\n'}${indent(JSON.stringify(targetJson(report), null, 2), '    ')}`);
    },
    end(outcome) {
      const members = JSON.stringify(outcome, null, 2).replace(/^{\n?/, '');
      io.out(`${targets > 0 ? '\n  ' : ''}]${members === '}' ? '\n}' : `,\n${members}`}\n`);
    },
  };
}

/** One target as the JSON shows it. */
export function targetJson(t: TargetReport): Record<string, unknown> {
  return {
    id: t.entry.id,
    target: t.target,
    ...(t.entry.schema !== undefined && { schema: t.entry.schema }),
    result: t.state,
    ...(t.durationMs !== undefined && { durationMs: t.durationMs }),
    ...t.json,
    ...(t.error && { error: errorJson(t.error) }),
  };
}

function indent(text: string, by: string): string {
  return by + text.replace(/\n/g, `\n${by}`);
}
