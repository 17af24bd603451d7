/**
 * `godwit lint --since <ref>`: which migration files a branch adds or changes, using git. The
 * comparison is against the merge base of `<ref>` and HEAD (what the branch did, not what landed
 * on the base since), working-tree changes and untracked files included; a renamed file counts as
 * added. The base branch's highest version is read from `<ref>` itself, since that is what the
 * branch will be merged into.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { GodwitError, type Migration, parseFileName } from '@godwit/core';

export interface BranchChanges {
  ref: string;
  /** absolute paths of files added (or renamed into place) since the merge base */
  added: Set<string>;
  /** absolute paths of files added or modified */
  changed: Set<string>;
  /** the highest migration version in the folder at `ref` (0 when none) */
  highestVersion: number;
}

type Git = (args: string[]) => string;

function gitIn(cwd: string): Git {
  return (args) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0] ?? '';
      const notFound = (e as NodeJS.ErrnoException).code === 'ENOENT';
      throw new GodwitError('USAGE', notFound ? 'git is not installed, and --since needs it' : `git ${args[0]} failed: ${stderr || String(e)}`, {
        hint: notFound ? 'install git, or lint without --since' : 'check the --since ref exists here (in CI: fetch it first, e.g. git fetch origin main, with enough history for the merge base)',
      });
    }
  };
}

/** What the branch changed in `folder` (a path, absolute or relative to `cwd`) since `ref`. */
export function changesSince(ref: string, folder: string, cwd: string): BranchChanges {
  const dir = realpathSync(resolve(cwd, folder));
  const git = gitIn(dir);
  const root = realpathSync(git(['rev-parse', '--show-toplevel']).trim());
  const inRepo = relative(root, dir) || '.';
  const base = git(['merge-base', ref, 'HEAD']).trim();
  const added = new Set<string>();
  const changed = new Set<string>();
  const diff = git(['-C', root, 'diff', '--name-status', '--no-renames', '-z', base, '--', inRepo]).split('\0');
  for (let i = 0; i + 1 < diff.length; i += 2) {
    const status = diff[i]!;
    const path = join(root, diff[i + 1]!);
    if (status === 'A') added.add(path);
    if (status === 'A' || status === 'M') changed.add(path);
  }
  for (const path of git(['-C', root, 'ls-files', '--others', '--exclude-standard', '-z', '--', inRepo]).split('\0')) {
    if (!path) continue;
    added.add(join(root, path));
    changed.add(join(root, path));
  }
  let highestVersion = 0;
  for (const path of git(['-C', root, 'ls-tree', '-r', '--name-only', '-z', ref, '--', inRepo]).split('\0')) {
    if (!path) continue;
    const parsed = parseFileName(basename(path));
    if (parsed && !(parsed instanceof GodwitError)) highestVersion = Math.max(highestVersion, parsed.version);
  }
  return { ref, added, changed, highestVersion };
}

/** The migration's files as absolute real paths, to compare with git's. */
export function migrationPaths(migration: Migration, cwd: string): string[] {
  return [migration.file, migration.downFile].filter((f): f is string => f !== undefined).map((f) => {
    const path = resolve(cwd, f);
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  });
}
