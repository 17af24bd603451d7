/**
 * Which backups retention removes: pure, so the rule is tested without files. A backup goes when
 * it is beyond the `keep` newest, or older than `maxAgeDays`; the newest one always stays, so
 * pruning can never leave a database without a backup.
 */
export interface Dated {
  createdAt: Date;
}

export interface RetentionRule {
  keep?: number;
  maxAgeDays?: number;
}

const DAY_MS = 86_400_000;

export function selectExpired<T extends Dated>(backups: readonly T[], rule: RetentionRule, now: Date): T[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return newestFirst.filter((b, index) => {
    if (index === 0) return false;
    if (rule.keep !== undefined && index >= rule.keep) return true;
    if (rule.maxAgeDays !== undefined && now.getTime() - b.createdAt.getTime() > rule.maxAgeDays * DAY_MS) return true;
    return false;
  });
}
