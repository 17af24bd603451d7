/**
 * Plugins named in the config file's `plugins` list. Each entry is a module: a path relative to
 * the config file (`./plugins/notify.mjs`) or a package name resolved from the project folder.
 * Its default export is either a Plugin or a factory called with the entry's `options`.
 * Loaded only when a command opens a database, and only when the config names any.
 */
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GodwitError, type Plugin } from '@godwit/core';
import type { ConfiguredPlugins } from '../settings/target.js';

export async function loadConfigPlugins(configured: ConfiguredPlugins, cwd: string): Promise<Plugin[]> {
  const plugins: Plugin[] = [];
  for (const [index, entry] of configured.entries.entries()) {
    const name = typeof entry === 'string' ? entry : entry.name;
    const options = typeof entry === 'string' ? {} : (entry.options ?? {});
    const where = { file: configured.file, data: { key: `plugins.${index}` } };
    let exported: unknown;
    try {
      const mod = (await import(moduleUrl(name, configured.file, cwd))) as { default?: unknown };
      exported = mod.default ?? mod;
      if (typeof exported === 'function') exported = await (exported as (o: unknown) => unknown)(options);
    } catch (e) {
      throw new GodwitError('CONFIG', `plugins.${index}: cannot load plugin "${name}": ${(e as Error).message}`, {
        ...where,
        hint: 'a path relative to the config file (./plugins/x.mjs) or an installed package name',
        cause: e,
      });
    }
    if (!isPlugin(exported)) {
      throw new GodwitError('CONFIG', `plugins.${index}: "${name}" does not export a plugin`, {
        ...where,
        hint: 'export default a { name, beforeRun?, afterRun?, ... } object, or a function that returns one',
      });
    }
    plugins.push(exported);
  }
  return plugins;
}

function moduleUrl(name: string, configFile: string, cwd: string): string {
  if (name.startsWith('.') || isAbsolute(name)) {
    return pathToFileURL(resolve(cwd, dirname(configFile), name)).href;
  }
  return pathToFileURL(createRequire(resolve(cwd, 'package.json')).resolve(name)).href;
}

const HOOKS = ['beforeRun', 'beforeMigration', 'afterMigration', 'afterRun', 'onError'] as const;

function isPlugin(value: unknown): value is Plugin {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.name === 'string' && HOOKS.every((h) => p[h] === undefined || typeof p[h] === 'function');
}
