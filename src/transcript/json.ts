// The transcript as JSON, under its versioned schema (schema/transcript.schema.json).
import { safeJson } from '../util/safe-text.js';
import { TRANSCRIPT_FORMAT, type Transcript } from './model.js';

/** Where the schema is published; editors and validators follow `$schema`. */
export const TRANSCRIPT_SCHEMA_URL = 'https://github.com/eas-doctor/eas-doctor/schema/transcript.schema.json';

/** The transcript as JSON: every string exactly, with DEL, C1 and bidi controls escaped too (`\u202e`). */
export function toJson(t: Transcript): string {
  return safeJson({ $schema: TRANSCRIPT_SCHEMA_URL, ...t }) + '\n';
}

/** Thrown for a file that is not a transcript this version reads; the message says why. */
export class TranscriptFormatError extends Error {
  override name = 'TranscriptFormatError';
}

/** Reads a JSON transcript back, checking the parts replay relies on. */
export function parseTranscript(text: string, file: string): Transcript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new TranscriptFormatError(`${file} is not JSON (${(err as Error).message}); export one with "eas-doctor export ID --format json"`);
  }
  const t = data as Partial<Transcript> | null;
  // Version 1 transcripts were first written with "eas-doctor/transcript"; both read the same.
  if (!t || typeof t !== 'object' || (t.format !== TRANSCRIPT_FORMAT && (t.format as unknown) !== 'eas-doctor/transcript')) {
    throw new TranscriptFormatError(`${file} is not an eas-doctor transcript (its "format" must be "${TRANSCRIPT_FORMAT}"); export one with "eas-doctor export ID --format json"`);
  }
  if (t.version !== 1) throw new TranscriptFormatError(`${file} is transcript version ${String(t.version)}; this eas-doctor reads version 1`);
  const problems: string[] = [];
  if (!t.start || typeof t.start.tree !== 'string' || typeof t.start.node !== 'string') problems.push('"start" needs "tree" and "node"');
  if (!Array.isArray(t.steps)) problems.push('"steps" must be a list');
  if (!Array.isArray(t.inputs)) problems.push('"inputs" must be a list');
  if (!t.outcome || typeof t.outcome.status !== 'string') problems.push('"outcome" needs a "status"');
  if (problems.length) throw new TranscriptFormatError(`${file}: ${problems.join('; ')}`);
  return t as Transcript;
}
