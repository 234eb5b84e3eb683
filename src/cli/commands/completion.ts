// `eas-doctor completion SHELL`: prints the shell's completion script.
import { SHELLS, completionScript, type Shell } from '../completion-scripts.js';
import { UsageError, type CliIO, type Command, type CommandInput } from '../io.js';
import { suggest } from '../../util/suggest.js';

export const command: Command<object> = {
  async run({ args }: CommandInput<object>, io: CliIO): Promise<number> {
    const [shell, ...extra] = args;
    if (!shell || extra.length) throw new UsageError(`name one shell: ${SHELLS.join(', ')} (e.g. "eas-doctor completion bash")`);
    if (!(SHELLS as readonly string[]).includes(shell)) {
      const hint = suggest(shell, SHELLS);
      throw new UsageError(`no completion for "${shell}"${hint ? `; did you mean "${hint}"?` : ''} Shells: ${SHELLS.join(', ')}`);
    }
    io.stdout.write(completionScript(shell as Shell));
    return 0;
  },
};
