/**
 * Masks a database URL's secrets (core's `secretsOf`: its password, `password=` parameters) in
 * everything the Io writes from now on, even where one turns up outside its URL (a driver that
 * echoes the bare password in an error).
 */
import { secretsOf } from '@godwit/core';
import type { Io } from './io.js';

/** Masks the secrets of these URLs in everything the Io writes from now on. */
export function maskUrls(io: Pick<Io, 'addSecret'>, urls: ReadonlyArray<string | undefined>): void {
  for (const url of urls) if (url) for (const s of secretsOf(url)) io.addSecret(s);
}
