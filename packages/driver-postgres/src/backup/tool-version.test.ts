import { expect, it } from 'vitest';
import { assertDumpCanRead, parseMajor } from './tool-version.js';

it('reads the major version of pg_dump and of the server', () => {
  expect(parseMajor('15.20 (Debian 15.20-0+deb12u1)')).toBe(15);
  expect(parseMajor('9.6.24')).toBe(9);
});

it('refuses a pg_dump older than the server and names the tools to install', () => {
  expect(() => assertDumpCanRead('pg_dump (PostgreSQL) 9.6.24\n', 150004)).toThrow(/^pg_dump 9 is older than the server \(PostgreSQL 15\)$/);
  expect(() => assertDumpCanRead('pg_dump (PostgreSQL) 17.2\n', 150004)).not.toThrow();
  expect(() => assertDumpCanRead('pg_dump\n', 150004)).toThrow(/cannot read the version of pg_dump/);
});
