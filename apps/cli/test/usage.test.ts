/** Usage: help, version, bad arguments (exit 2), the default database. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedVersions, parseJson, writeSampleMigrations, projectPerTest } from './helpers.js';

const project = projectPerTest();

const COMMANDS = ['create', 'up', 'up-by-one', 'up-to', 'down', 'down-to', 'redo', 'reset', 'status', 'version', 'validate', 'force', 'history'];

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await project.raw(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('--help lists every command with a description and the global options', async () => {
    const r = await project.raw(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b.* {2,}\\S`, 'm'));
    for (const flag of ['--database <url>', '--driver <name>', '-d, --dir <path>', '--table <name>', '--config <file>', '--env <name>', '--json', '-v, --verbose', '-q, --quiet', '--timeout <duration>', '--lock-timeout <duration>', '--statement-timeout <duration>', '--dry-run', '--allow-missing', '--skip-unsupported']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it.each(COMMANDS)('%s --help shows an example and the global options', async (command) => {
    const r = await project.raw([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: godwit ${command}`);
    expect(r.stdout).toMatch(new RegExp(`Examples:\\n  \\$ godwit ${command}`));
    expect(r.stdout).toContain('--database <url>');
  });

  it('no command: help on stderr, exit 2', async () => {
    const r = await project.raw([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: godwit [options] <command>');
  });
});

describe('bad usage exits 2 with one line and a pointer to --help', () => {
  it('an unknown command', async () => {
    const r = await project.raw(['upp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("godwit: error: unknown command 'upp' (Did you mean up?)\ngodwit: hint: see godwit --help\n");
    expect(r.stdout).toBe('');
  });

  it('an unknown flag, pointing at the command\'s help', async () => {
    const r = await project.raw(['up', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("godwit: error: unknown option '--frobnicate'\ngodwit: hint: see godwit up --help\n");
  });

  it('with --json, stdout carries the error too', async () => {
    // A flag close to no real one (commander would add "Did you mean --role?" for --nope).
    const r = await project.raw(['status', '--json', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(parseJson(r.stdout).error).toMatchObject({ code: 'USAGE', message: "unknown option '--frobnicate'" });
  });

  it('a missing argument', async () => {
    const r = await project.raw(['up-to']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("godwit: error: missing required argument 'version'");
  });

  it('an extra argument', async () => {
    const r = await project.raw(['up', 'now']);
    expect(r.code).toBe(2);
  });

  it.each([
    ['up-to', 'abc', 'is not a version'],
    ['up-to', '-1', ''],
    ['down-to', '1.5', 'is not a version'],
    ['force', '9007199254740992', 'is above 9007199254740991'],
    ['up-to', '123456789012345678901234', 'is above 9007199254740991'],
  ])('%s %s', async (command, arg, message) => {
    await writeSampleMigrations(project);
    const r = await project.godwit(command, '--', arg);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^godwit: error: /);
    expect(r.stderr).toContain(message);
    expect(existsSync(project.dbFile)).toBe(false);
  });

  it('a duration without a unit', async () => {
    const r = await project.godwit('up', '--lock-timeout', '30');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('godwit: error: --lock-timeout: "30" is not a duration');
    expect(r.stderr).toContain('godwit: hint: ');
  });

  it('a driver that contradicts the URL', async () => {
    const r = await project.godwit('status', '--driver', 'postgres');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--driver postgres does not match sqlite:./app.db');
  });

  it('--single-transaction on a database that is not PostgreSQL', async () => {
    const r = await project.godwit('up', '--single-transaction');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('godwit: error: --single-transaction is for PostgreSQL, and sqlite:./app.db is sqlite');
  });

  it('--verbose with --quiet', async () => {
    const r = await project.godwit('status', '-v', '-q');
    expect(r.code).toBe(2);
  });
});

describe('where the database comes from', () => {
  it('with no --database, DATABASE_URL or config: sqlite:./dev.db, said on stderr', async () => {
    await writeSampleMigrations(project);
    const r = await project.raw(['up']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('godwit: no --database or DATABASE_URL; using sqlite:./dev.db');
    expect(existsSync(join(project.dir, 'dev.db'))).toBe(true);
    expect(existsSync(project.dbFile)).toBe(false);
  });

  it('DATABASE_URL when set (no notice)', async () => {
    await writeSampleMigrations(project);
    const r = await project.raw(['up'], { DATABASE_URL: 'sqlite:./app.db' });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('dev.db');
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
  });

  it('--database wins over DATABASE_URL; a bare .db path is SQLite', async () => {
    await writeSampleMigrations(project);
    const r = await project.raw(['up', '--database', 'app.db'], { DATABASE_URL: 'sqlite:./other.db' });
    expect(r.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
    expect(existsSync(join(project.dir, 'other.db'))).toBe(false);
  });

  it('-q keeps stderr to warnings and errors; -v adds debug lines', async () => {
    await writeSampleMigrations(project);
    const quiet = await project.godwit('up', '-q');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const verbose = await project.godwit('down', '-v');
    const levels = new Set(verbose.stderr.trim().split('\n').map((l) => JSON.parse(l).level));
    expect(levels).toContain('debug');
  });
});
