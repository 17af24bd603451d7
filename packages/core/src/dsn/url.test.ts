import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import { resolveDatabase } from './dsn.js';
import { parseDatabaseUrl, type UrlDriverKind } from './url.js';

function refused(url: string, kind?: UrlDriverKind): GodwitError {
  try {
    parseDatabaseUrl(url, kind);
  } catch (e) {
    expect(e).toBeInstanceOf(GodwitError);
    const error = e as GodwitError;
    expect(error.code).toBe('USAGE');
    expect(error.message).not.toContain('\n');
    return error;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('parseDatabaseUrl: what is wrong, with the password masked', () => {
  it('the URL from the issue: port out of range and bad percent-encoding', () => {
    const e = refused('postgres://u:pw@127.0.0.1:99999/x%zz');
    expect(e.message).toBe(
      'invalid PostgreSQL URL postgres://u:****@127.0.0.1:99999/x%zz: port 99999 is out of range (1-65535); bad percent-encoding "%zz" in the database name',
    );
    expect(e.hint).toContain('1 to 65535');
    expect(e.data).toEqual({ problems: ['port 99999 is out of range (1-65535)', 'bad percent-encoding "%zz" in the database name'] });
  });

  it.each([
    ['postgres://u:pw@db:0/app', 'port 0 is out of range (1-65535)'],
    ['postgres://u:pw@db:54x2/app', 'port "54x2" is not a number'],
    ['postgres://u:pw@db/app%', 'bad percent-encoding "%" in the database name'],
    ['postgres://u:pw@db/app%ff', 'percent-encoding in the database name is not UTF-8'],
    ['postgres://u:pw@db/app?sslmode=re%quire', 'bad percent-encoding in query parameter "sslmode"'],
    ['postgres://u:pw@:5432/app', 'no host before the port ":5432"'],
    ['postgres://u:pw@my host/app', 'host "my host" holds white space'],
    ['postgres://u:pw@db|x/app', 'host "db|x" holds "|"'],
    ['postgres://u:pw@h1:5432,h2:5432/app', 'it lists several hosts (h1:5432,h2:5432); the PostgreSQL driver connects to one'],
    ['postgres://u:pw@[::1/app', 'host "[::1" has no closing "]"'],
    ['postgres://u:pw@[zz]/app', 'host [zz] is not an IPv6 address'],
    ['mongodb://u:pw@/app', 'no host'],
    ['mongodb://u:pw@h1:27017,h2:99999/app', 'port 99999 is out of range (1-65535)'],
    ['mongodb+srv://u:pw@cluster.example.net:27017/app', 'a mongodb+srv URL cannot have a port'],
    ['mongodb+srv://u:pw@a.example.net,b.example.net/app', 'a mongodb+srv URL names exactly one host'],
    ['MONGODB://h/app', 'the scheme must be written in lower case (mongodb://)'],
    ['mongodb://@h/app', 'the user name before the "@" is empty'],
  ])('%s: %s', (url, problem) => {
    const e = refused(url);
    expect(e.data).toEqual({ problems: [problem] });
    expect(e.message).toContain(problem);
  });

  it('names the part with bad percent-encoding in the userinfo, without showing any of it', () => {
    const e = refused('postgres://app:pa%zzword@db/app');
    expect(e.message).toBe('invalid PostgreSQL URL postgres://app:****@db/app: bad percent-encoding in the password');
    expect(e.hint).toContain('%25');
    expect(refused('postgres://a%g:pw@db/app').message).toContain('bad percent-encoding in the user name');
    const q = refused('postgres://db/app?password=pa%zzword');
    expect(q.message).toBe('invalid PostgreSQL URL postgres://db/app?password=****: bad percent-encoding in query parameter "password"');
  });

  it.each([
    'postgres://app:zq/xk@db/app',
    'postgres://app:zq?xk@db/app',
    'postgres://app:zq#xk@db/app',
    'postgres://app:12/xk@db/app',
    'mongodb://app:zq/xk@db/app',
  ])('an unencoded delimiter in the password (%s) is named, and no piece of the password shown', (url) => {
    const e = refused(url);
    expect(e.message).toContain('holds an unencoded "/", "?" or "#"');
    expect(e.message).not.toMatch(/zq|xk|12/);
    expect(e.hint).toContain('%2F');
  });

  it('MongoDB: an unencoded @ or : in the password is named without showing it', () => {
    const e = refused('mongodb://root:p@ss@db/app');
    expect(e.message).toBe('invalid MongoDB URL mongodb://root:****@db/app: the password holds an unencoded "@"');
    expect(refused('mongodb://root:a:b@db/app').message).toContain('the password holds an unencoded ":"');
  });

  it.each([
    ['mysql://root:hunter2@h/db', 'postgres' as const, 'unknown scheme "mysql://"', 'postgres:// or postgresql://'],
    ['postgres://h/db', 'mongodb' as const, 'unknown scheme "postgres://"', 'mongodb:// or mongodb+srv://'],
    ['redis://h', undefined, 'unknown scheme "redis://"', 'postgres://'],
  ])('refuses the scheme of %s for %s', (url, kind, problem, hint) => {
    const e = refused(url, kind);
    expect(e.message).toContain(problem);
    expect(e.message).not.toContain('hunter2');
    expect(e.hint).toContain(hint);
  });

  it('refuses what is not a URL at all', () => {
    expect(refused('host=db dbname=app password=hunter2').message).toBe('host=db dbname=app password=**** is not a URL');
    expect(refused('  ').message).toContain('empty');
  });
});

describe('parseDatabaseUrl: the parts of a valid URL', () => {
  it('PostgreSQL', () => {
    expect(parseDatabaseUrl('postgresql://app:p%40ss%3A1@db.internal:5432/my%20shop?sslmode=require&application_name=a@b')).toEqual({
      kind: 'postgres',
      scheme: 'postgresql',
      user: 'app',
      password: 'p@ss:1',
      hosts: [{ host: 'db.internal', port: 5432 }],
      database: 'my shop',
      params: [
        ['sslmode', 'require'],
        ['application_name', 'a@b'],
      ],
    });
  });

  it('MongoDB with several hosts', () => {
    expect(parseDatabaseUrl('mongodb://root:pw@h1:27017,[::1]:27018,h3/app?replicaSet=rs0')).toMatchObject({
      kind: 'mongodb',
      hosts: [{ host: 'h1', port: 27017 }, { host: '[::1]', port: 27018 }, { host: 'h3' }],
      database: 'app',
      params: [['replicaSet', 'rs0']],
    });
  });

  it.each([
    'postgres://localhost/x',
    'POSTGRES://localhost/x',
    'postgres:///app?host=/var/run/postgresql',
    'postgres://app@/app',
    'postgres://app:@host/db',
    'postgres://app:pa:ss:word@host:5432/db',
    'postgres://app:p@ss@host/db',
    'postgres://%2Fvar%2Frun%2Fpostgresql/app',
    'postgres://h:5432/db?application_name=a@b',
    'postgres://h/db#fragment',
    'postgres://[2001:db8::1]:5432/app',
    'postgres://host:/db',
    'postgres://u:pass word@h/db',
    'mongodb://x',
    'mongodb://127.0.0.1:27017/app?authSource=admin',
    'mongodb+srv://u:p%3Aw@c.example.net/app?retryWrites=true',
  ])('accepts %s', (url) => {
    expect(() => parseDatabaseUrl(url)).not.toThrow();
  });

  it('whatever it accepts for PostgreSQL, the WHATWG parser pg uses accepts too', () => {
    for (const url of ['postgres://u:p@ss@h/db', 'postgres://u:pass word@h/db', 'postgres://[::1]/db', 'postgres://app@/app']) {
      parseDatabaseUrl(url);
      expect(() => new URL(url.replace('@/', '@x/'))).not.toThrow();
    }
  });
});

describe('resolveDatabase checks URLs through parseDatabaseUrl', () => {
  it('refuses the URL from the issue as a USAGE error', () => {
    let error: unknown;
    try {
      resolveDatabase('postgres://u:pw@127.0.0.1:99999/x%zz');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GodwitError);
    expect((error as GodwitError).code).toBe('USAGE');
    expect((error as GodwitError).message).toContain('port 99999 is out of range');
    expect((error as GodwitError).message).not.toContain(':pw@');
  });

  it('checks the URL against --driver', () => {
    expect(() => resolveDatabase('mysql://root:hunter2@h/db', 'postgres')).toThrow(/invalid PostgreSQL URL mysql:\/\/root:\*\*\*\*@h\/db: unknown scheme "mysql:\/\/"/);
    expect(() => resolveDatabase('mysql://root:hunter2@h/db', 'sqlite')).toThrow(/invalid SQLite URL .*unknown scheme "mysql:\/\/"/);
  });

  it('says which scheme it does not know', () => {
    expect(() => resolveDatabase('mysql://root:hunter2@h/db')).toThrow(/cannot tell which kind of database mysql:\/\/root:\*\*\*\*@h\/db is: unknown scheme "mysql:\/\/"/);
  });

  it('leaves libpq key=value strings and SQLite paths to their drivers', () => {
    expect(resolveDatabase('host=/var/run/postgresql dbname=app', 'postgres').kind).toBe('postgres');
    expect(resolveDatabase('file:///tmp/my%zz.db').sqlitePath).toBe('/tmp/my%zz.db');
    expect(resolveDatabase('mongodb://x', 'mongodb').kind).toBe('mongodb');
  });
});
