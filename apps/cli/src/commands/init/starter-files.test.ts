import type { DriverKind } from '@godwit/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkConfig } from '../../config/schema.js';
import { starterProject } from './starter-files.js';

const start = (driver: DriverKind, name = 'app') => starterProject({ driver, name, cliVersion: '1.2.3' });
const file = (driver: DriverKind, path: string, name = 'app') => start(driver, name).files.find((f) => f.path === path)?.content ?? '';

describe('starterProject', () => {
  it.each([
    ['sqlite', 'sqlite-app', 'SQLITE_APP_URL', ['migrations/sqlite-app/000001_init.sql']],
    ['postgres', 'postgres-app', 'POSTGRES_APP_URL', ['migrations/postgres-app/000001_init.sql']],
    ['mongodb', 'mongo-app', 'MONGO_APP_URL', ['migrations/mongo-app/000001_init.up.json', 'migrations/mongo-app/000001_init.down.json']],
  ] as const)('%s: one database folder by the convention, named %s, URL in %s', (driver, id, variable, migrations) => {
    const starter = start(driver);
    expect(starter.id).toBe(id);
    expect(starter.urlVariable).toBe(variable);
    expect(starter.files.map((f) => f.path)).toEqual(['godwit.config.json', ...migrations, '.env.example', '.github/workflows/godwit.yml']);
  });

  it('writes a config the CLI accepts, pointing at the schema npm installs, and at the new folder', () => {
    const config = JSON.parse(file('postgres', 'godwit.config.json', 'shop'));
    expect(config.$schema).toBe('./node_modules/@godwit/cli/schema/godwit.config.schema.json');
    expect(checkConfig(config, 'godwit.config.json')).toEqual({ dir: 'migrations/postgres-shop', environments: { production: { protected: true } } });
  });

  it('names the URL variable in .env.example with a value that holds no password', () => {
    expect(file('sqlite', '.env.example')).toMatch(/^SQLITE_APP_URL=sqlite:\.\/app\.db$/m);
    expect(file('postgres', '.env.example', 'shop')).toMatch(/^POSTGRES_SHOP_URL=postgres:\/\/shop@localhost:5432\/shop$/m);
    expect(file('mongodb', '.env.example')).toMatch(/^MONGO_APP_URL=mongodb:\/\/localhost:27017\/app$/m);
    for (const driver of ['sqlite', 'postgres', 'mongodb'] as const) {
      const values = file(driver, '.env.example')
        .split('\n')
        .filter((l) => !l.startsWith('#') && l !== '');
      expect(values).toHaveLength(1);
      // user@host only: no `user:password@`
      expect(values[0]).not.toMatch(/\/\/[^/@]*:[^/@]*@/);
    }
  });

  it('writes a first migration in the driver\'s own format that changes nothing', () => {
    expect(file('sqlite', 'migrations/sqlite-app/000001_init.sql')).toMatch(/-- \+goose Up\nSELECT 1;\n\n-- \+goose Down\nSELECT 1;\n$/);
    expect(JSON.parse(file('mongodb', 'migrations/mongo-app/000001_init.up.json'))).toEqual([{ ping: 1 }]);
    expect(JSON.parse(file('mongodb', 'migrations/mongo-app/000001_init.down.json'))).toEqual([{ ping: 1 }]);
  });

  it.each(['sqlite', 'postgres', 'mongodb'] as const)('%s: the CI workflow installs the CLI it names, validates, lints and dry-runs migrate-all', (driver) => {
    const workflow = parse(file(driver, '.github/workflows/godwit.yml'));
    const job = workflow.jobs.migrations;
    const runs = job.steps.flatMap((s: { run?: string }) => (s.run ? [s.run] : []));
    expect(runs).toEqual([
      'npm install --no-save @godwit/cli@1.2.3',
      'npx godwit validate',
      `npx godwit lint --dir migrations/${driver === 'mongodb' ? 'mongo' : driver}-app --format github`,
      'npx godwit migrate-all --dry-run',
    ]);
    const variable = start(driver).urlVariable;
    expect(Object.keys(job.env)).toEqual([variable]);
    // A server where the driver needs one, reachable at the URL the job sets.
    if (driver === 'sqlite') expect(job.services).toBeUndefined();
    else expect(job.env[variable]).toMatch(driver === 'postgres' ? /^postgres:\/\/postgres@localhost:5432\// : /^mongodb:\/\/localhost:27017\//);
  });

  it('refuses a name the folder convention would not discover, naming the fix', () => {
    expect(() => start('sqlite', 'My App')).toThrow(/--name "My App" cannot name a database folder \(sqlite-My App\)/);
    expect(() => start('sqlite', '')).toThrow(/cannot name a database folder/);
    expect(start('sqlite', 'billing_v2').id).toBe('sqlite-billing_v2');
  });
});
