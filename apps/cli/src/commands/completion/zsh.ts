/**
 * The zsh completion script, made from the command tree: the same walk as bash's (command path
 * typed so far, option values skipped), with each command and option described as zsh shows them.
 * Works from a file in $fpath (`_godwit`) or when sourced.
 */
import { quote } from './bash.js';
import { allCommands, type CompletionCommand, type CompletionOption, oneLine, valueFlags } from './tree.js';

export function zshScript(root: CompletionCommand): string {
  const name = root.name;
  const commands = [root, ...allCommands(root)];
  const subcommands = commands
    .filter((c) => c.commands.length > 0)
    .map((c) => `    ${quote(c.path)}) described=(${c.commands.map((s) => quote(`${s.name.replace(/:/g, '\\:')}:${oneLine(s.description)}`)).join(' ')}) ;;`);
  const options = commands.map((c) => {
    const all = c.path === '' ? c.options : [...c.options, ...root.options];
    return `    ${quote(c.path)}) described=(${described(all).join(' ')}) ;;`;
  });
  const values = [
    ...allCommands(root).flatMap((c) => c.options.flatMap((o) => valueCase(`${c.path}|`, o))),
    ...root.options.flatMap((o) => valueCase('*|', o)),
  ];
  const choices = allCommands(root)
    .filter((c) => c.argumentChoices.length > 0)
    .map((c) => `      ${quote(c.path)}) compadd -- ${c.argumentChoices.map(quote).join(' ')} ;;`);
  const pathTaking = allCommands(root).filter((c) => c.takesPath).map((c) => quote(c.path));
  return `#compdef ${name}
# zsh completion for ${name}, made from its own commands and options.
# Install it:  ${name} completion zsh > "\${fpath[1]}/_${name}"   (then restart zsh)
# or load it:  source <(${name} completion zsh)   (after compinit)

_${name}_subcommands() {
  case "$1" in
${subcommands.join('\n')}
    *) described=() ;;
  esac
}

_${name}_options() {
  case "$1" in
${options.join('\n')}
    *) described=() ;;
  esac
}

_${name}() {
  local cmdpath="" word i skip=0
  local -a described
  local value_flags=' ${valueFlags(root).join(' ')} '
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$word" in
      --*=*) ;;
      -*) [[ "$value_flags" == *" $word "* ]] && skip=1 ;;
      *)
        _${name}_subcommands "$cmdpath"
        (( \${described[(I)\${word}:*]} )) && cmdpath="\${cmdpath:+$cmdpath }$word"
        ;;
    esac
  done
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}"
  case "$cmdpath|$prev" in
${values.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    _${name}_options "$cmdpath"
    _describe -t options option described
    return
  fi
  _${name}_subcommands "$cmdpath"
  if (( \${#described} )); then
    _describe -t commands command described
  else
    case "$cmdpath" in
${choices.join('\n')}
      ${pathTaking.length > 0 ? `${pathTaking.join('|')}) _files ;;` : ''}
    esac
  fi
}

if [[ "\${funcstack[1]}" == "_${name}" ]]; then
  _${name} "$@"
else
  compdef _${name} ${name}
fi
`;
}

/** `'--dir:migrations folder'` entries for _describe (every spelling of each option). */
function described(options: readonly CompletionOption[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const o of options) {
    for (const f of o.flags) {
      if (seen.has(f)) continue;
      seen.add(f);
      out.push(quote(`${f}:${oneLine(o.description)}`));
    }
  }
  return out;
}

function valueCase(pathPattern: string, option: CompletionOption): string[] {
  if (!option.value) return [];
  const pattern = option.flags.map((f) => (pathPattern === '*|' ? `*'|${f}'` : quote(`${pathPattern}${f}`))).join('|');
  switch (option.value.kind) {
    case 'choices':
      return [`    ${pattern}) compadd -- ${option.value.choices.map(quote).join(' ')}; return ;;`];
    case 'path':
      return [`    ${pattern}) _files; return ;;`];
    case 'free':
      return [`    ${pattern}) _message ${quote(oneLine(option.description))}; return ;;`];
  }
}
