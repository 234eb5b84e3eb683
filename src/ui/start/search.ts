// Fuzzy search over trees: titles, symptoms and summaries. Every typed word must land
// somewhere (as a substring, a word prefix, a near-miss spelling or, weakest, a subsequence);
// titles and symptoms weigh more than summaries. Pure, so it is tested as a table.
import type { Tree } from '../../tree/types.js';
import { editDistance } from '../../util/suggest.js';

/** One hit: the tree and the line that matched best, to show why it is listed. */
export interface SearchHit {
  tree: Pick<Tree, 'id' | 'title' | 'summary' | 'symptoms'>;
  score: number;
  /** The symptom, title or summary that matched best. */
  match: string;
  field: 'title' | 'symptom' | 'summary' | 'id';
}

const WEIGHT = { title: 3, symptom: 3, summary: 1, id: 2 } as const;

const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/** How well one typed word fits a text: 0 (not at all) to 1. */
export function wordScore(token: string, text: string): number {
  const lower = text.toLowerCase();
  const ws = words(text);
  if (ws.includes(token)) return 1;
  if (ws.some((w) => w.startsWith(token))) return 0.9;
  if (token.length >= 3 && lower.includes(token)) return 0.8;
  if (token.length >= 4) {
    const allowed = token.length >= 7 ? 2 : 1;
    if (ws.some((w) => editDistance(token, w.slice(0, token.length + 1)) <= allowed || editDistance(token, w) <= allowed)) return 0.6;
  }
  // A subsequence only within one word: across a whole summary almost anything matches.
  if (token.length >= 3 && ws.some((w) => w.length <= token.length * 2 && isSubsequence(token, w))) return 0.25;
  return 0;
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const ch of hay) if (ch === needle[i]) i++;
  return i === needle.length;
}

/** Trees ranked for the query; an empty query lists every tree by title. */
export function searchTrees(trees: Iterable<SearchHit['tree']>, query: string): SearchHit[] {
  const tokens = words(query);
  const hits: SearchHit[] = [];
  for (const tree of trees) {
    if (!tokens.length) {
      hits.push({ tree, score: 0, match: tree.summary, field: 'summary' });
      continue;
    }
    const fields: Array<{ field: SearchHit['field']; text: string }> = [
      { field: 'title', text: tree.title },
      { field: 'id', text: tree.id },
      ...tree.symptoms.map((text) => ({ field: 'symptom' as const, text })),
      { field: 'summary', text: tree.summary },
    ];
    let total = 0;
    let missed = false;
    for (const t of tokens) {
      const best = Math.max(...fields.map((f) => wordScore(t, f.text) * WEIGHT[f.field]));
      if (best === 0) missed = true;
      total += best;
    }
    if (missed) continue;
    // The line to show: the field that fits the whole query best (title when tied).
    let shown = fields[0]!;
    let shownScore = -1;
    for (const f of fields) {
      const s = tokens.reduce((sum, t) => sum + wordScore(t, f.text), 0) * (f.field === 'summary' ? 0.9 : 1);
      if (s > shownScore) {
        shown = f;
        shownScore = s;
      }
    }
    hits.push({ tree, score: total, match: shown.text, field: shown.field });
  }
  return hits.sort((a, b) => b.score - a.score || a.tree.title.localeCompare(b.tree.title));
}
