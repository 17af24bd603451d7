/**
 * Finds and reads the config file: `--config <file>`, else the one of `godwit.config.json`,
 * `.yaml`, `.yml` or `.mjs` (its default export) present in the current folder. Two of them at
 * once is an error: which one wins would be a guess. Returns undefined when there is none (a
 * config is optional).
 *
 * The schema (zod) is loaded only when there is a file to check: most CI runs pass flags and
 * environment variables only, and zod costs them tens of milliseconds of start-up.
 */
import { extname, resolve } from 'node:path';
import { GodwitError } from '@godwit/core';
import type { SettingsFiles } from './files.js';
import type { ConfigFile } from './schema.js';

export const CONFIG_FILES = ['godwit.config.json', 'godwit.config.yaml', 'godwit.config.yml', 'godwit.config.mjs'] as const;

export interface LoadedConfig {
  /** the path as given or found, for messages */
  file: string;
  config: ConfigFile;
}

/** `cwd`: the command's working folder; the file's path is resolved against it, read through `files`. */
export async function loadConfig(
  explicit: string | undefined,
  cwd: string,
  files: SettingsFiles,
): Promise<LoadedConfig | undefined> {
  const file = explicit ?? findConfig(cwd, files);
  if (file === undefined) return undefined;
  const path = resolve(cwd, file);
  const format = formatOf(file);
  if (format === 'mjs') return { file, config: await check(await importConfig(path, file, files), file) };
  let text: string;
  try {
    text = files.readText(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GodwitError('CONFIG', `cannot read the config file: ${code ?? String(e)}`, {
      file,
      hint: explicit ? 'check the --config path' : `fix or remove ./${file}`,
    });
  }
  const value = format === 'yaml' ? await parseYaml(text, file) : parseJson(text, file);
  return { file, config: await check(value, file) };
}

async function check(value: unknown, file: string): Promise<ConfigFile> {
  const { checkConfig } = await import('./schema.js');
  return checkConfig(value, file);
}

function findConfig(cwd: string, files: SettingsFiles): string | undefined {
  const present = CONFIG_FILES.filter((f) => files.exists(resolve(cwd, f)));
  if (present.length > 1) {
    throw new GodwitError('CONFIG', `more than one config file: ${present.join(', ')}`, {
      hint: 'keep one, or choose with --config <file>',
    });
  }
  return present[0];
}

function formatOf(file: string): 'json' | 'yaml' | 'mjs' {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.mjs' || ext === '.js') return 'mjs';
  return 'json';
}

async function importConfig(path: string, file: string, files: SettingsFiles): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = await files.importModule(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ERR_MODULE_NOT_FOUND' && !files.exists(path) ? 'ENOENT' : e instanceof Error ? e.message : String(e);
    throw new GodwitError('CONFIG', `cannot load the config module: ${message}`, { file, hint: 'the module must load on its own with node' });
  }
  if (module.default === undefined) {
    throw new GodwitError('CONFIG', 'the config module has no default export', { file, hint: 'end it with `export default { ... }`' });
  }
  return module.default;
}

async function parseYaml(text: string, file: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const where = error.linePos?.[0];
    throw new GodwitError('CONFIG', `not valid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, {
      file,
      ...(where && { line: where.line, column: where.col }),
      hint: 'check the indentation and the quoting around that line',
    });
  }
  return doc.toJS();
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
