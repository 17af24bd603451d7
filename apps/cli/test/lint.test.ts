/**
 * `godwit lint` and `godwit.sum` through the built binary: exit codes (0 clean or warnings only,
 * 1 an error finding, 2 bad usage), the output formats, pending-only with a database, --since
 * with a real git repository, and the sum file refused by validate, up and lint until `godwit hash`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appliedVersions, parseJson, projectPerTest } from './helpers.js';

const INDEX = '-- +goose Up\nCREATE INDEX users_email_idx ON users (email);\n';
const SAFE = '-- +goose Up\nALTER TABLE users ADD COLUMN nickname text;\n';
const CREATE = '-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n';

describe('godwit lint', () => {
  const project = projectPerTest();
  const lint = (...args: string[]) => project.raw(['lint', '--dir', 'migrations', ...args]);

  it('exit 1 on an error finding, with file:line:column, rule, message and the safe SQL', async () => {
    await project.write('migrations/000002_index.sql', INDEX);
    const run = await lint();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('migrations/000002_index.sql:2:1: error: require-concurrent-index-creation: users: CREATE INDEX without CONCURRENTLY');
    expect(run.stdout).toContain('fix: -- +goose NO TRANSACTION');
    expect(run.stdout).toContain('CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (...);');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('1 migration file(s) linted: 1 error(s), 0 warning(s)');
  });

  it('exit 0 when nothing (or only warnings) is found', async () => {
    await project.write('migrations/000002_safe.sql', SAFE);
    const run = await lint();
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: 'ok: 1 migration file(s) linted, nothing found\n' });
    await project.write('migrations/000003_int.sql', '-- +goose Up\nCREATE TABLE t (n integer);\n');
    expect((await lint()).code).toBe(0);
  });

  // (require-lock-timeout stays quiet: the run's --lock-timeout, 60s by default, sets one)
  it('--json: findings and the number of files', async () => {
    await project.write('migrations/000002_index.sql', INDEX);
    const run = await lint('--json');
    expect(run.code).toBe(1);
    const doc = parseJson(run.stdout);
    expect(doc.files).toBe(1);
    expect(doc.findings).toEqual([
      {
        file: 'migrations/000002_index.sql',
        line: 2,
        column: 1,
        rule: 'require-concurrent-index-creation',
        severity: 'error',
        message: expect.stringContaining('CREATE INDEX without CONCURRENTLY'),
        fix: expect.stringContaining('CONCURRENTLY'),
      },
    ]);
  });

  it('--format github prints workflow annotations; --format sarif writes SARIF 2.1.0', async () => {
    await project.write('migrations/000002_index.sql', INDEX);
    const github = await lint('--format', 'github');
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(/^::error file=migrations\/000002_index\.sql,line=2,col=1,title=godwit lint%3A require-concurrent-index-creation::users: CREATE INDEX .*%0A/m);
    const sarif = await lint('--format', 'sarif');
    expect(sarif.code).toBe(1);
    const doc = parseJson(sarif.stdout);
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0].results[0]).toMatchObject({
      ruleId: 'require-concurrent-index-creation',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'migrations/000002_index.sql' }, region: { startLine: 2, startColumn: 1 } } }],
    });
    expect(doc.runs[0].tool.driver.rules[0].id).toBe('require-concurrent-index-creation');
  });

  it('bad usage exits 2: --json with --format, an unknown format, an unknown rule in the config', async () => {
    await project.write('migrations/000002_safe.sql', SAFE);
    expect((await lint('--json', '--format', 'github')).code).toBe(2);
    expect((await lint('--format', 'xml')).code).toBe(2);
    await project.write('godwit.config.json', JSON.stringify({ lint: { rules: { 'no-such-rule': 'off' } } }));
    const run = await lint();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown lint rule "no-such-rule" in "lint.rules"');
  });

  it("the config's lint section turns a rule off or into a warning", async () => {
    await project.write('migrations/000002_index.sql', INDEX);
    await project.write('godwit.config.json', JSON.stringify({ lint: { rules: { 'require-concurrent-index-creation': 'warning' } } }));
    const run = await lint();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('warning: require-concurrent-index-creation');
  });

  it('with a database, only pending migrations are linted, as one batch', async () => {
    await project.write('migrations/000001_create.sql', '-- +goose Up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n');
    expect((await project.godwit('up')).code).toBe(0);
    await project.write('migrations/000002_col.sql', '-- +goose Up\nALTER TABLE users ADD COLUMN nick TEXT NOT NULL;\n');
    const run = await project.godwit('lint', '--json');
    const doc = parseJson(run.stdout);
    expect(doc.files).toBe(1);
    expect(doc.findings.map((f: { rule: string; file: string }) => [f.rule, f.file])).toEqual([['sqlite-adding-not-nullable-field', 'migrations/000002_col.sql']]);
    expect(run.code).toBe(1);
  });

  it('--since: only what the branch added or changed; a version below the base branch is non-linear', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project.dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    await project.write('migrations/000001_create.sql', CREATE);
    await project.write('migrations/000005_index.sql', INDEX);
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    await project.write('migrations/000003_late.sql', SAFE);
    git('add', '.');
    git('commit', '-q', '-m', 'feature');
    const run = await lint('--since', 'main', '--json');
    const doc = parseJson(run.stdout);
    expect(doc.files).toBe(1);
    expect(doc.findings.map((f: { rule: string; file: string }) => [f.rule, f.file])).toContainEqual(['non-linear', 'migrations/000003_late.sql']);
    expect(run.code).toBe(1);
    const unknown = await lint('--since', 'no-such-ref');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('git merge-base failed');
  });
});

describe('godwit.sum', () => {
  const project = projectPerTest();

  it('hash writes it; an edited file is refused by validate, up and lint until hashed again; --no-sum skips', async () => {
    await project.write('migrations/000001_create.sql', CREATE);
    const hash = await project.godwit('hash');
    expect(hash.code).toBe(0);
    const sum = readFileSync(`${project.dir}/migrations/godwit.sum`, 'utf8').trimEnd().split('\n');
    expect(sum).toHaveLength(2);
    expect(sum[1]).toMatch(/^000001_create\.sql sha256:[0-9a-f]{64}$/);
    expect((await project.godwit('validate')).code).toBe(0);

    await project.write('migrations/000001_create.sql', `${CREATE}-- edited\n`);
    for (const command of ['validate', 'up', 'lint']) {
      const run = await project.godwit(command);
      expect({ command, code: run.code }).toEqual({ command, code: 1 });
      expect(run.stderr).toContain('godwit: error: migrations/000001_create.sql: 000001_create.sql differs from godwit.sum');
      expect(run.stderr).toContain('godwit hash');
    }
    expect((await project.godwit('validate', '--no-sum')).code).toBe(0);
    expect((await project.godwit('hash')).code).toBe(0);
    expect((await project.godwit('validate')).code).toBe(0);
  });

  it('create adds the new file to an existing sum; a folder without one is left without', async () => {
    await project.write('migrations/000001_create.sql', CREATE);
    expect((await project.godwit('create', 'add_nick')).code).toBe(0);
    expect(() => readFileSync(`${project.dir}/migrations/godwit.sum`)).toThrow();
    expect((await project.godwit('hash')).code).toBe(0);
    expect((await project.godwit('create', 'add_email')).code).toBe(0);
    expect(readFileSync(`${project.dir}/migrations/godwit.sum`, 'utf8')).toContain('000003_add_email.sql');
    expect((await project.godwit('validate')).code).toBe(0);
  });
});

describe('lint before up (lint.onUp)', () => {
  const project = projectPerTest();
  // a rebuild of t, which an earlier run created: an existing table, and a transaction in which
  // PRAGMA foreign_keys cannot be turned off
  const SECOND = [
    '-- +goose Up',
    'CREATE TABLE new_t (id INTEGER PRIMARY KEY, note TEXT);',
    'INSERT INTO new_t (id) SELECT id FROM t;',
    'DROP TABLE t;',
    'ALTER TABLE new_t RENAME TO t;',
    '',
  ].join('\n');
  const config = (onUp: string) => project.write('godwit.config.json', JSON.stringify({ lint: { onUp } }));

  it('error: refuses to apply anything while a migration to apply has an error finding', async () => {
    await project.write('migrations/000001_t.sql', '-- +goose Up\nCREATE TABLE t (id INTEGER PRIMARY KEY);\n');
    expect((await project.godwit('up')).code).toBe(0);
    await project.write('migrations/000002_rebuild.sql', SECOND);
    await config('error');
    const run = await project.godwit('up');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('godwit: error: migrations/000002_rebuild.sql:4:1: sqlite-rebuild-without-foreign-keys-off:');
    expect(run.stderr).toContain('lint found 1 error(s) in the migrations to apply; nothing was run');
    expect(appliedVersions(project)).toEqual([1]);
  });

  it('warn: says so and applies', async () => {
    await project.write('migrations/000001_t.sql', '-- +goose Up\nCREATE TABLE t (id INTEGER PRIMARY KEY);\n');
    expect((await project.godwit('up')).code).toBe(0);
    await project.write('migrations/000002_rebuild.sql', SECOND);
    await config('warn');
    const run = await project.godwit('up');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('godwit: warning: migrations/000002_rebuild.sql:4:1: sqlite-rebuild-without-foreign-keys-off:');
    expect(appliedVersions(project)).toEqual([1, 2]);
  });
});
