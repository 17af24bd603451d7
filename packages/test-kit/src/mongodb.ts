/**
 * Per-test MongoDB databases on the server the global setup (mongodb-server.ts) provides. Every
 * test gets its own database (unique name), dropped afterwards, so tests never see each other's
 * data. Suites that need the server go in `describeMongo`.
 */
import { randomBytes } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { describeNeeding, type Need } from './needs.ts';
import './provided.ts';

const provided = inject('mongoUrl');
/** the server's base URL (`mongodb://host:port/`), or '' when there is none */
export const baseUrl = provided ?? '';
export const hasServer = baseUrl !== '';
/** a real MongoDB (MONGO_URL) rather than FerretDB */
export const isRealMongo = inject('mongoIsReal') === true;

/** The need for a MongoDB-protocol server, for `describeNeeding` (with other needs). */
export const mongoNeed: Need = [
  'MongoDB',
  hasServer
    ? undefined
    : provided === undefined
      ? "this package's vitest config starts none: godwitVitestConfig({ ..., mongodb: true })"
      : 'no server: set MONGO_URL, or install Go to build FerretDB',
];

/** `describe` that runs only with a server (and fails under CI when there is none). */
export function describeMongo(name: string, body: () => void): void {
  describeNeeding(name, [mongoNeed], body);
}

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
  /** the collections' names, sorted */
  collections(): Promise<string[]>;
  /** every document of a collection, without `_id` */
  find(collection: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** A new database named `<prefix>_<random>` (created by the first write, as MongoDB does). */
export async function freshDatabase(prefix = 'godwit'): Promise<TestDatabase> {
  const name = `${prefix.replace(/[^A-Za-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const url = urlFor(name);
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 30_000 });
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
    find: (collection) => db.collection(collection).find({}, { projection: { _id: 0 } }).toArray(),
    async drop() {
      try {
        await db.dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
