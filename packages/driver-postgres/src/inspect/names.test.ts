import { describe, expect, it } from 'vitest';
import { modeName } from '../rehearse/probe.js';
import { indexDefinition } from './inspect.js';

describe('indexDefinition', () => {
  it.each([
    ['CREATE UNIQUE INDEX users_email ON public.users USING btree (lower(email))', 'UNIQUE ON users USING btree (lower(email))'],
    ['CREATE INDEX log_at ON audit.log USING brin (at) WHERE (at > now())', 'ON audit.log USING brin (at) WHERE (at > now())'],
    ['CREATE INDEX p_id ON ONLY public.p USING btree (id)', 'ON ONLY p USING btree (id)'],
    ['something else', 'something else'],
  ])('%s', (def, expected) => {
    expect(indexDefinition(def)).toBe(expected);
  });
});

describe('modeName', () => {
  it.each([
    ['AccessExclusiveLock', 'ACCESS EXCLUSIVE'],
    ['ShareUpdateExclusiveLock', 'SHARE UPDATE EXCLUSIVE'],
    ['RowExclusiveLock', 'ROW EXCLUSIVE'],
    ['ShareLock', 'SHARE'],
  ])('%s', (mode, expected) => {
    expect(modeName(mode)).toBe(expected);
  });
});
