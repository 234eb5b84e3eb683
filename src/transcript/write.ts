// Writes a session's transcripts next to its journal (`<dataDir>/exports/ID.md`, `.html`,
// `.json`): what the wizard's "export" key and scripted runs hand to the helpdesk.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SessionEvent } from '../session/events.js';
import { exportSession, type ExportFormat } from './render.js';
import type { TranscriptDeps } from './transcript.js';

export interface WriteOptions {
  /** The data directory; files go to its `exports` folder. */
  dataDir: string;
  /** @default ['md', 'html'] */
  formats?: readonly ExportFormat[];
  /** @default false */
  redact?: boolean;
}

/** Writes one file per format; resolves with their paths. */
export async function writeTranscripts(events: readonly SessionEvent[], deps: TranscriptDeps, opts: WriteOptions): Promise<string[]> {
  const start = events[0];
  if (start?.type !== 'start') throw new Error('a session log begins with its start');
  const dir = path.join(opts.dataDir, 'exports');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const files: string[] = [];
  for (const format of opts.formats ?? (['md', 'html'] as const)) {
    const file = path.join(dir, `${start.id}${opts.redact ? '.redacted' : ''}.${format}`);
    await fs.writeFile(file, exportSession(events, deps, { format, redact: opts.redact }), { mode: 0o600 });
    files.push(file);
  }
  return files;
}
