/**
 * The JSON Schema shipped in the package (schema/godwit.config.schema.json) is what the zod
 * schema makes today, and it accepts and refuses what the CLI does: a config `godwit init` writes
 * passes both, a typo or a wrong type fails both.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { DriverKind } from '@godwit/core';
import { describe, expect, it } from 'vitest';
import { starterProject } from '../commands/init/starter-files.js';
import { CONFIG_SCHEMA_PATH, configJsonSchema, configJsonSchemaText } from './json-schema.js';
import { CONFIG_SCHEMA_REF } from './json-schema-ref.js';
import { checkConfig } from './schema.js';

const shipped = readFileSync(new URL(`../../${CONFIG_SCHEMA_PATH}`, import.meta.url), 'utf8');
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(shipped));
const zodAccepts = (config: unknown) => {
  try {
    checkConfig(config, 'godwit.config.json');
    return true;
  } catch {
    return false;
  }
};

describe('the config JSON Schema', () => {
  it('is the file the build writes from the zod schema (rebuild the CLI when this fails)', () => {
    expect(shipped).toBe(configJsonSchemaText());
  });

  it('is where `$schema` points inside the installed package', () => {
    expect(CONFIG_SCHEMA_REF).toBe(`./node_modules/@godwit/cli/${CONFIG_SCHEMA_PATH}`);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema/*.json');
    expect(configJsonSchema().$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it.each(['sqlite', 'postgres', 'mongodb'] as DriverKind[])('accepts the config `godwit init --driver %s` writes, as zod does', (driver) => {
    const text = starterProject({ driver, name: 'app', cliVersion: '0.0.0' }).files.find((f) => f.path === 'godwit.config.json')!.content;
    const config = JSON.parse(text);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(zodAccepts(config)).toBe(true);
  });

  it.each([
    ['a full config', { database: 'sqlite:x.db', databases: { 'postgres-a': { url: '${A_URL}', seedDir: 's' } }, environments: { prod: { protected: true, backup: true } }, plugins: ['p', { name: 'q', options: { n: 1 } }] }, true],
    ['a misspelt key', { databse: 'sqlite:x.db' }, false],
    ['a misspelt key in an environment', { environments: { prod: { protectd: true } } }, false],
    ['a misspelt key in a database', { databases: { 'sqlite-a': { uri: 'x' } } }, false],
    ['a wrong type', { environments: { prod: { protected: 'yes' } } }, false],
    ['a plugin without a name', { plugins: [{ options: {} }] }, false],
    ['a list where an object belongs', { databases: [] }, false],
  ])('%s: the JSON Schema and zod agree (%s)', (_what, config, ok) => {
    expect(validate(config)).toBe(ok);
    expect(zodAccepts(config)).toBe(ok);
  });
});
