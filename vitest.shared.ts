/**
 * Settings every package's vitest.config.ts shares. When scripts/test.sh sets
 * GODWIT_TEST_REPORTS, each package also writes a JSON report there, which the script sums
 * into one closing line for the whole suite.
 */
export function reporting(packageName: string) {
  const dir = process.env.GODWIT_TEST_REPORTS;
  if (!dir) return {};
  return {
    reporters: ['default', 'json'],
    outputFile: { json: `${dir}/${packageName}.json` },
  };
}
