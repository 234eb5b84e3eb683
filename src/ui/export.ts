// "Export the transcript" from inside the wizard: Markdown and HTML next to the journal
// (`DATA_DIR/exports/ID.md`, `.html`), by the transcript writer, loaded when first used.
import type { CompiledTrees } from '../compile/compile.js';
import type { ProbeDescriptor } from '../probes/types.js';
import type { Session } from '../session/session.js';

/** Exports a session's transcript; resolves with the message to show. */
export type Exporter = (session: Session) => Promise<string>;

export function transcriptExporter(deps: { compiled: CompiledTrees; catalog: ReadonlyMap<string, ProbeDescriptor>; dataDir: string }): Exporter {
  return async (session) => {
    const { writeTranscripts } = await import('../transcript/write.js');
    const files = await writeTranscripts(session.history(), { compiled: deps.compiled, catalog: deps.catalog }, { dataDir: deps.dataDir });
    return `Transcript written: ${files.join(', ')}`;
  };
}
