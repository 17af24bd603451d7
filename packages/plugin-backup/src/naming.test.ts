import { describe, expect, it } from 'vitest';
import { defaultDatabaseId, formatBackupName, parseBackupName } from './naming.js';

describe('backup file names', () => {
  it('formats <database-id>-<UTC timestamp>-v<version>.<ext> and parses it back', () => {
    const createdAt = new Date('2026-11-21T23:53:07.045Z');
    const name = formatBackupName({ databaseId: 'app', createdAt, version: 20240101120000, ext: 'db.gz' });
    expect(name).toBe('app-20261121T235307.045Z-v20240101120000.db.gz');
    expect(parseBackupName(`/x/${name}`)).toEqual({ databaseId: 'app', createdAt, version: 20240101120000, ext: 'db.gz' });
  });

  it('keeps dashes inside the database id and ignores files that are not backups', () => {
    expect(parseBackupName('my-app-20261121T235307.045Z-v3.dump')?.databaseId).toBe('my-app');
    expect(parseBackupName('notes.txt')).toBeUndefined();
    expect(parseBackupName('app-20261121T235307Z-v3.dump')).toBeUndefined();
    expect(parseBackupName('app-20261121T235307.045Z-v3.db.partial')).toBeUndefined();
  });

  it("derives a file-name-safe id from the driver's target", () => {
    expect(defaultDatabaseId({ name: 'sqlite', target: 'sqlite:/data/app.db' })).toBe('app');
    expect(defaultDatabaseId({ name: 'sqlite', target: 'sqlite:./my app.sqlite3' })).toBe('my_app');
    expect(defaultDatabaseId({ name: 'postgres', target: 'postgres://u:****@h/shop%20db?sslmode=require' })).toBe('shop_db');
    expect(defaultDatabaseId({ name: 'postgres', target: 'host=h dbname=shop' })).toBe('postgres');
    expect(defaultDatabaseId({ name: 'mongodb', target: 'mongodb://h:27017/' })).toBe('mongodb');
  });
});
