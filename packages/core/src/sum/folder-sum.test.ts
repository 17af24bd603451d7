import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import type { SourceFileSystem } from '../source/source-fs.js';
import { checkFolderSum, writeFolderSum } from './folder-sum.js';

/** A folder in memory: name -> content; a name ending in `/` is a folder. */
function memoryFs(files: Map<string, string>): SourceFileSystem {
  return {
    readdir: async (path) => [...files.keys()].filter((k) => k.startsWith(`${path}/`) && !k.slice(path.length + 1).includes('/')).map((k) => k.slice(path.length + 1)),
    readFile: async (path) => {
      const text = files.get(path);
      if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return text;
    },
    stat: async (path) => {
      if (files.has(path) && !path.endsWith('/')) return { isDirectory: () => false };
      if ([...files.keys()].some((k) => k.startsWith(`${path}/`))) return { isDirectory: () => true };
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    },
  };
}

function project(): Map<string, string> {
  return new Map([
    ['m/000001_a.sql', '-- +goose Up\ncreate table a (id int);\n'],
    ['m/000002_b.up.sql', 'create table b (id int);\n'],
    ['m/README.md', 'not a migration'],
  ]);
}

async function hashInto(files: Map<string, string>): Promise<void> {
  const fs = memoryFs(files);
  await writeFolderSum('m', { fs, write: (path, text) => files.set(path, text) });
}

describe('folder sum', () => {
  it('a folder without godwit.sum passes (the sum is opt-in)', async () => {
    expect(await checkFolderSum('m', { fs: memoryFs(project()) })).toBe(false);
  });

  it('writes the migration files only, and a fresh sum matches', async () => {
    const files = project();
    await hashInto(files);
    expect(files.get('m/godwit.sum')?.split('\n').filter(Boolean)).toHaveLength(3);
    expect(files.get('m/godwit.sum')).not.toContain('README');
    expect(await checkFolderSum('m', { fs: memoryFs(files) })).toBe(true);
  });

  it('names the file that differs and says to run godwit hash', async () => {
    const files = project();
    await hashInto(files);
    files.set('m/000002_b.up.sql', 'create table b (id bigint);\n');
    const e = await checkFolderSum('m', { fs: memoryFs(files) }).catch((x: unknown) => x as GodwitError);
    expect(e).toBeInstanceOf(GodwitError);
    expect((e as GodwitError).toString()).toBe('m/000002_b.up.sql: 000002_b.up.sql differs from godwit.sum');
    expect((e as GodwitError).hint).toContain('godwit hash');
  });

  it('an added migration is a difference too', async () => {
    const files = project();
    await hashInto(files);
    files.set('m/000003_c.sql', 'select 1;\n');
    await expect(checkFolderSum('m', { fs: memoryFs(files) })).rejects.toThrow('000003_c.sql is not listed in godwit.sum');
  });

  it('sums the schema/ subfolder when there is one', async () => {
    const files = new Map([['m/schema/000001_a.sql', 'select 1;\n']]);
    await hashInto(files);
    expect(files.has('m/schema/godwit.sum')).toBe(true);
  });
});

describe('refreshFolderSum', () => {
  it('rewrites an existing sum file and leaves a folder without one alone', async () => {
    const { refreshFolderSum } = await import('./folder-sum.js');
    const files = project();
    const write = (path: string, text: string) => files.set(path, text);
    expect(await refreshFolderSum('m', { fs: memoryFs(files), write })).toBe(false);
    expect(files.has('m/godwit.sum')).toBe(false);
    await hashInto(files);
    files.set('m/000003_c.sql', 'select 3;\n');
    expect(await refreshFolderSum('m', { fs: memoryFs(files), write })).toBe(true);
    expect(await checkFolderSum('m', { fs: memoryFs(files) })).toBe(true);
  });
});
