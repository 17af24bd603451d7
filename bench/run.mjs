#!/usr/bin/env node
/**
 * `pnpm bench [sqlite|postgres|mongodb|startup ...]`: runs bench/<kind>.mjs for each kind asked for (all
 * that exist when none is named), one after another, and exits non-zero if any target failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const KINDS = ['sqlite', 'postgres', 'mongodb', 'startup', 'postgres-large-files', 'lint', 'inspect', 'fleet', 'backfill'];
const asked = process.argv.slice(2);
const unknown = asked.filter((k) => !KINDS.includes(k));
if (unknown.length > 0) {
  console.error(`bench: unknown kind ${unknown.join(', ')}; use one of ${KINDS.join(', ')}`);
  process.exit(2);
}
const script = (kind) => fileURLToPath(new URL(`./${kind}.mjs`, import.meta.url));
const kinds = asked.length > 0 ? asked : KINDS.filter((k) => existsSync(script(k)));
let failed = 0;
for (const kind of kinds) {
  if (!existsSync(script(kind))) {
    console.error(`bench: there is no benchmark for ${kind} yet (bench/${kind}.mjs)`);
    failed++;
    continue;
  }
  console.log(`\n=== ${kind} ===`);
  const result = spawnSync(process.execPath, [script(kind)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
