/**
 * A fleet's progress on a terminal: one line rewritten in place, `[#####.....] 120/1000 targets
 * (2 failed)  35/s  ETA 25 s`. Nothing is drawn when stderr is not a terminal: log pipelines get
 * one JSON line per target instead (fleet-log.ts). Redrawn at most every 100 ms, so a fleet of
 * fast targets does not spend its time painting.
 */
import { formatDuration } from '../output/duration.js';

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

export interface ProgressState {
  done: number;
  failed: number;
  total: number;
  elapsedMs: number;
}

export function progressLine({ done, failed, total, elapsedMs }: ProgressState): string {
  const fraction = total === 0 ? 1 : done / total;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = rate > 0 && done < total ? `  ETA ${formatDuration(((total - done) / rate) * 1000)}` : '';
  const failures = failed > 0 ? ` (${failed} failed)` : '';
  return `${bar} ${done}/${total} targets${failures}  ${rate.toFixed(rate < 10 ? 1 : 0)}/s${eta}`;
}

export interface FleetProgress {
  targetDone(ok: boolean): void;
  stop(): void;
}

export function createFleetProgress(total: number, stream: { write(text: string): void; isTTY: boolean }, now = Date.now): FleetProgress | undefined {
  if (!stream.isTTY) return undefined;
  const started = now();
  let done = 0;
  let failed = 0;
  let drawn = 0;
  const draw = () => {
    drawn = now();
    stream.write(`\r\x1b[2K${progressLine({ done, failed, total, elapsedMs: drawn - started })}`);
  };
  return {
    targetDone(ok) {
      done++;
      if (!ok) failed++;
      if (now() - drawn >= REDRAW_MS || done === total) draw();
    },
    stop() {
      if (drawn > 0) stream.write('\r\x1b[2K');
    },
  };
}
