/** `fleet status` on one target: its version and the worst thing about it (read-only, no lock). */
import type { FleetJob } from './job.js';

export const statusJob: FleetJob = async ({ migrator }) => {
  const status = await migrator.status();
  const count = (state: string) => status.migrations.filter((m) => m.state === state).length;
  const pending = count('pending');
  const diverged = count('modified') + count('missing');
  // the worst first: a dirty store needs a person; modified or missing files, a decision; pending, a run
  const state = status.dirty ? 'dirty' : diverged > 0 ? 'diverged' : pending > 0 ? 'pending' : 'current';
  return { ok: true, state, json: { current: status.current, dirty: status.dirty, pending, ...(diverged > 0 && { diverged }) } };
};
