/** `--only` / `--except`: which of a project's databases a command works on, by id. */
import { GodwitError } from '@godwit/core';
import type { ProjectOptions } from './project-options.js';

/** `ids`: every database of the project, sorted. An id the project does not have is refused. */
export function selectDatabases(ids: string[], options: Pick<ProjectOptions, 'only' | 'except'>): string[] {
  for (const [flag, list] of [['--only', options.only], ['--except', options.except]] as const) {
    for (const id of list ?? []) {
      if (!ids.includes(id)) {
        throw new GodwitError('USAGE', `${flag}: no database "${id}"`, {
          hint: ids.length ? `databases: ${ids.join(', ')}` : 'no database found: add migrations/<driver>-<name>/ folders or "databases" to the config',
        });
      }
    }
  }
  if (options.only && options.except) {
    throw new GodwitError('USAGE', '--only and --except together', { hint: 'use one of them' });
  }
  const chosen = ids.filter((id) => (!options.only || options.only.includes(id)) && !options.except?.includes(id));
  if (ids.length === 0) {
    throw new GodwitError('USAGE', 'no databases in this project', {
      hint: 'add migrations/<driver>-<name>/ folders (e.g. migrations/postgres-app), or "databases" to godwit.config.json',
    });
  }
  return chosen;
}
