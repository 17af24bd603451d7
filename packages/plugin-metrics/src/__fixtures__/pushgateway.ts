/**
 * A real Prometheus Pushgateway for tests (Debian's `prometheus-pushgateway`, installed by
 * scripts/pushgateway.sh): started on a free local port with no persistence, stopped after.
 * Missing binary: the tests skip, except under CI=true, where that is a failure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const PUSHGATEWAY_BIN = process.env.GODWIT_PUSHGATEWAY_BIN ?? '/usr/bin/prometheus-pushgateway';
export const hasPushgateway = existsSync(PUSHGATEWAY_BIN);

if (!hasPushgateway && process.env.CI === 'true') {
  throw new Error(`${PUSHGATEWAY_BIN} is missing; run scripts/pushgateway.sh (CI needs the Pushgateway tests)`);
}

export interface RunningPushgateway {
  url: string;
  /** the gateway's own /metrics (what Prometheus would scrape from it) */
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPushgateway(): Promise<RunningPushgateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(PUSHGATEWAY_BIN, [`--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await waitUntilReady(url, child, () => output);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    url,
    async scrape() {
      const response = await fetch(`${url}/metrics`);
      if (!response.ok) throw new Error(`pushgateway /metrics answered ${response.status}`);
      return response.text();
    },
    stop: () => stop(child),
  };
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pushgateway exited with ${child.exitCode}: ${output()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`pushgateway did not answer on ${url} within 10 s: ${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
