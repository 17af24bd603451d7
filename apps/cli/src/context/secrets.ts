/**
 * The secret parts of a database URL (its password, `password=` parameters), found by comparing
 * the URL with core's redacted form, so the CLI can mask them wherever they turn up later, even
 * outside a URL (a driver that echoes the bare password in an error).
 */
import { redactUrl } from '@godwit/core';

const MASK = '****';

export function secretsOf(url: string): string[] {
  const redacted = redactUrl(url);
  if (redacted === url || !redacted.includes(MASK)) return [];
  const segments = redacted.split(MASK).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Greedy groups: the userinfo ends at the last `@`, as core's redaction decides.
  const match = new RegExp(`^${segments.join('(.*)')}$`, 's').exec(url);
  return match ? match.slice(1).filter((s) => s.length > 0) : [];
}
