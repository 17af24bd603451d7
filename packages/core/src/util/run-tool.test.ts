import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from './run-tool.js';

describe('runTool', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'godwit-run-tool-'));
    // A stand-in tool: prints its argument, or fails echoing a password the way some tools do.
    await writeFile(join(dir, 'tool'), '#!/bin/sh\nif [ "$1" = fail ]; then echo "first" >&2; echo "auth failed for hunter2" >&2; exit 3; fi\necho "got $1 $SEEN"\n');
    await chmod(join(dir, 'tool'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs with exactly the environment it is given and collects stdout', async () => {
    const out = await runTool('tool', ['x'], { env: { PATH: dir, SEEN: 'env' }, hintWhenMissing: 'install it' });
    expect(out.stdout).toBe('got x env\n');
  });

  it('a tool that is not on PATH is BACKUP_FAILED with the hint for installing it', async () => {
    await expect(runTool('tool', [], { env: { PATH: join(dir, 'nothing') }, hintWhenMissing: 'install it' })).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      message: 'tool was not found on PATH',
      hint: 'install it',
    });
  });

  it('a failure quotes the last lines of stderr with the secrets masked', async () => {
    const failed = runTool('tool', ['fail'], { env: { PATH: dir }, secrets: ['hunter2', undefined], hintWhenMissing: '' });
    await expect(failed).rejects.toMatchObject({ code: 'BACKUP_FAILED', message: 'tool failed: first | auth failed for ****' });
  });
});
