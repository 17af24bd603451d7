/** Which commands `main` builds for an argv (the others are not even loaded). */
import { describe, expect, it } from 'vitest';
import { commandsFor } from './main.js';

describe('commandsFor', () => {
  it('builds the command the argv names, wherever its options put it', () => {
    expect(commandsFor(['status', '--dir', 'db'])).toEqual(new Set(['status']));
    expect(commandsFor(['--database', 'sqlite:x.db', 'up', '--json'])).toEqual(new Set(['up']));
    expect(commandsFor(['backup', 'create'])).toEqual(new Set(['backup', 'create']));
  });

  it('also builds a command an option value happens to name, which goes unused', () => {
    expect(commandsFor(['--dir', 'version', 'status'])).toEqual(new Set(['version', 'status']));
  });

  it('builds every command for help, completion, no command or an unknown one', () => {
    expect(commandsFor([])).toBeUndefined();
    expect(commandsFor(['--help'])).toBeUndefined();
    expect(commandsFor(['help', 'up'])).toBeUndefined();
    expect(commandsFor(['completion', 'bash'])).toBeUndefined();
    expect(commandsFor(['statsu'])).toBeUndefined();
    expect(commandsFor(undefined)).toBeUndefined();
  });
});
