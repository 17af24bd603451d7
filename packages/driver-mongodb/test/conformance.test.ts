/**
 * Core's conformance suites on the MongoDB driver, and what only a network can show: a runner cut
 * off from the server (a crash, as the store sees it) loses its lock to the next runner, and a
 * connection lost inside a step still yields a recovery hint naming versions the store holds.
 * Every driver here talks through a TCP proxy the test can cut.
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { createMigrator, type Driver } from '@godwit/core';
import { runDriverConformance } from '@godwit/core/testing';
import { describeMongo, freshDatabase, type TestDatabase } from '@godwit/test-kit/mongodb';
import { tempDir } from '@godwit/test-kit/temp';
import { expect, it } from 'vitest';
import { createMongoDriver } from '../src/index.js';
import { readStore } from './support/store.js';

interface Proxy {
  /** the database's URL, through the proxy */
  url: string;
  /** drop every connection and refuse new ones, like a partition or a dead server */
  cut(): void;
}

/** A proxy to `url`'s single host; with `cutOn`, it cuts itself when a client sends those bytes. */
async function proxyTo(url: string, cutOn?: string): Promise<Proxy> {
  const host = /^mongodb:\/\/(?:[^@/]*@)?([^/,?]+)\//.exec(url)?.[1];
  if (!host) throw new Error(`cannot proxy ${url}: one mongodb:// host is needed`);
  const [hostname, port] = [host.slice(0, host.lastIndexOf(':')), Number(host.slice(host.lastIndexOf(':') + 1))];
  const marker = cutOn === undefined ? undefined : Buffer.from(cutOn);
  const sockets = new Set<Socket>();
  const cut = () => {
    server.close();
    for (const s of sockets) s.destroy();
  };
  const server = createServer((client) => {
    const upstream = connect(port, hostname);
    for (const [s, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => other.destroy());
    }
    client.on('data', (chunk: Buffer) => (marker && chunk.includes(marker) ? cut() : upstream.write(chunk)));
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = url.replace(host, `127.0.0.1:${(server.address() as AddressInfo).port}`);
  // Through a proxy, the driver must not go looking for the replica set's members itself.
  return { url: `${proxied}${proxied.includes('?') ? '&' : '?'}directConnection=true`, cut };
}

describeMongo('the MongoDB driver', () => {
  const proxies = new Map<Driver, Proxy>();
  runDriverConformance({
    name: 'mongodb',
    kind: 'json',
    concurrency: 4,
    async setup() {
      const database = await freshDatabase('godwit_conformance');
      return {
        async createDriver() {
          const proxy = await proxyTo(database.url);
          // A short lease, so a runner cut off loses its lock within seconds.
          const driver = createMongoDriver({ url: proxy.url, lockTtlMs: 3_000, lockRefreshMs: 500, serverSelectionTimeoutMs: 2_000 });
          proxies.set(driver, proxy);
          return driver;
        },
        objectExists: async (name) => (await database.collections()).includes(name),
        async cleanup() {
          for (const proxy of proxies.values()) proxy.cut();
          proxies.clear();
          await database.drop();
        },
      };
    },
    // The holder can no longer reach the server: it stops refreshing, its lease lapses.
    async abandonLock(holder) {
      holder.locker.assertHeld?.();
      proxies.get(holder)?.cut();
    },
  });
});

describeMongo('a connection lost inside a step', () => {
  it('leaves the step dirty with its progress, and the hint names the versions the store holds (6 and 5, never 0)', async () => {
    const database: TestDatabase = await freshDatabase('godwit_lost');
    const folder = await tempDir('mongo-lost');
    const proxy = await proxyTo(database.url, 'sever_here');
    const driver = createMongoDriver({ url: proxy.url, serverSelectionTimeoutMs: 1_000 });
    try {
      for (let n = 1; n <= 5; n++) await folder.write({ [`00000${n}_thing_${n}.up.json`]: `[{ "create": "thing_${n}" }]` });
      // The connection dies as the second command goes out: the first ran, the second never did.
      await folder.write({ '000006_six.up.json': '[\n  { "create": "six" },\n  { "insert": "sever_here", "documents": [{ "_id": 1 }] }\n]\n' });
      const result = await createMigrator({ driver, dir: folder.dir, appliedBy: 'tester@test' }).up();

      expect(result.results.map((r) => [r.version, r.status])).toEqual([1, 2, 3, 4, 5].map((v) => [v, 'applied']).concat([[6, 'failed']]));
      const error = result.error!;
      expect(error).toMatchObject({ code: 'MIGRATION_FAILED', file: folder.path('000006_six.up.json'), line: 3, column: 3 });
      expect(error.message).toMatch(/^the database ended the session while running migration 6 \(command #1 \(insert\) failed: /);
      expect(error.data).toMatchObject({ statementsDone: 1, statements: 2 });
      expect(error.hint).toContain('stopped after 1 of 2 statement(s)');
      expect(error.hint).toContain('"godwit force 6" if you completed it');
      expect(error.hint).toContain('"godwit force 5" if you undid it');
      expect(error.hint).not.toMatch(/godwit force 0/);

      // What the store holds, read past the proxy: 1-5 clean, 6 dirty after its first command.
      const { applied } = await readStore(database.url);
      expect(applied.map((r) => [r.version, r.dirty, r.statementsDone])).toEqual([
        [1, false, undefined],
        [2, false, undefined],
        [3, false, undefined],
        [4, false, undefined],
        [5, false, undefined],
        [6, true, 1],
      ]);
      expect(await database.collections()).toContain('six');
      expect(await database.collections()).not.toContain('sever_here');
    } finally {
      await driver.close();
      proxy.cut();
      await folder.remove();
      await database.drop();
    }
  }, 60_000);
});
