/**
 * `godwit up --phase expand|contract` through the built binary, on SQLite: expand stops before
 * the first contract migration, `status` shows each pending migration's phase, contract applies
 * the rest, and a plain `up` over both warns that the application never ran between them.
 */
import { describe, expect, it } from 'vitest';
import { appliedVersions, parseJson, projectPerTest } from './helpers.js';

const FILES = {
  'migrations/000001_users.sql': '-- +goose Up\nCREATE TABLE users (id INTEGER PRIMARY KEY, fullname TEXT);\n',
  'migrations/000002_add_name.sql': '-- +godwit PHASE expand\n-- +goose Up\nALTER TABLE users ADD COLUMN name TEXT;\nUPDATE users SET name = fullname;\n',
  'migrations/000003_drop_fullname.sql': '-- +godwit PHASE contract\n-- +goose Up\nALTER TABLE users DROP COLUMN fullname;\n',
  'migrations/000004_add_email.up.sql': '-- +godwit PHASE expand\nALTER TABLE users ADD COLUMN email TEXT;\n',
};

describe('up --phase', () => {
  const project = projectPerTest(async (p) => {
    for (const [path, text] of Object.entries(FILES)) await p.write(path, text);
  });

  it('expand stops before the first contract migration; contract applies the rest', async () => {
    const status = await project.godwit('status');
    expect(status.stdout).toMatch(/2\s+add_name\s+pending \(expand\)/);
    expect(status.stdout).toMatch(/3\s+drop_fullname\s+pending \(contract\)/);
    expect(parseJson((await project.godwit('status', '--json')).stdout).migrations[2]).toMatchObject({ version: 3, phase: 'contract' });

    const refused = await project.godwit('up', '--phase', 'contract');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--phase contract: 2 migration(s) of the expand phase are pending (1, 2) before contract migration 3');

    const expand = await project.godwit('up', '--phase', 'expand');
    expect({ code: expand.code, stderr: expand.code ? expand.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(appliedVersions(project)).toEqual([1, 2]);
    expect((await project.godwit('up', '--phase', 'expand')).code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2]);

    const contract = await project.godwit('up', '--phase', 'contract');
    expect(contract.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2, 3, 4]);
    expect(contract.stderr).not.toContain('never ran between them');
  });

  it('a plain up over an expand and its contract warns that the application never ran between them', async () => {
    const up = await project.godwit('up');
    expect(up.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2, 3, 4]);
    expect(up.stderr).toContain('contract migration 3 runs in the same run as its expand migration 2');
  });

  it('refuses an unknown phase as bad usage', async () => {
    const bad = await project.godwit('up', '--phase', 'migrate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('migrate');
  });
});
