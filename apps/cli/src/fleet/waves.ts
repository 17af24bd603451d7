/**
 * Canary rollout: `--waves 1,10%,100%` applies to the first target, then up to 10% of the fleet,
 * then the rest. Each entry says how many targets are done by the end of its wave (a count, or a
 * percentage of the fleet rounded up); the fleet stops after a wave with any failure. Targets the
 * last entry does not reach form a final wave, so a fleet is never left half done by a typo.
 */
import { GodwitError } from '@godwit/core';

export type WaveMark = { count: number } | { percent: number };

export function parseWaves(text: string): WaveMark[] {
  const parts = text.split(',').map((s) => s.trim());
  const marks = parts.map((p): WaveMark => {
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(p);
    if (percent) {
      const value = Number(percent[1]);
      if (value <= 0 || value > 100) throw badWaves(text, `${p} is not between 0% and 100%`);
      return { percent: value };
    }
    if (/^\d+$/.test(p) && Number(p) > 0) return { count: Number(p) };
    throw badWaves(text, `"${p}" is neither a count (1 or more) nor a percentage`);
  });
  if (marks.length === 0) throw badWaves(text, 'no waves');
  return marks;
}

/** The waves' sizes for a fleet of `total` targets: each at least one target, summing to `total`. */
export function waveSizes(total: number, marks: readonly WaveMark[]): number[] {
  const sizes: number[] = [];
  let done = 0;
  for (const mark of marks) {
    const upTo = Math.min(total, 'count' in mark ? mark.count : Math.ceil((mark.percent / 100) * total));
    if (upTo > done) {
      sizes.push(upTo - done);
      done = upTo;
    }
  }
  if (done < total) sizes.push(total - done);
  return sizes;
}

function badWaves(text: string, why: string): GodwitError {
  return new GodwitError('USAGE', `--waves ${text}: ${why}`, { hint: 'e.g. --waves 1,10%,100% (counts or percentages of the fleet, growing)' });
}
