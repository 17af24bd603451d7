/**
 * The Go peers of the benchmark (goose and golang-migrate), built once with `go install` into
 * bench/.tools/bin (gitignored) and reused while the binary there is the pinned version built with
 * the pinned tags. `go version -m` reads both from the binary's embedded build info: neither CLI
 * reports its module version itself when built with `go install` (golang-migrate says "dev").
 *
 * Without Go on the machine the peers are skipped with a note, not failed: they are comparisons,
 * and Godwit's own rows still run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib.mjs';

export const toolsBin = join(repoRoot, 'bench/.tools/bin');

export const GO_TOOLS = {
  goose: { module: 'github.com/pressly/goose/v3', pkg: 'github.com/pressly/goose/v3/cmd/goose', version: 'v3.30.0', tags: '' },
  migrate: {
    module: 'github.com/golang-migrate/migrate/v4',
    pkg: 'github.com/golang-migrate/migrate/v4/cmd/migrate',
    version: 'v4.20.1',
    // The drivers are opt-in build tags: without them the binary knows no database.
    tags: 'postgres sqlite3 mongodb',
  },
};

function findGo() {
  for (const candidate of [process.env.GO, 'go', '/usr/local/go/bin/go']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** True when `bin` was built from the pinned module version with the pinned tags. */
function isPinned(go, bin, tool) {
  if (!existsSync(bin)) return false;
  const info = spawnSync(go, ['version', '-m', bin], { encoding: 'utf8' });
  if (info.status !== 0) return false;
  const mod = new RegExp(`^\\s*mod\\s+${tool.module.replaceAll('.', '\\.')}\\s+(\\S+)`, 'm').exec(info.stdout)?.[1];
  const tags = /^\s*build\s+-tags=(\S+)/m.exec(info.stdout)?.[1] ?? '';
  return mod === tool.version && tags === tool.tags.split(' ').filter(Boolean).join(',');
}

/**
 * The path of the named Go tool (`goose` or `migrate`), installing it when missing or stale.
 * Returns `{ bin, version }`, or `{ skip }` with the reason when it cannot be had.
 */
export function goTool(name) {
  const tool = GO_TOOLS[name];
  const go = findGo();
  if (!go) return { skip: `Go is not installed: ${name} ${tool.version} is not compared` };
  const bin = join(toolsBin, name);
  if (!isPinned(go, bin, tool)) {
    mkdirSync(toolsBin, { recursive: true });
    console.error(`bench: go install ${tool.pkg}@${tool.version} into ${toolsBin} (once)`);
    const args = ['install', ...(tool.tags ? ['-tags', tool.tags] : []), `${tool.pkg}@${tool.version}`];
    const built = spawnSync(go, args, { env: { ...process.env, GOBIN: toolsBin }, stdio: ['ignore', 'inherit', 'inherit'] });
    if (built.status !== 0 || !isPinned(go, bin, tool)) {
      return { skip: `go install ${tool.pkg}@${tool.version} failed: ${name} is not compared` };
    }
  }
  return { bin, version: tool.version };
}
