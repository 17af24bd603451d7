/** `godwit status --all`: one row per database (version, pending, dirty), read-only, every database looked at. */
import type { CliContext } from '../context/command-kit.js';
import { executeAll } from './execute-all.js';
import type { ProjectOptions } from './options.js';

export function statusAll(ctx: CliContext, options: ProjectOptions): Promise<number> {
  return executeAll(
    ctx,
    options,
    { command: 'status', urlRequired: true, continueOnError: true, columns: ['VERSION', 'PENDING', 'DIRTY'] },
    async (db, session) => {
      const status = await session(db.dir, db.table)((s) => s.migrator.status());
      const pending = status.migrations.filter((m) => m.state === 'pending').length;
      return {
        ok: true,
        json: {
          current: status.current,
          dirty: status.dirty,
          pending,
          migrations: status.migrations.map((m) => ({ version: m.version, name: m.name, state: m.state, appliedAt: m.appliedAt ?? null })),
        },
        cells: [String(status.current), String(pending), status.dirty ? 'yes' : 'no'],
      };
    },
  );
}
