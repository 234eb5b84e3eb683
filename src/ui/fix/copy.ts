// "Copy the commands": OSC 52 to the terminal (most terminals and tmux put it on the
// clipboard; none say whether they did), and always a file too, whose path is shown.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fixCommands, osc52 } from './commands.js';
import type { StepView } from '../../session/view.js';

export interface CopyDeps {
  /** Writes raw bytes to the terminal. */
  writeTerminal: (data: string) => void;
  /** Folder for the commands file (the data folder, or the temporary folder). */
  dir: string;
  sessionId: string;
}

/** Copies a fix's commands; resolves with the file written, or rejects with why it could not be. */
export async function copyFixCommands(deps: CopyDeps, v: Extract<StepView, { kind: 'fix' }>): Promise<{ file: string; count: number }> {
  const c = fixCommands(v);
  if (c.count > 0) deps.writeTerminal(osc52(c.clipboard));
  const dir = path.join(deps.dir, 'commands');
  // Private like the journals beside it: commands name the organisation's hosts and users.
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${deps.sessionId}-${v.key.replace(/[^A-Za-z0-9_-]+/g, '-')}.txt`);
  await fs.writeFile(file, c.file, { encoding: 'utf8', mode: 0o600 });
  return { file, count: c.count };
}
