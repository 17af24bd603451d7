/**
 * The fish completion script, made from the command tree. `__godwit_path` prints the command path
 * typed so far (option values skipped), and every completion is conditioned on it (`__godwit_at`), so `godwit
 * backup create` and `godwit create` get their own options.
 */
import { quote } from './bash.js';
import { allCommands, type CompletionCommand, type CompletionOption, oneLine, valueFlags } from './tree.js';

export function fishScript(root: CompletionCommand): string {
  const name = root.name;
  const commands = [root, ...allCommands(root)];
  const fn = `__${name}_path`;
  const subcommandCases = commands
    .filter((c) => c.commands.length > 0)
    .map((c) => `        case ${quote(c.path)}\n            printf '%s\\n' ${c.commands.map((s) => quote(s.name)).join(' ')}`);
  const lines: string[] = [];
  for (const c of commands) {
    const when = `-n ${quote(`__${name}_at ${quote(c.path)}`)}`;
    for (const sub of c.commands) lines.push(`complete -c ${name} ${when} -a ${quote(sub.name)} -d ${quote(oneLine(sub.description))}`);
    // The program's options are accepted after any command: no condition for them.
    for (const o of c.options) lines.push(`complete -c ${name} ${c === root ? '' : `${when} `}${optionArgs(o)}`.replace(/ {2,}/g, ' '));
    if (c.takesPath) lines.push(`complete -c ${name} ${when} -F`);
    if (c.argumentChoices.length > 0) lines.push(`complete -c ${name} ${when} -a ${quote(c.argumentChoices.join(' '))}`);
  }
  return `# fish completion for ${name}, made from its own commands and options.
# Install it:  ${name} completion fish > ~/.config/fish/completions/${name}.fish
# or load it:  ${name} completion fish | source

function __${name}_subcommands
    switch "$argv[1]"
${subcommandCases.join('\n')}
    end
end

function ${fn}
    set -l value_flags ${valueFlags(root).map(quote).join(' ')}
    set -l words (commandline -opc)
    set -e words[1]
    set -l cmdpath ''
    set -l skip 0
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $word
            case '--*=*'
            case '-*'
                contains -- $word $value_flags; and set skip 1
            case '*'
                if contains -- $word (__${name}_subcommands "$cmdpath")
                    set cmdpath (string trim -- "$cmdpath $word")
                end
        end
    end
    echo $cmdpath
end

# true when the command path typed so far is exactly $argv[1]
function __${name}_at
    set -l typed (${fn})
    test "$typed" = "$argv[1]"
end

complete -c ${name} -f
${lines.join('\n')}
`;
}

function optionArgs(o: CompletionOption): string {
  const parts: string[] = [];
  for (const f of o.flags) parts.push(f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`);
  if (o.value?.kind === 'choices') parts.push(`-x -a ${quote(o.value.choices.join(' '))}`);
  else if (o.value?.kind === 'path') parts.push('-r -F');
  else if (o.value) parts.push('-x');
  parts.push(`-d ${quote(oneLine(o.description))}`);
  return parts.join(' ');
}
