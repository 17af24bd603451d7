/**
 * Vitest global setup: gives the tests a MongoDB-protocol server. MONGO_URL when set (a real
 * MongoDB), otherwise FerretDB v1 built once by scripts/ferretdb.sh and started on a free port
 * with a temporary state folder, stopped afterwards. Without a server the tests skip with a
 * message, except under CI=true, where a server that cannot be built or started fails the run.
 *
 * Packages opt in with `godwitVitestConfig({ mongodb: true })`; tests read the server through
 * `@godwit/test-kit/mongodb`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { isCI } from './env.ts';
import './provided.ts';
import { runProcess } from './process.ts';

const SCRIPT = fileURLToPath(new URL('../../../scripts/ferretdb.sh', import.meta.url));

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.MONGO_URL?.trim();
  if (given) {
    project.provide('mongoUrl', given);
    project.provide('mongoIsReal', true);
    return undefined;
  }
  project.provide('mongoIsReal', false);
  let state: string | undefined;
  try {
    await ferretdb(['build']);
    state = await mkdtemp(join(tmpdir(), 'godwit-ferretdb-'));
    const url = (await ferretdb(['start', state])).trim();
    if (!/^mongodb:\/\/127\.0\.0\.1:\d+\/$/.test(url)) throw new Error(`scripts/ferretdb.sh start printed "${url}"`);
    project.provide('mongoUrl', url);
  } catch (e) {
    if (state) await rm(state, { recursive: true, force: true });
    const why = `no MongoDB server for the tests: ${(e as Error).message}`;
    if (isCI) throw new Error(`${why} (CI=true: this is a failure; set MONGO_URL or install Go)`);
    console.warn(`${why}; the MongoDB tests are skipped (set MONGO_URL, or install Go to build FerretDB)`);
    project.provide('mongoUrl', '');
    return undefined;
  }
  const dir = state;
  return async () => {
    await ferretdb(['stop', dir]).catch((e: Error) => console.warn(`stopping FerretDB: ${e.message}`));
    await rm(dir, { recursive: true, force: true });
  };
}

/** scripts/ferretdb.sh with these arguments: its stdout; its stderr goes on to ours. */
async function ferretdb(args: string[]): Promise<string> {
  const r = await runProcess('bash', [SCRIPT, ...args], { echoStderr: true });
  if (r.code === 0) return r.stdout;
  throw new Error(`scripts/ferretdb.sh ${args[0]} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}
