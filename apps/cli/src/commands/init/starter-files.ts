/**
 * What `godwit init` writes, as data: a pure function of the driver and the database's name, so
 * the unit tests read every file without a disk. The project follows the folder convention
 * (`migrations/<driver>-<name>/`, its URL in `<DRIVER>_<NAME>_URL`), so `godwit up`, `godwit
 * migrate-all` and adding a second database later all work without editing the config.
 */
import { type DriverKind, GodwitError } from '@godwit/core';
import { CONFIG_SCHEMA_REF } from '../../config/json-schema-ref.js';
import { FOLDER_DRIVERS, folderDriver, urlVariableOf } from '../../settings/discover.js';

export interface StarterInput {
  driver: DriverKind;
  /** the database's name: `app` makes `migrations/sqlite-app` */
  name: string;
  /** the CLI's version, pinned in the CI workflow's install */
  cliVersion: string;
}

export interface StarterFile {
  /** relative to the project folder, `/`-separated */
  path: string;
  content: string;
}

export interface Starter {
  /** the database's id and folder name: `sqlite-app` */
  id: string;
  /** its URL variable: `SQLITE_APP_URL` */
  urlVariable: string;
  files: StarterFile[];
}

export const CONFIG_FILE = 'godwit.config.json';

export function starterProject({ driver, name, cliVersion }: StarterInput): Starter {
  const prefix = folderPrefix(driver);
  const id = `${prefix}-${name}`;
  // The convention's own check: a name it would not discover is refused here, not found later.
  if (folderDriver(id) !== driver) {
    throw new GodwitError('USAGE', `--name ${JSON.stringify(name)} cannot name a database folder (${id})`, {
      hint: 'use lower-case letters, digits, - and _, starting with a letter or digit, e.g. --name app',
    });
  }
  const urlVariable = urlVariableOf(id);
  const folder = `migrations/${id}`;
  return {
    id,
    urlVariable,
    files: [
      { path: CONFIG_FILE, content: configFile(folder) },
      ...firstMigration(driver, folder, id),
      { path: '.env.example', content: envExample(driver, id, urlVariable) },
      { path: '.github/workflows/godwit.yml', content: workflow(driver, folder, urlVariable, cliVersion) },
    ],
  };
}

/** `mongodb` -> `mongo`: the folder prefix the convention reads as that driver. */
function folderPrefix(driver: DriverKind): string {
  return Object.entries(FOLDER_DRIVERS).find(([, kind]) => kind === driver)![0];
}

function configFile(folder: string): string {
  const config = {
    $schema: CONFIG_SCHEMA_REF,
    // Commands on one database (up, status, create...) use this folder; migrate-all finds every
    // migrations/<driver>-<name>/ folder by itself.
    dir: folder,
    environments: { production: { protected: true } },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** A first migration that changes nothing, so `godwit up` works at once, in the driver's format. */
function firstMigration(driver: DriverKind, folder: string, id: string): StarterFile[] {
  if (driver === 'mongodb') {
    // JSON has no comments: the README of the project says what this file is.
    const ping = `${JSON.stringify([{ ping: 1 }], null, 2)}\n`;
    return [
      { path: `${folder}/000001_init.up.json`, content: ping },
      { path: `${folder}/000001_init.down.json`, content: ping },
    ];
  }
  const content = [
    `-- The first migration of ${id}, written by \`godwit init\`. It changes nothing, so that`,
    '-- `godwit up` works at once. Add your schema in new migrations:',
    `--   npx godwit create create_users --template create_table`,
    '',
    '-- +goose Up',
    'SELECT 1;',
    '',
    '-- +goose Down',
    'SELECT 1;',
    '',
  ].join('\n');
  return [{ path: `${folder}/000001_init.sql`, content }];
}

const EXAMPLE_URL: Record<DriverKind, (name: string) => string> = {
  sqlite: (name) => `sqlite:./${name}.db`,
  postgres: (name) => `postgres://${name}@localhost:5432/${name}`,
  mongodb: (name) => `mongodb://localhost:27017/${name}`,
};

function envExample(driver: DriverKind, id: string, urlVariable: string): string {
  const name = id.slice(id.indexOf('-') + 1);
  const password =
    driver === 'sqlite' ? [] : ['# Put the password in .env only (e.g. postgres://user:PASSWORD@host/db); it is never printed.'];
  return [
    '# Copy to .env (and keep .env out of version control): godwit reads ./.env, and a variable',
    '# already set in the environment wins over it.',
    `# The URL of migrations/${id}, named after its folder.`,
    ...password,
    `${urlVariable}=${EXAMPLE_URL[driver](name)}`,
    '',
  ].join('\n');
}

/** A throwaway database for CI's dry run, where the driver needs a server. */
const CI_SERVICE: Record<DriverKind, { service: string[]; url: string } | undefined> = {
  sqlite: undefined,
  postgres: {
    service: [
      '    services:',
      '      postgres:',
      '        image: postgres:16',
      '        env:',
      '          POSTGRES_HOST_AUTH_METHOD: trust',
      '        ports: ["5432:5432"]',
      '        options: >-',
      '          --health-cmd "pg_isready -U postgres" --health-interval 2s --health-timeout 5s --health-retries 30',
    ],
    url: 'postgres://postgres@localhost:5432/postgres',
  },
  mongodb: {
    service: [
      '    services:',
      '      mongo:',
      '        image: mongo:7',
      '        ports: ["27017:27017"]',
      '        options: >-',
      `          --health-cmd "mongosh --quiet --eval 'db.adminCommand(1).ok'" --health-interval 2s --health-timeout 5s --health-retries 30`,
    ],
    url: 'mongodb://localhost:27017/ci',
  },
};

function workflow(driver: DriverKind, folder: string, urlVariable: string, cliVersion: string): string {
  const ci = CI_SERVICE[driver];
  return [
    '# Written by `godwit init`. On every pull request and push to main:',
    '# - `godwit validate` reads every migration (names, versions, parse errors) and changes nothing;',
    '# - `godwit lint` flags risky statements (locks, breaking changes) as annotations on the diff;',
    '# - `godwit migrate-all --dry-run` plans every migrations/<driver>-<name>/ database against a',
    '#   throwaway one and prints every statement, changing nothing.',
    '# To migrate a real database here, set its URL variable from a secret, e.g.',
    `#   ${urlVariable}: \${{ secrets.${urlVariable} }}`,
    'name: godwit',
    '',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches: [main]',
    '',
    'jobs:',
    '  migrations:',
    '    runs-on: ubuntu-latest',
    ...(ci?.service ?? []),
    '    env:',
    `      ${urlVariable}: ${ci?.url ?? 'sqlite:./ci.db'}`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    `      - run: npm install --no-save @godwit/cli@${cliVersion}`,
    '      - run: npx godwit validate',
    `      - run: npx godwit lint --dir ${folder} --format github`,
    '      - run: npx godwit migrate-all --dry-run',
    '',
  ].join('\n');
}
