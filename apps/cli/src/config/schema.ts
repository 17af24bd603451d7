/**
 * The config file's shape, checked strictly: an unknown key or a wrong type is an error naming
 * the key and the file, because a typo in a config (`"databse"`) silently ignored is how a
 * migration ends up on the wrong database.
 */
import { GodwitError } from '@godwit/core';

export interface DatabaseSettings {
  database?: string;
  driver?: string;
  dir?: string;
  table?: string;
}

export interface EnvironmentConfig extends DatabaseSettings {
  /** down, down-to, redo, reset and force need --yes */
  protected?: boolean;
}

export interface ConfigFile extends DatabaseSettings {
  environments?: Record<string, EnvironmentConfig>;
}

const STRING_KEYS = ['database', 'driver', 'dir', 'table'] as const;
const TOP_KEYS = ['$schema', ...STRING_KEYS, 'environments'];
const ENVIRONMENT_KEYS = [...STRING_KEYS, 'protected'];

export function checkConfig(value: unknown, file: string): ConfigFile {
  const top = record(value, 'the config', file);
  const config: ConfigFile = {};
  for (const [key, v] of Object.entries(top)) {
    if (!TOP_KEYS.includes(key)) throw unknownKey(key, file, TOP_KEYS);
    if (key === '$schema') continue;
    if (key === 'environments') config.environments = environments(v, file);
    else config[key as (typeof STRING_KEYS)[number]] = string(v, key, file);
  }
  return config;
}

function environments(value: unknown, file: string): Record<string, EnvironmentConfig> {
  const out: Record<string, EnvironmentConfig> = {};
  for (const [name, raw] of Object.entries(record(value, '"environments"', file))) {
    const where = `environments.${name}`;
    const env: EnvironmentConfig = {};
    for (const [key, v] of Object.entries(record(raw, `"${where}"`, file))) {
      if (!ENVIRONMENT_KEYS.includes(key)) throw unknownKey(`${where}.${key}`, file, ENVIRONMENT_KEYS);
      if (key === 'protected') {
        if (typeof v !== 'boolean') throw wrongType(`${where}.protected`, 'true or false', v, file);
        env.protected = v;
      } else {
        env[key as (typeof STRING_KEYS)[number]] = string(v, `${where}.${key}`, file);
      }
    }
    out[name] = env;
  }
  return out;
}

function record(value: unknown, what: string, file: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GodwitError('CONFIG', `${what} must be a JSON object, not ${describe(value)}`, {
      file,
      hint: 'see the README section "Config file" for the shape',
    });
  }
  return value as Record<string, unknown>;
}

function string(value: unknown, key: string, file: string): string {
  if (typeof value !== 'string') throw wrongType(key, 'a string', value, file);
  return value;
}

function unknownKey(key: string, file: string, known: readonly string[]): GodwitError {
  return new GodwitError('CONFIG', `unknown key "${key}"`, {
    file,
    hint: `known keys here: ${known.filter((k) => k !== '$schema').join(', ')}`,
  });
}

function wrongType(key: string, expected: string, value: unknown, file: string): GodwitError {
  return new GodwitError('CONFIG', `"${key}" must be ${expected}, not ${describe(value)}`, { file });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
