/**
 * The program's commands and options as plain data, read from the commander program itself, so
 * the completion scripts made from it can never drift from what the CLI accepts: a new command or
 * option shows up in every shell's completion with no edit here.
 */
import type { Command, Option } from 'commander';

export interface CompletionOption {
  /** `-d`, `--dir` */
  flags: string[];
  description: string;
  /** what its value completes to; undefined: the option takes no value */
  value?: ValueKind;
}

/** `choices`: one of a fixed list; `path`: a file or folder; `free`: anything (nothing to suggest) */
export type ValueKind = { kind: 'choices'; choices: string[] } | { kind: 'path' } | { kind: 'free' };

export interface CompletionCommand {
  name: string;
  /** `backup restore`: the words that select it after `godwit` ('' for the program) */
  path: string;
  description: string;
  options: CompletionOption[];
  commands: CompletionCommand[];
  /** its arguments name a file (`backup restore <file>`): complete file names there */
  takesPath: boolean;
  /** the fixed values its arguments take (`completion <shell>`: bash, zsh, fish) */
  argumentChoices: string[];
}

const HELP: CompletionOption = { flags: ['-h', '--help'], description: 'show help' };

/** Value names (`<path>`, `<file>`) that mean a file or folder. */
const PATH_VALUE = /^(path|file|dir|folder)$/i;

export function commandTree(command: Command, parentPath = ''): CompletionCommand {
  const path = parentPath;
  return {
    name: command.name(),
    path,
    description: command.description(),
    options: [...command.options.filter((o) => !o.hidden).map(completionOption), HELP],
    commands: command.commands.map((sub) => commandTree(sub, path === '' ? sub.name() : `${path} ${sub.name()}`)),
    takesPath: command.registeredArguments.some((a) => PATH_VALUE.test(a.name())),
    argumentChoices: command.registeredArguments.flatMap((a) => a.argChoices ?? []),
  };
}

function completionOption(option: Option): CompletionOption {
  const flags = [option.short, option.long].filter((f): f is string => f !== undefined);
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  const base = { flags, description: option.description };
  if (valueName === undefined) return base;
  if (option.argChoices) return { ...base, value: { kind: 'choices', choices: [...option.argChoices] } };
  return { ...base, value: PATH_VALUE.test(valueName) ? { kind: 'path' } : { kind: 'free' } };
}

/** Every command below `root`, parents before their children. */
export function allCommands(root: CompletionCommand): CompletionCommand[] {
  return root.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Every option that takes a value, anywhere: a completer skips the word after it. */
export function valueFlags(root: CompletionCommand): string[] {
  const flags = [root, ...allCommands(root)].flatMap((c) => c.options.filter((o) => o.value).flatMap((o) => o.flags));
  return [...new Set(flags)].sort();
}

/** One line of description, as shells show it. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
