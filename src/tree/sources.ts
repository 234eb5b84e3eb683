// The sources registry (`sources.yaml` beside the trees): the documents fixes cite, by id, each
// with a title, an author or publisher, a year and a URL where one exists. A fix's `sources`
// entry written as an id (kebab-case) must name a registered source; other text is shown as is.
import type { Node } from 'yaml';
import type { DiagnosticBag } from './diagnostics.js';
import { decodeTreeBytes, parseYaml } from './parse.js';
import type { Source } from './types.js';

export type { Source };

export const SOURCES_FILE = 'sources.yaml';
export const SOURCE_KEYS = ['title', 'publisher', 'year', 'url'] as const;
/** A `sources` entry written like this is a registry id; anything else is free text. */
export const SOURCE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

export const isSourcesFile = (file: string) => /(^|[\\/])sources\.ya?ml$/.test(file);

/** Parses a registry file into `into` (a later file's id replaces an earlier one's). */
export function loadSources(file: string, bytes: Uint8Array, diag: DiagnosticBag, into: Map<string, Source>): void {
  const text = decodeTreeBytes(file, bytes, diag);
  if (text === undefined) return;
  const r = parseYaml(file, text, diag);
  if (!r || r.doc.contents === null) return;
  const top = r.entries(r.doc.contents as Node, 'a sources file');
  for (const e of top ?? []) {
    if (!SOURCE_ID.test(e.key)) r.report('BAD_ID', e.keyNode, `source id "${e.key}" is not kebab-case with a dash`, 'use lower-case words joined by dashes, like "ms-ashttp-451"');
    const fields = r.entries(e.value, `source "${e.key}"`);
    if (!fields) continue;
    r.checkKeys(fields, SOURCE_KEYS, `source "${e.key}"`);
    const get = (k: string) => {
      const f = fields.find((x) => x.key === k);
      if (!f && k !== 'url') r.report('MISSING_KEY', e.keyNode, `source "${e.key}" has no "${k}"`, `add "${k}: ..." (a source a person can follow has a title, a publisher and a year)`);
      return f ? r.str(f.value, k) : undefined;
    };
    const [title, publisher, year, url] = SOURCE_KEYS.map(get);
    if (title === undefined || publisher === undefined || year === undefined) continue;
    into.set(e.key, { id: e.key, title, publisher, year, ...(url !== undefined ? { url } : {}), pos: r.pos(e.keyNode) });
  }
}

/** How a source reads in a fix card and a transcript: title, publisher, year, URL. */
export function formatSource(s: Source): string {
  const end = (t: string) => (/[.?!]$/.test(t) ? t : `${t}.`);
  return `${end(s.title)} ${s.publisher}, ${end(s.year)}${s.url ? ` ${s.url}` : ''}`;
}

/** What a fix shows for one `sources` entry: the registered source, or the text as written. */
export function citeSource(entry: string, registry: ReadonlyMap<string, Source> | undefined): string {
  const s = registry?.get(entry);
  return s ? formatSource(s) : entry;
}
