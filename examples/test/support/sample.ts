/**
 * The repository's sample multi-database project: the folders under migrations/, found by the
 * `<driver>-<name>` convention, and the environment variable each one reads.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_ROOT = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface SampleDatabase {
  /** `postgres-product` */
  id: string;
  driver: 'postgres' | 'sqlite' | 'mongo';
  dir: string;
  /** `POSTGRES_PRODUCT_URL` */
  envVar: string;
}

export function sampleDatabases(): SampleDatabase[] {
  return readdirSync(MIGRATIONS_ROOT)
    .filter((name) => statSync(join(MIGRATIONS_ROOT, name)).isDirectory())
    .sort()
    .map((id) => {
      const driver = id.split('-', 1)[0];
      if (driver !== 'postgres' && driver !== 'sqlite' && driver !== 'mongo') {
        throw new Error(`migrations/${id} does not follow <driver>-<name>`);
      }
      return { id, driver, dir: join(MIGRATIONS_ROOT, id), envVar: envVarFor(id) };
    });
}

/** `postgres-product` → `POSTGRES_PRODUCT_URL`: the naming convention of docs/design.md. */
export function envVarFor(id: string): string {
  return `${id.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_URL`;
}
