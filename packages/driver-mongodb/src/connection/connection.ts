/**
 * One MongoClient per driver, connected on first use: creating a driver (or a dry run, which only
 * prepares) never touches the network. The URL is parsed at creation, so a malformed URL or one
 * without a database fails before anything else.
 */
import { GodwitError, redactUrl } from '@godwit/core';
import { type Db, MongoClient } from 'mongodb';
import { connectionError, type ErrorContext } from './errors.js';
import { databaseNameOf } from './url.js';

export interface ConnectionOptions {
  url: string;
  serverSelectionTimeoutMs: number;
}

export class Connection {
  readonly databaseName: string;
  readonly errors: ErrorContext;
  private readonly client: MongoClient;
  private connecting: Promise<Db> | undefined;
  private closed = false;

  constructor(options: ConnectionOptions) {
    const target = redactUrl(options.url);
    this.databaseName = databaseNameOf(options.url);
    let client: MongoClient;
    try {
      client = new MongoClient(options.url, {
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
        // Opening a socket is part of selecting a server; bound it by the same wait.
        connectTimeoutMS: options.serverSelectionTimeoutMs,
        appName: 'godwit',
      });
    } catch (e) {
      throw new GodwitError('USAGE', `invalid MongoDB URL ${target}: ${redactUrl((e as Error).message)}`, {
        hint: 'see https://www.mongodb.com/docs/manual/reference/connection-string/',
        cause: e,
      });
    }
    this.client = client;
    const password = client.options.credentials?.password;
    this.errors = {
      target,
      secrets: password ? [password] : [],
      serverSelectionTimeoutMs: options.serverSelectionTimeoutMs,
    };
  }

  /** The database the URL names, connected; a failed attempt is retried on the next call. */
  db(): Promise<Db> {
    if (this.closed) return Promise.reject(new GodwitError('USAGE', 'the MongoDB driver is closed'));
    this.connecting ??= this.client.connect().then(
      (client) => client.db(this.databaseName),
      (e: unknown) => {
        this.connecting = undefined;
        throw connectionError(e, this.errors);
      },
    );
    return this.connecting;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }
}
