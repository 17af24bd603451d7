/**
 * `main()` in-process, as wrappers and the examples' tests call it: in a working folder that is
 * not process.cwd(), with SQLite files in a temporary folder. Relative paths must land in the
 * given folder, and a multi-database command must read its config file once, not once per
 * database.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskFiles, type SettingsFiles } from './config/files.js';
import { main } from './main.js';
import { createIo } from './output/io.js';

const table = (name: string) => `-- +goose Up\nCREATE TABLE ${name} (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE ${name};\n`;

let cwd: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(cwd, path)), { recursive: true });
  writeFileSync(join(cwd, path), text);
};
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'godwit-in-process-'));
  expect(cwd).not.toBe(process.cwd());
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

/** The disk, counting how often each file is read as text. */
function countingFiles(): SettingsFiles & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    ...diskFiles,
    reads,
    readText(path) {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return diskFiles.readText(path);
    },
  };
}

async function godwit(args: string[], env: NodeJS.ProcessEnv = {}, files?: SettingsFiles) {
  let stdout = '';
  let stderr = '';
  const io = createIo({ stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s), isTTY: false } });
  const code = await main(args, { io, env, cwd, ...(files && { files }) });
  return { code, stdout, stderr };
}

describe('main() in-process', () => {
  it('resolves --dir, the config folder and the SQLite file against the given cwd', async () => {
    write('db/00001_users.sql', table('users'));
    write('godwit.config.json', JSON.stringify({ dir: 'db', database: 'sqlite:./app.db' }));
    const up = await godwit(['up', '--json']);
    expect(up.stderr).not.toContain('godwit: error');
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ ok: true, after: 1 });
    expect(existsSync(join(cwd, 'app.db'))).toBe(true);
    expect(existsSync(join(process.cwd(), 'app.db'))).toBe(false);

    const created = await godwit(['create', 'add_email', '--dir', 'db', '--json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).files).toEqual([join(cwd, 'db/000002_add_email.sql')]);
  });

  it('migrate-all reads the config file once for all its databases (and seeds)', async () => {
    write('migrations/sqlite-a/schema/00001_a.sql', table('a'));
    write('migrations/sqlite-a/seed/00001_rows.sql', '-- +goose Up\nINSERT INTO a (id) VALUES (1);\n-- +goose Down\nDELETE FROM a;\n');
    write('migrations/sqlite-b/00001_b.sql', table('b'));
    write('migrations/sqlite-c/00001_c.sql', table('c'));
    write('godwit.config.json', JSON.stringify({ databases: { 'sqlite-a': { url: 'sqlite:./a.db' }, 'sqlite-c': { url: 'sqlite:./c.db' } } }));
    const files = countingFiles();
    const run = await godwit(['migrate-all', '--seed', '--json'], { SQLITE_B_URL: 'sqlite:./b.db' }, files);
    expect(run.stderr).not.toContain('godwit: error');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).databases.map((d: { id: string; applied: number }) => [d.id, d.applied])).toEqual([
      ['sqlite-a', 1],
      ['sqlite-b', 1],
      ['sqlite-c', 1],
    ]);
    for (const db of ['a.db', 'b.db', 'c.db']) expect(existsSync(join(cwd, db))).toBe(true);
    expect(files.reads.get(join(cwd, 'godwit.config.json'))).toBe(1);
  });
});
