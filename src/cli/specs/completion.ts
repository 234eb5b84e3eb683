import type { CommandSpec } from './types.js';

export const completion: CommandSpec = {
  name: 'completion',
  summary: 'print the shell completion script for bash, zsh, fish or PowerShell',
  usage: 'bash|zsh|fish|powershell',
  description:
    'Prints a script that completes commands, options, tree ids, probe ids and session ids as you type. It asks the installed eas-doctor each time, so it stays right after an upgrade and sees the trees of --trees folders typed on the line.',
  args: [{ name: 'shell', doc: 'bash, zsh, fish or powershell', complete: 'none' }],
  options: [],
  examples: [
    'eas-doctor completion fish > ~/.config/fish/completions/eas-doctor.fish',
    'source <(eas-doctor completion bash)   # in ~/.bashrc',
    'source <(eas-doctor completion zsh)    # in ~/.zshrc, after compinit',
    'eas-doctor completion powershell | Out-String | Invoke-Expression   # in $PROFILE',
  ],
  load: () => import('../commands/completion.js'),
};
