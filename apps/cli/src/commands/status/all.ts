/** `godwit status --all`: one row per database (version, pending, dirty), read-only, every database looked at. */
import type { CliContext } from '../shared/command-kit.js';
import { executeAll } from '../shared/execute-all.js';
import type { ProjectOptions } from '../../settings/project-options.js';
import { migrationsJson } from './json.js';

export function statusAll(ctx: CliContext, options: ProjectOptions): Promise<number> {
  return executeAll(
    ctx,
    options,
    { command: 'status', urlRequired: 'each', continueOnError: true, columns: ['VERSION', 'PENDING', 'DIRTY'] },
    async (target, open) => {
      const status = await open(target, (s) => s.migrator.status());
      const pending = status.migrations.filter((m) => m.state === 'pending').length;
      return {
        ok: true,
        json: { current: status.current, dirty: status.dirty, pending, migrations: migrationsJson(status) },
        cells: [String(status.current), String(pending), status.dirty ? 'yes' : 'no'],
      };
    },
  );
}
