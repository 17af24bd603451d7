/**
 * Finds and reads the config file: `--config <file>`, else `./godwit.config.json` when present.
 * Returns undefined when there is none (a config is optional).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GodwitError } from '@godwit/core';
import { type ConfigFile, checkConfig } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'godwit.config.json';

export interface LoadedConfig {
  /** the path as given or found, for messages */
  file: string;
  config: ConfigFile;
}

export function loadConfig(explicit: string | undefined, cwd: string): LoadedConfig | undefined {
  const file = explicit ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = readFileSync(explicit ? file : join(cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return undefined;
    throw new GodwitError('CONFIG', `cannot read the config file: ${code ?? String(e)}`, {
      file,
      hint: explicit ? 'check the --config path' : `fix or remove ./${DEFAULT_CONFIG_FILE}`,
    });
  }
  return { file, config: checkConfig(parseJson(text, file), file) };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    const where = position ? lineAndColumn(text, Number(position[1])) : {};
    throw new GodwitError('CONFIG', `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, {
      file,
      ...where,
      hint: 'the config file is plain JSON: no comments, no trailing commas',
    });
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
