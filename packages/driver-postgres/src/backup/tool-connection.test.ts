import { expect, it } from 'vitest';
import { toolConnection } from './tool-connection.js';

it('passes the URL to the tools without its password, which goes to PGPASSWORD', () => {
  const c = toolConnection('postgres://app:p%40ss@db:5433/shop?sslmode=require&search_path=ops', { PATH: '/bin' });
  expect(c.url).toBe('postgres://app@db:5433/shop?sslmode=require');
  expect(c.env).toEqual({ PATH: '/bin', PGPASSWORD: 'p@ss' });
});

it('a URL without a password adds no PGPASSWORD', () => {
  expect(toolConnection('postgres://app@db/shop', {}).env).toEqual({});
});
