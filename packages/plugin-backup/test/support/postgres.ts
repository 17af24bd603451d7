/**
 * PostgreSQL test databases for the backup tests (@godwit/test-kit's), with a password in each
 * URL: trust authentication ignores it, and it proves the password is never printed.
 */
import { createTestDatabase as createKitDatabase } from '@godwit/test-kit/postgres';

export interface TestDatabase {
  name: string;
  /** with a password, which trust auth ignores: proves it is never printed */
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const db = await createKitDatabase(`backup_${prefix}`);
  const u = new URL(db.url);
  u.password = 'S3cret-pw';
  return { name: db.name, url: u.toString(), drop: () => db.drop() };
}
