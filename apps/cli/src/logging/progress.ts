/**
 * Live progress on a terminal: one line on stderr, redrawn in place, naming the migration being
 * applied, n of N and its elapsed time, so a long migration does not look like a hang. It is
 * drawn only when stderr is a TTY (logs and CI output stay plain lines) and the caller leaves it
 * out under --quiet and --json. The line is erased before the step's own log line is written.
 */
import type { GodwitEvent } from '@godwit/core';
import type { Labeller } from '../output/labeller.js';
import { batchWords } from './batch-words.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** terminal width; the line is cut to fit so it never wraps (a wrapped line cannot be redrawn) */
  columns?: number;
}

export interface ProgressOptions {
  stream: ProgressStream;
  label: Labeller;
  /** ms; default 100 */
  intervalMs?: number;
  now?: () => number;
}

export interface Progress {
  /** call before the event's log line: a step that ends erases the line first */
  onEvent(event: GodwitEvent): void;
  /** call after the event's log line: draws the running step's line now (it is then redrawn on a timer) */
  render(): void;
  /** erase the line and stop redrawing (idempotent) */
  stop(): void;
}

const ERASE = '\r\x1b[2K';
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** undefined when the stream is not a terminal: nothing to draw. */
export function createProgress(options: ProgressOptions): Progress | undefined {
  const { stream, label } = options;
  if (stream.isTTY !== true) return undefined;
  const now = options.now ?? Date.now;
  let current: { text: string; started: number; detail?: string } | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let frame = 0;
  let drawn = false;

  const draw = (): void => {
    if (!current) return;
    const seconds = ((now() - current.started) / 1000).toFixed(1);
    const line = `${FRAMES[frame++ % FRAMES.length]} ${current.text} ${seconds}s${current.detail ? `: ${current.detail}` : ''}`;
    const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : line.length;
    stream.write(`${ERASE}${line.slice(0, width)}`);
    drawn = true;
  };

  const erase = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
    current = undefined;
    if (drawn) stream.write(ERASE);
    drawn = false;
  };

  return {
    onEvent(event) {
      switch (event.event) {
        case 'migrating': {
          erase();
          const verb = event.direction === 'down' ? 'rolling back' : event.direction === 'skip' ? 'skipping' : 'applying';
          current = { text: `${verb} ${label(event.version, event.name)} (${event.index}/${event.total})`, started: now() };
          // Not drawn here but by `render`, after this event's own log line. The timer only
          // fires while the driver awaits: a synchronous driver (SQLite) shows the line it
          // started with until the step ends.
          timer = setInterval(draw, options.intervalMs ?? 100);
          // A progress line must never keep the process alive.
          timer.unref?.();
          return;
        }
        case 'batch-progress':
          // a batched backfill's rows done, rate and ETA after the step's line, redrawn now
          if (current) {
            current.detail = batchWords(event);
            draw();
          }
          return;
        case 'migrated':
        case 'migration-failed':
        case 'run-end':
        case 'lock-wait':
        case 'warning':
          erase();
          return;
        default:
          return;
      }
    },
    render() {
      if (current && !drawn) draw();
    },
    stop: erase,
  };
}
