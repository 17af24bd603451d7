/** `validate` on folders written for golang-migrate: warnings that do not fail, every broken file listed. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMigrator } from './migrator.js';
import { createMemoryDriver } from './testing/memory-driver.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'godwit-validate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(list: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(list)) await writeFile(join(dir, name), text);
}

describe('validate', () => {
  it('warns about a down file without its up, naming it, and stays ok', async () => {
    await files({ '1_a.up.sql': 'CREATE TABLE a (id INTEGER);', '7_x.down.sql': 'DROP TABLE x;' });
    const report = await createMigrator({ driver: createMemoryDriver(), dir }).validate();
    expect(report).toEqual({
      ok: true,
      checked: 2,
      database: false,
      problems: [
        {
          code: 'MISSING_FILE',
          severity: 'warning',
          message: '7_x.down.sql has no up file: version 7 applies nothing (an empty up) and records the version',
          file: join(dir, '7_x.down.sql'),
          version: 7,
          hint: 'add 7_x.up.sql if the up was lost, or leave it if the down alone is intended',
        },
      ],
    });
  });

  it('lists each broken file as its own problem', async () => {
    await files({ '1_a.up.sql': '', '1_b.up.sql': '', '2_c.sql': 'SELECT 1;', '3_d.json': '[]' });
    const report = await createMigrator({ driver: createMemoryDriver(), dir }).validate();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.code, p.file])).toEqual([
      ['DUPLICATE_VERSION', join(dir, '1_a.up.sql')],
      ['PARSE_ERROR', join(dir, '2_c.sql')],
      ['PARSE_ERROR', join(dir, '3_d.json')],
    ]);
    expect(report.problems.every((p) => !p.message.includes('more:') && p.hint)).toBe(true);
  });
});
