/** The phase-aware rule: destructive changes belong in the contract migration, not the expand one. */
import { describe, expect, it } from 'vitest';
import { rulesFound } from '../__fixtures__/lint-files.js';

const phase = (p: string, up: string) => `-- +godwit PHASE ${p}\n-- +goose Up\n${up}\n`;
const file = (up: string) => ({ '000002_x.sql': up });

describe('destructive-in-expand', () => {
  it.each([
    ['DROP COLUMN', 'ALTER TABLE users DROP COLUMN fullname;'],
    ['RENAME COLUMN', 'ALTER TABLE users RENAME COLUMN fullname TO name;'],
    ['RENAME TO', 'ALTER TABLE users RENAME TO people;'],
    ['SET NOT NULL', 'ALTER TABLE users ALTER COLUMN name SET NOT NULL;'],
  ])('flags %s on an existing table in an expand migration', async (_what, sql) => {
    expect(await rulesFound(file(phase('expand', sql)))).toContain('destructive-in-expand');
    expect(await rulesFound(file(phase('contract', sql)))).not.toContain('destructive-in-expand');
  });

  it('leaves a table created earlier in the file alone, and the additive part of an expand', async () => {
    expect(await rulesFound(file(phase('expand', 'CREATE TABLE t (a text, b text);\nALTER TABLE t DROP COLUMN a;')))).not.toContain('destructive-in-expand');
    expect(await rulesFound(file(phase('expand', 'ALTER TABLE users ADD COLUMN name text;')))).not.toContain('destructive-in-expand');
  });

  it('a contract migration is where drops belong: ban-drop-column and ban-drop-table stay quiet there', async () => {
    expect(await rulesFound(file(phase('contract', 'ALTER TABLE users DROP COLUMN fullname;')))).not.toContain('ban-drop-column');
    expect(await rulesFound(file(phase('contract', 'DROP TABLE old_users;')))).not.toContain('ban-drop-table');
    expect(await rulesFound(file('-- +goose Up\nALTER TABLE users DROP COLUMN fullname;\n'))).toContain('ban-drop-column');
  });
});
