import { tempDir } from '@godwit/test-kit/temp';
import { describe, expect, it } from 'vitest';
import { compareDigest, hashFile, metadataPath, mismatchError, readMetadata } from './metadata.js';

const A = { sha256: 'a'.repeat(64), bytes: 10 };
const B = { sha256: 'b'.repeat(64), bytes: 10 };

describe('backup checksums', () => {
  it('compares a file digest with the recorded one', () => {
    expect(compareDigest(A, A)).toEqual({ state: 'ok', digest: A });
    expect(compareDigest(undefined, A)).toEqual({ state: 'unverified', digest: A });
    expect(compareDigest(A, B)).toEqual({ state: 'mismatch', recorded: A, digest: B });
    // Same hash, other size (cannot happen with SHA-256, but the size alone is checked too).
    expect(compareDigest(A, { ...A, bytes: 9 }).state).toBe('mismatch');
  });

  it('a mismatch names both hashes, and the sizes when they differ', () => {
    expect(mismatchError('/b/x.db', { state: 'mismatch', recorded: A, digest: B }).message).toBe(
      `backup /b/x.db does not match its recorded checksum: recorded sha256 ${A.sha256}, file has sha256 ${B.sha256}`,
    );
    expect(mismatchError('/b/x.db', { state: 'mismatch', recorded: A, digest: { ...B, bytes: 3 } }).message).toMatch(/ \(3 bytes, recorded 10\)$/);
  });

  it('hashes the bytes as stored', async () => {
    const t = await tempDir('meta', { 'x.db': 'hello' });
    try {
      expect(await hashFile(t.path('x.db'))).toEqual({ sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', bytes: 5 });
    } finally {
      await t.remove();
    }
  });

  it('reads metadata: none is undefined, a damaged or foreign file is an error naming it', async () => {
    const t = await tempDir('meta');
    try {
      const file = t.path('app-20260101T000000.000Z-v1.db');
      expect(await readMetadata(file)).toBeUndefined();
      await t.write({ [`${file.slice(t.dir.length + 1)}.meta.json`]: '{"format":"godwit-backup","sha256":"nope","bytes":1}' });
      await expect(readMetadata(file)).rejects.toMatchObject({ code: 'BACKUP_FAILED', file: metadataPath(file), message: expect.stringMatching(/damaged: not a godwit-backup metadata file/) });
      await t.write({
        [`${file.slice(t.dir.length + 1)}.meta.json`]: JSON.stringify({ format: 'godwit-backup', ...A, file: 'other-20260101T000000.000Z-v1.db' }),
      });
      await expect(readMetadata(file)).rejects.toThrow(/it describes other-20260101T000000\.000Z-v1\.db, not app-/);
    } finally {
      await t.remove();
    }
  });
});
