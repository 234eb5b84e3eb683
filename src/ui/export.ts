// "Export the transcript" from inside the wizard. The exporters belong to src/transcript;
// until one is there, the wizard says so and where the journal is, which holds everything.
import type { Session } from '../session/session.js';

/** Exports a session's transcript; resolves with the message to show. */
export type Exporter = (session: Session) => Promise<string>;

export function unavailableExporter(journalFile: (id: string) => string): Exporter {
  return async (session) => `Export is not available in this build yet. The session is journaled in ${journalFile(session.id)}.`;
}
