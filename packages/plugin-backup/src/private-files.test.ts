import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@godwit/test-kit/temp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePrivateDir } from './private-files.js';

const modeOf = async (p: string) => ((await stat(p)).mode & 0o777).toString(8);

describe('the backup folder, under umask 0022', () => {
  let previous: number;
  beforeAll(() => {
    previous = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(previous);
  });

  it('is made 0700, with every parent folder it had to make', async () => {
    const t = await tempDir('private');
    try {
      expect(await ensurePrivateDir(join(t.dir, 'a', 'b', 'backups'))).toBeUndefined();
      for (const d of ['a', 'a/b', 'a/b/backups']) expect(await modeOf(join(t.dir, d))).toBe('700');
    } finally {
      await t.remove();
    }
  });

  it('an existing folder open to others is left alone, with a warning; a private one gets none', async () => {
    const t = await tempDir('private');
    try {
      const open = join(t.dir, 'open');
      await mkdir(open);
      await chmod(open, 0o750);
      expect(await ensurePrivateDir(open)).toBe(`the backup folder ${open} is open to other users (mode 750), and backups are full copies of the database: chmod 700 ${open}`);
      expect(await modeOf(open)).toBe('750');
      await chmod(open, 0o700);
      expect(await ensurePrivateDir(open)).toBeUndefined();
    } finally {
      await t.remove();
    }
  });
});
