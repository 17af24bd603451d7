import { describe, expect, it } from 'vitest';
import { packageVersion } from './package-version.js';
import { TOOL_VERSION } from './identity.js';

describe('packageVersion', () => {
  it('finds the named package above the calling file', () => {
    expect(packageVersion('@godwit/core', import.meta.url)).toMatch(/^\d+\.\d+\.\d+/);
    expect(TOOL_VERSION).toMatch(/^godwit\/\d+\.\d+\.\d+/);
  });
  it('is undefined when no package of that name is above', () => {
    expect(packageVersion('@godwit/no-such-package', import.meta.url)).toBeUndefined();
  });
});
