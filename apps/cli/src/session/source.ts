/**
 * The folder source as the CLI uses it: it remembers each migration's file label
 * (`000003_add_email`, as the file is named, padding included) for log lines and tables, and it
 * recognises the mistake of pointing at a multi-database project's root.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GodwitError, type Migration, type Source, checkFolderSum, createFolderSource } from '@godwit/core';
import type { Labeller } from '../output/labeller.js';

export interface CliSource extends Source {
  readonly dir: string;
  /** `000003_add_email` once the folder has been listed; `3_add_email` before */
  label: Labeller;
}

const EXTENSION = /(?:\.(?:up|down))?\.(?:sql|json|js|go)$/;
/** `postgres-inventory`, `sqlite-app`, `mongo-events`: one database each (DESIGN.md). */
const DATABASE_FOLDER = /^(?:postgres|postgresql|sqlite|mongo|mongodb)-[A-Za-z0-9_.-]+$/;

/**
 * `dir`: the folder as handed to core (settings/paths.ts `pathForTools`); `env`: the command's
 * environment, ./.env included, which is what ENVSUB reads (not `process.env` alone).
 */
export function createCliSource(dir: string, env: NodeJS.ProcessEnv): CliSource {
  const folder = createFolderSource({ dir, env });
  const labels = new Map<number, string>();
  return {
    dir,
    description: folder.description,
    async list(): Promise<Migration[]> {
      // godwit.sum (opt-in): a folder whose files differ from it is refused before anything reads them
      if (env.GODWIT_NO_SUM !== '1') await checkFolderSum(dir);
      const migrations = await folder.list();
      if (migrations.length === 0) checkNotMultiDatabase(dir);
      for (const m of migrations) labels.set(m.version, basename(m.file).replace(EXTENSION, ''));
      return migrations;
    },
    label: (version, name) => labels.get(version) ?? `${version}_${name}`,
  };
}

function checkNotMultiDatabase(dir: string): void {
  let folders: string[];
  try {
    folders = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && DATABASE_FOLDER.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return;
  }
  if (folders.length === 0) return;
  const shown = folders.map((f) => join(dir, f));
  throw new GodwitError('USAGE', `no migrations in ${dir}, but it holds ${folders.join(', ')}: this looks like a multi-database project`, {
    hint: `pick one database's folder, e.g. --dir ${shown[0]}`,
  });
}
