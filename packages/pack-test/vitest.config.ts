import { godwitVitestConfig } from '../test-kit/src/vitest-config.ts';

// Runs the packed tarballs, never the sources: the aliases of the shared config do not apply to
// the child processes this package's test starts in its own folder.
export default godwitVitestConfig({ name: 'pack-test', include: ['test/**/*.test.ts'] });
