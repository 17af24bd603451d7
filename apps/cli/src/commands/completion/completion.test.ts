/**
 * The completion scripts come from the program's own command tree: each shell's script names
 * every command and every global option, bash's parses (`bash -n`) and, run in a real bash,
 * completes commands, subcommands, options and option values as a person pressing Tab would see.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, main } from '../../main.js';
import { createIo } from '../../output/io.js';
import { allCommands, commandTree } from './tree.js';

async function godwit(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = createIo({ stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } });
  const code = await main(args, { io, env: {}, cwd: tmpdir() });
  return { code, out, err };
}

const program: Command = await buildProgram({ io: createIo(), env: {}, cwd: tmpdir(), setExitCode: () => undefined });
const tree = commandTree(program);
const commandPaths = allCommands(tree).map((c) => c.path);
const globalFlags = program.options.flatMap((o) => [o.short, o.long].filter((f): f is string => f !== undefined));

describe('the command tree', () => {
  it('holds every command, nested ones included, and every global option', () => {
    expect(commandPaths).toEqual(expect.arrayContaining(['init', 'completion', 'up', 'migrate-all', 'backup', 'backup restore']));
    expect(commandPaths.length).toBeGreaterThan(15);
    expect(globalFlags).toEqual(expect.arrayContaining(['--database', '-d', '--dir', '--json', '--dry-run', '-V', '--version']));
    const create = allCommands(tree).find((c) => c.path === 'create')!;
    expect(create.options.find((o) => o.flags.includes('--format'))?.value).toEqual({ kind: 'choices', choices: ['sql', 'pair', 'json'] });
    expect(tree.options.find((o) => o.flags.includes('--config'))?.value).toEqual({ kind: 'path' });
    expect(tree.options.find((o) => o.flags.includes('--timeout'))?.value).toEqual({ kind: 'free' });
    expect(tree.options.find((o) => o.flags.includes('--json'))?.value).toBeUndefined();
  });
});

describe.each(['bash', 'zsh', 'fish'])('godwit completion %s', (shell) => {
  it('prints a script naming every command and every global option', async () => {
    const { code, out, err } = await godwit('completion', shell);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    for (const path of commandPaths) {
      const name = path.split(' ').at(-1)!;
      expect(out, path).toMatch(new RegExp(`(^|[\\s'])${name.replace(/-/g, '\\-')}([\\s':]|$)`, 'm'));
    }
    for (const flag of globalFlags) {
      const spelled = shell === 'fish' ? (flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`) : flag;
      expect(out, flag).toContain(spelled);
    }
  });
});

describe('bash completion, in bash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'godwit-completion-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What Tab offers after `line` (the last word being completed; a trailing space starts a new one). */
  async function complete(line: string): Promise<string[]> {
    const script = join(dir, 'godwit.bash');
    writeFileSync(script, (await godwit('completion', 'bash')).out);
    const words = line.split(' ');
    const run = spawnSync(
      'bash',
      ['-c', `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _godwit; printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', script, ...words],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    return run.stdout.split('\n').filter(Boolean).sort();
  }

  it('parses (bash -n)', async () => {
    const script = join(dir, 'syntax.bash');
    writeFileSync(script, (await godwit('completion', 'bash')).out);
    const run = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('completes commands, subcommands, options and their values', async () => {
    expect(await complete('godwit migr')).toEqual(['migrate-all']);
    expect(await complete('godwit comp')).toEqual(['completion']);
    expect(await complete('godwit backup r')).toEqual(['restore']);
    // a global option's value is skipped when finding the command
    expect(await complete('godwit --dir migrations backup p')).toEqual(['prune']);
    expect(await complete('godwit create --form')).toEqual(['--format']);
    expect(await complete('godwit create --format j')).toEqual(['json']);
    expect(await complete('godwit completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(await complete('godwit --json completion f')).toEqual(['fish']);
    expect(await complete('godwit up --dry')).toEqual(['--dry-run']);
    // a command's own options are not offered on another command
    expect(await complete('godwit up --form')).toEqual([]);
  });
});
