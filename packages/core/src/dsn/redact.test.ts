import { describe, expect, it } from 'vitest';
import { passwordOf, redactSecrets, redactUrl, secretsOf } from './redact.js';

describe('redactUrl', () => {
  const cases: Array<{ name: string; url: string; redacted: string }> = [
    { name: 'a plain password', url: 'postgres://app:secret@host/db', redacted: 'postgres://app:****@host/db' },
    { name: 'no password', url: 'postgres://app@host/db', redacted: 'postgres://app@host/db' },
    { name: 'no userinfo', url: 'postgres://host:5432/db', redacted: 'postgres://host:5432/db' },
    { name: 'an empty password stays empty', url: 'postgres://app:@host/db', redacted: 'postgres://app:@host/db' },
    { name: 'a percent-encoded @', url: 'postgres://app:p%40ss@host/db', redacted: 'postgres://app:****@host/db' },
    { name: 'a : in the password', url: 'postgres://app:pa:ss:word@host:5432/db', redacted: 'postgres://app:****@host:5432/db' },
    { name: 'an unencoded @ in the password', url: 'postgres://app:p@ss@host/db', redacted: 'postgres://app:****@host/db' },
    { name: 'an unencoded / in the password', url: 'postgres://app:pa/ss@host/db', redacted: 'postgres://app:****@host/db' },
    { name: 'a # in the password', url: 'postgres://app:pa#ss@host/db', redacted: 'postgres://app:****@host/db' },
    { name: 'an @ in the query is not the userinfo', url: 'postgres://app:pw@host/db?application_name=a@b', redacted: 'postgres://app:****@host/db?application_name=a@b' },
    { name: 'a password query parameter', url: 'postgres://host/db?user=app&password=s3cr3t&sslmode=require', redacted: 'postgres://host/db?user=app&password=****&sslmode=require' },
    { name: 'a pass query parameter', url: 'mongodb://host/db?pass=s3cr3t', redacted: 'mongodb://host/db?pass=****' },
    { name: 'both at once', url: 'postgres://u:a@h/db?sslpassword=b', redacted: 'postgres://u:****@h/db?sslpassword=****' },
    { name: 'mongodb+srv', url: 'mongodb+srv://u:p%3Aw@c.example.net/app?retryWrites=true', redacted: 'mongodb+srv://u:****@c.example.net/app?retryWrites=true' },
    { name: 'a key=value DSN', url: 'host=db.internal user=app password=hunter2 dbname=shop', redacted: 'host=db.internal user=app password=**** dbname=shop' },
    { name: 'a quoted key=value password with a space', url: "host=x password='a b\\' c' dbname=y", redacted: 'host=x password=**** dbname=y' },
    { name: 'a double-quoted password', url: 'host=x password="a b" dbname=y', redacted: 'host=x password=**** dbname=y' },
    { name: 'spaces around =', url: 'host=x password = hunter2', redacted: 'host=x password = ****' },
    { name: 'a sqlite path is left alone', url: 'sqlite:./dev.db', redacted: 'sqlite:./dev.db' },
    { name: 'not a URL at all', url: 'just words', redacted: 'just words' },
    { name: 'empty', url: '', redacted: '' },
  ];

  it.each(cases)('$name', ({ url, redacted }) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it('never throws, even for values that are not strings', () => {
    expect(() => redactUrl(undefined as unknown as string)).not.toThrow();
    expect(() => redactUrl('%E0%A4%A://u:p@h')).not.toThrow();
  });
});

describe('passwordOf', () => {
  it.each([
    ['postgres://app:p%40ss@host/db', 'p%40ss'],
    ['postgres://app:pa:ss@host/db', 'pa:ss'],
    ['postgres://app@host/db', undefined],
    ['postgres://app:@host/db', undefined],
    ['sqlite:./dev.db', undefined],
  ])('%s', (url, password) => {
    expect(passwordOf(url)).toBe(password);
  });
});

describe('redactSecrets', () => {
  it('masks the password of every URL in a message', () => {
    const text =
      'connect ECONNREFUSED for postgres://app:s3cr3t@db:5432/shop; fell back to "mongodb://root:hunter2@m:27017/app".';
    expect(redactSecrets(text)).toBe(
      'connect ECONNREFUSED for postgres://app:****@db:5432/shop; fell back to "mongodb://root:****@m:27017/app".',
    );
  });

  it('masks a URL password wherever else the message repeats it, decoded too', () => {
    const text = 'bad password "p@ss:1" in postgres://app:p%40ss%3A1@h/db (raw p%40ss%3A1)';
    const out = redactSecrets(text);
    expect(out).not.toContain('p@ss:1');
    expect(out).not.toContain('p%40ss%3A1');
    expect(out).toBe('bad password "****" in postgres://app:****@h/db (raw ****)');
  });

  it('masks given secrets in their raw, encoded and decoded spellings', () => {
    const out = redactSecrets('auth failed: p@ss / p%40ss / the token abc123', ['p@ss', 'abc123']);
    expect(out).toBe('auth failed: **** / **** / the token ****');
  });

  it('masks the longest secret whole when one contains another', () => {
    expect(redactSecrets('x hunter22 y hunter2', ['hunter2', 'hunter22'])).toBe('x **** y ****');
  });

  it('masks password= pairs in free text', () => {
    expect(redactSecrets('invalid DSN "host=x password=hunter2 dbname=y"')).toBe('invalid DSN "host=x password=**** dbname=y"');
  });

  it('leaves text without secrets unchanged and ignores empty secrets', () => {
    const text = 'password authentication failed for user "app"';
    expect(redactSecrets(text, ['', '*'])).toBe(text);
  });
});

describe('secretsOf', () => {
  it('finds the userinfo password, password= query parameters and libpq password= pairs, as written', () => {
    expect(secretsOf('postgres://app:s3cr%40t@db:5432/app')).toEqual(['s3cr%40t']);
    expect(secretsOf('postgres://app:p@ss@db/app?sslpassword=key1&x=1')).toEqual(['p@ss', 'key1']);
    expect(secretsOf('postgres://db/app?password=hunter2')).toEqual(['hunter2']);
    expect(secretsOf("host=db password='two words' dbname=app")).toEqual(['two words']);
    expect(secretsOf('host=db password=plain dbname=app')).toEqual(['plain']);
    expect(secretsOf('mongodb://u:pw@h1,h2/app')).toEqual(['pw']);
  });
  it.each([
    ['postgres://app:s3cret@db:5432/app', ['s3cret']],
    ['postgres://app:p@ss:w/rd@db/app', ['p@ss:w/rd']],
    ['postgres://app:pw%21@db/app?sslmode=require&password=other', ['pw%21', 'other']],
    ['mongodb+srv://u:mongo-pw@cluster0.example.net/events', ['mongo-pw']],
  ])('%s -> %j', (url, secrets) => {
    expect(secretsOf(url)).toEqual(secrets);
  });

  it('finds nothing where there is none', () => {
    expect(secretsOf('postgres://app@db/app')).toEqual([]);
    expect(secretsOf('sqlite:./dev.db')).toEqual([]);
    expect(secretsOf('')).toEqual([]);
  });
});
