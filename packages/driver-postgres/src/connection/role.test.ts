import { expect, it } from 'vitest';
import { ident, roleStatement } from './role.js';

it('switches to the role with its name quoted, and back to the login, for the session or the transaction', () => {
  expect(roleStatement('app_owner', true, false)).toBe('SET ROLE "app_owner"');
  expect(roleStatement('App "Owner"', true, true)).toBe('SET LOCAL ROLE "App ""Owner"""');
  expect(roleStatement('app_owner', false, false)).toBe('RESET ROLE');
  expect(roleStatement('app_owner', false, true)).toBe('SET LOCAL ROLE NONE');
});

it('names roles in hints bare when SQL allows it', () => {
  expect(ident('app_owner')).toBe('app_owner');
  expect(ident('App-Owner')).toBe('"App-Owner"');
});
