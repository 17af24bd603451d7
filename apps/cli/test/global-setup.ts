/**
 * A MongoDB-protocol server for the multi-database tests, as packages/driver-mongodb does it:
 * MONGO_URL when set, otherwise FerretDB v1 (built once by scripts/ferretdb.sh) on a free port
 * with a temporary state folder, stopped afterwards. Without a server the MongoDB parts skip
 * with a message, except under CI=true, where that is a failure.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const script = fileURLToPath(new URL('../../../scripts/ferretdb.sh', import.meta.url));

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.MONGO_URL?.trim();
  if (given) {
    project.provide('mongoUrl', given);
    return undefined;
  }
  let state: string | undefined;
  try {
    await run(['build'], 'inherit');
    state = await mkdtemp(join(tmpdir(), 'godwit-cli-ferretdb-'));
    const url = (await run(['start', state], 'pipe')).trim();
    if (!/^mongodb:\/\/127\.0\.0\.1:\d+\/$/.test(url)) throw new Error(`scripts/ferretdb.sh start printed "${url}"`);
    project.provide('mongoUrl', url);
  } catch (e) {
    if (state) await rm(state, { recursive: true, force: true });
    const why = `no MongoDB server for the tests: ${(e as Error).message}`;
    if (process.env.CI === 'true') throw new Error(`${why} (CI=true: this is a failure; set MONGO_URL or install Go)`);
    console.warn(`cli: ${why}; the MongoDB parts of the multi-database tests are skipped`);
    project.provide('mongoUrl', '');
    return undefined;
  }
  const dir = state;
  return async () => {
    await run(['stop', dir], 'inherit').catch((e: Error) => console.warn(`cli: stopping FerretDB: ${e.message}`));
    await rm(dir, { recursive: true, force: true });
  };
}

function run(args: string[], stdout: 'inherit' | 'pipe'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], { stdio: ['ignore', stdout === 'inherit' ? 'inherit' : 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`scripts/ferretdb.sh ${args[0]} failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** a server's base URL (`mongodb://host:port/`), or '' when there is none */
    mongoUrl: string;
  }
}
