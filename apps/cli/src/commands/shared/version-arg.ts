/** `<version>` arguments of up-to, down-to and force: a whole number from 0 to 2^53-1. */
import { GodwitError, MAX_VERSION } from '@godwit/core';

export function parseVersionArgument(text: string, command: string): number {
  const value = text.trim();
  if (!/^\d+$/.test(value)) {
    throw new GodwitError('USAGE', `${command}: "${text}" is not a version (a whole number from 0 to ${MAX_VERSION})`, {
      hint: `e.g. godwit ${command} 3`,
    });
  }
  // Compare as BigInt: a 20-digit argument would otherwise round to a "valid" number.
  if (BigInt(value) > BigInt(MAX_VERSION)) {
    throw new GodwitError('USAGE', `${command}: version ${value} is above ${MAX_VERSION} (2^53-1)`, {
      hint: 'versions are at most 2^53-1 so that they fit a JavaScript number exactly',
    });
  }
  return Number(value);
}
