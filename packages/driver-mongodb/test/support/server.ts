/**
 * Per-test databases on the server the global setup provides. Every test gets its own database
 * (unique name), dropped afterwards, so tests never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, MongoClient } from 'mongodb';
import { inject } from 'vitest';

export const baseUrl = inject('mongoUrl');
export const hasServer = baseUrl !== '';
export const isRealMongo = inject('mongoIsReal');

/** `mongodb://host:port/<db>?query` from the base URL, keeping its query. */
export function urlFor(database: string, base = baseUrl): string {
  const [head, query] = base.split('?', 2) as [string, string | undefined];
  const m = /^(mongodb(?:\+srv)?:\/\/[^/]*)/i.exec(head);
  if (!m) throw new Error(`not a MongoDB URL: ${base}`);
  return `${m[1]}/${database}${query ? `?${query}` : ''}`;
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  client: MongoClient;
  collections(): Promise<string[]>;
  drop(): Promise<void>;
}

export async function freshDatabase(prefix = 'godwit'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const url = urlFor(name);
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  const db = client.db(name);
  return {
    name,
    url,
    db,
    client,
    async collections() {
      return (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    },
    async drop() {
      try {
        await db.dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

export async function migrationsFolder(files: Record<string, string>): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-mongo-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
