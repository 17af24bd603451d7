/**
 * The bash completion script, made from the command tree. It finds the command path typed so
 * far (`backup restore`), skipping option values, then completes an option's value (its choices,
 * or file names), that command's options after a `-`, or its subcommands. `complete -o default`
 * falls back to file names where nothing is offered (a `<file>` argument).
 */
import { allCommands, type CompletionCommand, type CompletionOption, valueFlags } from './tree.js';

export function bashScript(root: CompletionCommand): string {
  const commands = [root, ...allCommands(root)];
  const subcommands = commands
    .filter((c) => c.commands.length > 0)
    .map((c) => `    ${quote(c.path)}) echo ${quote(c.commands.map((s) => s.name).join(' '))} ;;`);
  const options = commands.map((c) => `    ${quote(c.path)}) echo ${quote(flagsOf(c.path === '' ? c.options : [...c.options, ...root.options]))} ;;`);
  const words = commands
    .filter((c) => c.argumentChoices.length > 0)
    .map((c) => `    ${quote(c.path)}) echo ${quote(c.argumentChoices.join(' '))} ;;`);
  const values = [
    ...allCommands(root).flatMap((c) => c.options.flatMap((o) => valueCase(`${c.path}|`, o))),
    ...root.options.flatMap((o) => valueCase('*|', o)),
  ];
  return `# bash completion for ${root.name}, made from its own commands and options.
# Load it in ~/.bashrc:  source <(${root.name} completion bash)
# or install it:         ${root.name} completion bash > /etc/bash_completion.d/${root.name}

_${root.name}_subcommands() {
  case "$1" in
${subcommands.join('\n')}
  esac
}

_${root.name}_argument_values() {
  case "$1" in
${words.join('\n')}
  esac
}

_${root.name}_options() {
  case "$1" in
${options.join('\n')}
  esac
}

_${root.name}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmdpath="" word i skip=0
  local value_flags=' ${valueFlags(root).join(' ')} '
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$word" in
      --*=*) ;;
      -*) [[ "$value_flags" == *" $word "* ]] && skip=1 ;;
      *) [[ " $(_${root.name}_subcommands "$cmdpath") " == *" $word "* ]] && cmdpath="\${cmdpath:+$cmdpath }$word" ;;
    esac
  done
  case "$cmdpath|$prev" in
${values.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_${root.name}_options "$cmdpath")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_${root.name}_subcommands "$cmdpath") $(_${root.name}_argument_values "$cmdpath")" -- "$cur"))
  fi
}

complete -o default -F _${root.name} ${root.name}
`;
}

function flagsOf(options: readonly CompletionOption[]): string {
  return [...new Set(options.flatMap((o) => o.flags))].join(' ');
}

/** The case arm completing this option's value, for every spelling of it. */
function valueCase(pathPattern: string, option: CompletionOption): string[] {
  if (!option.value) return [];
  const pattern = option.flags.map((f) => (pathPattern === '*|' ? `*'|${f}'` : quote(`${pathPattern}${f}`))).join('|');
  switch (option.value.kind) {
    case 'choices':
      return [`    ${pattern}) COMPREPLY=($(compgen -W ${quote(option.value.choices.join(' '))} -- "$cur")); return ;;`];
    case 'path':
      return [`    ${pattern}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`];
    case 'free':
      return [`    ${pattern}) COMPREPLY=(); return ;;`];
  }
}

/** A single-quoted bash word. */
export function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
