// One entry for every export format: events -> transcript -> (redacted) -> text.
import type { SessionEvent } from '../session/events.js';
import { toHtml } from './html.js';
import { toJson } from './json.js';
import { toMarkdown } from './markdown.js';
import { redactTranscript } from './redact.js';
import { buildTranscript, type Transcript, type TranscriptDeps } from './transcript.js';

export const EXPORT_FORMATS = ['md', 'json', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Renders a transcript in a format. For Markdown and HTML, build it with `markValues` (as
 * exportSession does), or typed values in the author's text are taken for author text.
 */
export function renderTranscript(t: Transcript, format: ExportFormat): string {
  switch (format) {
    case 'md':
      return toMarkdown(t);
    case 'json':
      return toJson(t);
    case 'html':
      return toHtml(t);
  }
}

/** A session's events as an export, masked first when `redact` is set. */
export function exportSession(events: readonly SessionEvent[], deps: TranscriptDeps, opts: { format: ExportFormat; redact?: boolean }): string {
  // Markdown and HTML escape typed values inside the author's text: they need to know where they stand.
  const t = buildTranscript(events, deps, { markValues: opts.format !== 'json' });
  return renderTranscript(opts.redact ? redactTranscript(t) : t, opts.format);
}
