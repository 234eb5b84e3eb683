// The scripts `eas-doctor completion SHELL` prints. Each asks `eas-doctor __complete -- WORDS`
// (complete.ts) for what to offer, so the commands, options, tree ids, probe ids and session
// ids always come from the installed version's declarations.

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# eas-doctor completion for bash. Load it with:
#   source <(eas-doctor completion bash)
# or keep it: eas-doctor completion bash > ~/.local/share/bash-completion/completions/eas-doctor
_eas_doctor() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" IFS=$'\\n'
  local -a reply
  reply=($(eas-doctor __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)) || return 0
  case "\${reply[0]}" in
    files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    dirs) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
    *) COMPREPLY=("\${reply[@]:1}") ;;
  esac
}
complete -F _eas_doctor eas-doctor
`;

const ZSH = `#compdef eas-doctor
# eas-doctor completion for zsh. Load it with (after compinit):
#   source <(eas-doctor completion zsh)
# or keep it as _eas-doctor in a folder of your $fpath.
_eas_doctor() {
  local -a reply
  reply=("\${(@f)$(eas-doctor __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  case "\${reply[1]}" in
    files) _files ;;
    dirs) _files -/ ;;
    *) (( \${#reply} > 1 )) && compadd -- "\${(@)reply[2,-1]}" ;;
  esac
}
compdef _eas_doctor eas-doctor
`;

const FISH = `# eas-doctor completion for fish. Load it with:
#   eas-doctor completion fish | source
# or keep it: eas-doctor completion fish > ~/.config/fish/completions/eas-doctor.fish
function __eas_doctor_complete
    set -l words (commandline -opc)[2..-1] (commandline -ct)
    set -l reply (eas-doctor __complete -- $words 2>/dev/null)
    switch "$reply[1]"
        case files
            __fish_complete_path (commandline -ct)
        case dirs
            __fish_complete_directories (commandline -ct)
        case '*'
            printf '%s\\n' $reply[2..-1]
    end
end
complete -c eas-doctor -f -a '(__eas_doctor_complete)'
`;

const POWERSHELL = `# eas-doctor completion for PowerShell. Load it with:
#   eas-doctor completion powershell | Out-String | Invoke-Expression
# or add that line to your $PROFILE.
Register-ArgumentCompleter -Native -CommandName eas-doctor -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
    if ($wordToComplete -eq '') { $words += '""' }
    $reply = @(eas-doctor __complete -- @words 2>$null)
    if ($reply.Count -eq 0) { return }
    switch ($reply[0]) {
        'files' { Get-ChildItem -Path "$wordToComplete*" | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_.Name, $_.Name, 'ProviderItem', $_.Name) } }
        'dirs' { Get-ChildItem -Directory -Path "$wordToComplete*" | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_.Name, $_.Name, 'ProviderContainer', $_.Name) } }
        default { $reply | Select-Object -Skip 1 | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) } }
    }
}
`;

/** The completion script for a shell. */
export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH, powershell: POWERSHELL }[shell];
}
