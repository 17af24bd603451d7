/**
 * Every fleet job by name: what the commands ask for and what a worker thread looks up, since a
 * closure cannot cross to another thread but its name can.
 */
import { driftJob } from './drift.js';
import type { FleetJob } from './job.js';
import { lintJob } from './lint.js';
import { rehearseJob } from './rehearse.js';
import { statusJob } from './status.js';
import { upJob } from './up.js';
import { validateJob } from './validate.js';

export const FLEET_JOBS = {
  up: upJob,
  status: statusJob,
  validate: validateJob,
  drift: driftJob,
  rehearse: rehearseJob,
  lint: lintJob,
} satisfies Record<string, FleetJob>;

export type FleetJobName = keyof typeof FLEET_JOBS;

/**
 * The jobs that commit on a target: their fsyncs are what worker threads overlap (fleet-threads.ts).
 * The others read, mostly from the page cache: 200 SQLite targets take 0.4-0.7 s in one thread,
 * and starting threads made them slower (measured), so they get threads only when asked.
 */
export const JOBS_THAT_WRITE: ReadonlySet<FleetJobName> = new Set(['up', 'rehearse']);
