/** Connecting: URLs without a database, unreachable servers and refused logins, passwords never shown. */
import { createServer } from 'node:net';
import { baseUrl, hasServer, urlFor } from '@godwit/test-kit/mongodb';
import { describe, expect, it } from 'vitest';
import { createMongoDriver } from '../src/index.js';

const SECRET = 'pa55-w0rd-never-shown';

function messagesOf(e: unknown): string {
  const err = e as { message: string; hint?: string; toString(): string };
  return `${err.toString()}\n${err.hint ?? ''}\n${JSON.stringify(err)}`;
}

describe('connecting to MongoDB', () => {
  it('refuses a URL that names no database, before connecting, without the password', () => {
    let caught: unknown;
    try {
      createMongoDriver({ url: `mongodb://app:${SECRET}@127.0.0.1:27017/?authSource=admin` });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({
      code: 'USAGE',
      message: 'the MongoDB URL names no database: mongodb://app:****@127.0.0.1:27017/?authSource=admin',
    });
    expect(messagesOf(caught)).not.toContain(SECRET);
  });

  it('refuses a malformed URL without the password', () => {
    let caught: unknown;
    try {
      createMongoDriver({ url: `mongodb://app:${SECRET}@127.0.0.1:27017/app?noSuchOption=1` });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/^invalid MongoDB URL mongodb:\/\/app:\*\*\*\*@/) });
    expect(messagesOf(caught)).not.toContain(SECRET);
  });

  it('fails fast, with a clear message, when no server answers', async () => {
    const port = await closedPort();
    const driver = createMongoDriver({ url: `mongodb://app:${SECRET}@127.0.0.1:${port}/app`, serverSelectionTimeoutMs: 300 });
    expect(driver.target).toBe(`mongodb://app:****@127.0.0.1:${port}/app`);
    const started = Date.now();
    const error = await driver.store.applied().catch((e: unknown) => e);
    // below the default 5 s: the given 0.3 s was honoured (with room for a busy machine)
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(error).toMatchObject({
      code: 'CONNECTION_FAILED',
      message: expect.stringMatching(new RegExp(`^no MongoDB server answered at mongodb://app:\\*\\*\\*\\*@127\\.0\\.0\\.1:${port}/app within 0\\.3s: .*ECONNREFUSED`)),
    });
    expect(messagesOf(error)).not.toContain(SECRET);
    await driver.close();
    await driver.close(); // idempotent
  });

  it.skipIf(!hasServer)('a refused login names the server, never the password', async () => {
    const url = urlFor('godwit_auth').replace('mongodb://', `mongodb://nobody:${SECRET}@`);
    const driver = createMongoDriver({ url, serverSelectionTimeoutMs: 3_000 });
    const error = await driver.store.applied().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect((error as Error).message).toContain('nobody:****@');
    expect(messagesOf(error)).not.toContain(SECRET);
    await driver.close();
  });

  it.skipIf(!hasServer)('connects lazily and reads an empty store without creating anything', async () => {
    const driver = createMongoDriver({ url: urlFor('godwit_lazy_never_created') });
    expect(await driver.store.applied()).toEqual([]);
    expect(await driver.store.history()).toEqual([]);
    await driver.close();
    expect(baseUrl).toMatch(/^mongodb/);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
