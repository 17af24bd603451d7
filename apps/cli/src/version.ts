import { packageVersion } from '@godwit/core';

/** The CLI's own version, from its package.json (found from wherever this code was bundled). */
export const CLI_VERSION: string = packageVersion('@godwit/cli', import.meta.url) ?? 'unknown';
