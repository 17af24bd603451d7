/**
 * Loaded with `node --import` by lib.mjs's peakRssMb when GNU time is not installed: writes the
 * process's peak RSS (kilobytes) to $GODWIT_BENCH_RSS_FILE when it exits.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.GODWIT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
