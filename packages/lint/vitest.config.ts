import { godwitVitestConfig } from '../test-kit/src/vitest-config.ts';

export default godwitVitestConfig({ name: 'lint' });
