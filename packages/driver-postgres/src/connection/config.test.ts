import { describe, expect, it } from 'vitest';
import { secretsOf } from '@godwit/core';
import { connectionSettings, describeTarget } from './config.js';

const defaults = { applicationName: 'godwit', connectTimeoutMs: 10_000 };

describe('connectionSettings', () => {
  it('leaves a URL without a query as it is', () => {
    expect(connectionSettings('postgres://u:p@h:5/db', defaults)).toEqual({
      connectionString: 'postgres://u:p@h:5/db',
      applicationName: 'godwit',
      connectTimeoutMs: 10_000,
    });
  });

  it('moves ?search_path= into options, escaping white space, beside existing options', () => {
    const s = connectionSettings('postgres://u@h/db?sslmode=disable&search_path=app,%20public&options=-cwork_mem%3D8MB', defaults);
    const params = new URL(s.connectionString).searchParams;
    expect(params.get('search_path')).toBeNull();
    expect(params.get('sslmode')).toBe('disable');
    expect(params.get('options')).toBe('-cwork_mem=8MB -c search_path=app,\\ public');
  });

  it('honours application_name and connect_timeout (seconds) from the URL', () => {
    const s = connectionSettings('postgres://h/db?application_name=deployer&connect_timeout=3', defaults);
    expect(s.applicationName).toBe('deployer');
    expect(s.connectTimeoutMs).toBe(3000);
  });

  it('a schema (a fleet target) replaces the URL\'s search_path with that schema alone, quoted when it needs it', () => {
    const plain = connectionSettings('postgres://u@h/db', defaults, 'tenant_1');
    expect(new URL(plain.connectionString).searchParams.get('options')).toBe('-c search_path=tenant_1');
    const mixed = connectionSettings('postgres://u@h/db?search_path=public', defaults, 'Tenant 2');
    expect(new URL(mixed.connectionString).searchParams.get('options')).toBe('-c search_path="Tenant\\ 2"');
  });

  it('does not mistake a ? inside the password for the query', () => {
    const s = connectionSettings('postgres://u:pa?ss@h/db?search_path=x', defaults);
    expect(s.connectionString).toBe('postgres://u:pa?ss@h/db?options=-c+search_path%3Dx');
  });
});

describe('secretsOf (core) and describeTarget', () => {
  it('finds the password in the userinfo (with @ inside) and in ?password=', () => {
    expect(secretsOf('postgres://app:s3cr@t@db.example:6543/prod?password=other')).toEqual(['s3cr@t', 'other']);
    expect(secretsOf('postgres://app@db/prod')).toEqual([]);
  });

  it('describes host, port, database and user without the password', () => {
    expect(describeTarget('postgres://app:secret@db.example:6543/prod?sslmode=require')).toEqual({
      host: 'db.example',
      port: '6543',
      database: 'prod',
      user: 'app',
    });
    expect(describeTarget('postgresql://localhost/x')).toEqual({ host: 'localhost', port: '5432', database: 'x' });
  });
});
