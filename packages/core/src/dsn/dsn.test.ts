import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import { type DriverKind, resolveDatabase } from './dsn.js';

function usageError(url: string, driver?: string): GodwitError {
  try {
    resolveDatabase(url, driver);
  } catch (e) {
    expect(e).toBeInstanceOf(GodwitError);
    expect((e as GodwitError).code).toBe('USAGE');
    return e as GodwitError;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('resolveDatabase: inference from the URL', () => {
  const cases: Array<{ url: string; kind: DriverKind; redacted: string; sqlitePath?: string }> = [
    { url: 'postgres://app:secret@db.internal:5432/shop', kind: 'postgres', redacted: 'postgres://app:****@db.internal:5432/shop' },
    { url: 'postgresql://app@localhost/shop?sslmode=require', kind: 'postgres', redacted: 'postgresql://app@localhost/shop?sslmode=require' },
    { url: 'POSTGRES://localhost/x', kind: 'postgres', redacted: 'POSTGRES://localhost/x' },
    { url: 'postgres://localhost/shop?password=hunter2&sslmode=disable', kind: 'postgres', redacted: 'postgres://localhost/shop?password=****&sslmode=disable' },
    { url: 'mongodb://root:pw@127.0.0.1:27017/app?authSource=admin', kind: 'mongodb', redacted: 'mongodb://root:****@127.0.0.1:27017/app?authSource=admin' },
    { url: 'mongodb+srv://u:p@cluster0.example.net/app', kind: 'mongodb', redacted: 'mongodb+srv://u:****@cluster0.example.net/app' },
    { url: 'mongodb://a:b@h1:27017,h2:27017/app?replicaSet=rs0', kind: 'mongodb', redacted: 'mongodb://a:****@h1:27017,h2:27017/app?replicaSet=rs0' },
    { url: 'sqlite:./dev.db', kind: 'sqlite', redacted: 'sqlite:./dev.db', sqlitePath: './dev.db' },
    { url: 'sqlite:data/app.sqlite', kind: 'sqlite', redacted: 'sqlite:data/app.sqlite', sqlitePath: 'data/app.sqlite' },
    { url: 'sqlite://./dev.db', kind: 'sqlite', redacted: 'sqlite://./dev.db', sqlitePath: './dev.db' },
    { url: 'sqlite://data/app.db', kind: 'sqlite', redacted: 'sqlite://data/app.db', sqlitePath: 'data/app.db' },
    { url: 'sqlite:///var/lib/app.db', kind: 'sqlite', redacted: 'sqlite:///var/lib/app.db', sqlitePath: '/var/lib/app.db' },
    { url: 'sqlite3://data/app.db?x-migrations-table=m', kind: 'sqlite', redacted: 'sqlite3://data/app.db?x-migrations-table=m', sqlitePath: 'data/app.db' },
    { url: 'sqlite::memory:', kind: 'sqlite', redacted: 'sqlite::memory:', sqlitePath: ':memory:' },
    { url: 'sqlite:./no-extension', kind: 'sqlite', redacted: 'sqlite:./no-extension', sqlitePath: './no-extension' },
    { url: 'file:./dev.db', kind: 'sqlite', redacted: 'file:./dev.db', sqlitePath: './dev.db' },
    { url: 'file:dev.db?mode=rwc&cache=shared', kind: 'sqlite', redacted: 'file:dev.db?mode=rwc&cache=shared', sqlitePath: 'dev.db' },
    { url: 'file:///tmp/my%20app.db', kind: 'sqlite', redacted: 'file:///tmp/my%20app.db', sqlitePath: '/tmp/my app.db' },
    { url: './dev.db', kind: 'sqlite', redacted: './dev.db', sqlitePath: './dev.db' },
    { url: '/srv/data/app.sqlite', kind: 'sqlite', redacted: '/srv/data/app.sqlite', sqlitePath: '/srv/data/app.sqlite' },
    { url: 'C:\\data\\app.sqlite3', kind: 'sqlite', redacted: 'C:\\data\\app.sqlite3', sqlitePath: 'C:\\data\\app.sqlite3' },
    { url: 'APP.DB', kind: 'sqlite', redacted: 'APP.DB', sqlitePath: 'APP.DB' },
    { url: ':memory:', kind: 'sqlite', redacted: ':memory:', sqlitePath: ':memory:' },
    { url: '  sqlite:./dev.db  ', kind: 'sqlite', redacted: 'sqlite:./dev.db', sqlitePath: './dev.db' },
  ];

  it.each(cases)('$url', ({ url, kind, redacted, sqlitePath }) => {
    const db = resolveDatabase(url);
    expect(db.kind).toBe(kind);
    expect(db.url).toBe(url.trim());
    expect(db.redacted).toBe(redacted);
    expect(db.sqlitePath).toBe(sqlitePath);
  });
});

describe('resolveDatabase: --driver', () => {
  const cases: Array<{ url: string; driver: string; kind: DriverKind; sqlitePath?: string }> = [
    { url: 'postgres://h/db', driver: 'postgres', kind: 'postgres' },
    { url: 'postgres://h/db', driver: 'postgresql', kind: 'postgres' },
    { url: 'postgres://h/db', driver: 'pg', kind: 'postgres' },
    { url: 'host=/var/run/postgresql dbname=app', driver: 'postgres', kind: 'postgres' },
    { url: 'sqlite:./a.db', driver: 'sqlite3', kind: 'sqlite', sqlitePath: './a.db' },
    { url: './data/app', driver: 'sqlite', kind: 'sqlite', sqlitePath: './data/app' },
    { url: './data/app.db', driver: 'SQLite', kind: 'sqlite', sqlitePath: './data/app.db' },
    { url: 'mongodb://h/app', driver: 'mongo', kind: 'mongodb' },
    { url: 'mongodb://h/app', driver: 'mongodb', kind: 'mongodb' },
    { url: 'postgres://h/db', driver: '', kind: 'postgres' },
  ];

  it.each(cases)('$url with --driver $driver', ({ url, driver, kind, sqlitePath }) => {
    const db = resolveDatabase(url, driver);
    expect(db.kind).toBe(kind);
    expect(db.sqlitePath).toBe(sqlitePath);
  });

  it('refuses an unknown driver, listing the valid names', () => {
    const e = usageError('postgres://h/db', 'mysql');
    expect(e.message).toContain('unknown driver "mysql"');
    for (const name of ['postgres', 'postgresql', 'pg', 'sqlite', 'sqlite3', 'mongodb', 'mongo']) {
      expect(e.message).toContain(name);
    }
  });

  it.each([
    { url: 'postgres://app:secret@h/db', driver: 'sqlite', inferred: 'postgres' },
    { url: 'mongodb://h/app', driver: 'pg', inferred: 'mongodb' },
    { url: 'sqlite:./a.db', driver: 'mongodb', inferred: 'sqlite' },
    { url: './a.db', driver: 'postgres', inferred: 'sqlite' },
  ])('refuses --driver $driver for $url', ({ url, driver, inferred }) => {
    const e = usageError(url, driver);
    expect(e.message).toContain(`--driver ${driver} does not match`);
    expect(e.hint).toContain(`--driver ${inferred}`);
    expect(e.message).not.toContain('secret');
  });
});

describe('resolveDatabase: URLs it cannot place', () => {
  it.each(['mysql://root:hunter2@h/db', 'localhost:5432', 'dev', 'redis://h:6379'])('%s', (url) => {
    const e = usageError(url);
    expect(e.message).toContain('cannot tell which kind of database');
    expect(e.hint).toContain('--driver');
    expect(e.hint).toContain('postgres://');
    expect(e.hint).toContain('sqlite:');
    expect(e.hint).toContain('mongodb://');
    expect(e.message).not.toContain('hunter2');
  });

  it('refuses an empty URL', () => {
    expect(usageError('   ').message).toContain('empty');
  });

  it('refuses a sqlite URL with no path', () => {
    expect(usageError('sqlite:').message).toContain('no SQLite file path');
    expect(usageError('file:?mode=ro').hint).toContain('sqlite:./dev.db');
  });
});
