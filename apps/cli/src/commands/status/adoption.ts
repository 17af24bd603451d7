/**
 * What `status` adds when Godwit's store is absent and goose's or golang-migrate's table is
 * there: the states shown are those adopting it would record, and nothing is recorded yet.
 */
import type { AdoptionPreview } from '@godwit/core';

export function adoptionNotice(a: AdoptionPreview | undefined): string {
  if (!a) return '';
  const missing = a.missing.length ? ` (${a.missing.length} without a file: missing)` : '';
  return `not recorded yet: the ${a.versions.length} version(s) ${a.from}'s ${a.table} applied${missing} are shown as godwit would adopt them; run godwit adopt or up to record it\n`;
}

/** `adoption` in `status --json`, only when there is one. */
export function adoptionJson(a: AdoptionPreview | undefined): { adoption?: AdoptionPreview } {
  return a ? { adoption: a } : {};
}
