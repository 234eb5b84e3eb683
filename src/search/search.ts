// One search over everything the trees say. Each tree is a document (its title, summary,
// symptoms and its start question), and so is every other question and fix, so a hit can
// start the walk at the node that handles what the user pasted (`tree#node`). MiniSearch
// (BM25 with field boosts, typo and prefix matching) does the ranking; terms.ts decides what
// a term is, so numbers never match inside other numbers and stop words never count.
import MiniSearch, { type Query, type SearchResult as RawResult } from 'minisearch';
import type { Tree, TreeNode } from '../tree/types.js';
import { baseForm, queryWords, termsOf, tokenize, type QueryWord } from './terms.js';
import { compareText } from '../util/compare.js';

/** Where a hit's words were found, strongest first. */
export const FIELDS = ['symptom', 'title', 'cause', 'label', 'text', 'id'] as const;
export type SearchField = (typeof FIELDS)[number];

/** How much a match in each field counts. */
const BOOST: Record<SearchField, number> = { symptom: 3, title: 2, cause: 1.5, label: 1, text: 0.5, id: 1 };
/**
 * How much more an exact code (`451`, `0x85010014`, `X-MS-Location`) counts than a word, when
 * it is rare in the pack; a code on most nodes (`ActiveSync`) counts as a word.
 */
const CODE_BOOST = 4;

/** A stem, a part of a compound or a bare hex counts less than the word as typed. */
const FORM_BOOST = 0.5;
/** A tree's start wins a tie with one of its questions: a general word should open the tree. */
const TREE_BOOST = 1.3;

/** One place a walk can start. */
export interface SearchResult {
  /** `tree` (its start) or `tree#node`. */
  target: string;
  tree: string;
  /** Undefined for a tree's start. */
  node?: string;
  kind: 'tree' | 'question' | 'fix';
  /** The tree's title, or the node's question or fix title. */
  title: string;
  treeTitle: string;
  score: number;
  /** The text that matched best, and which part of the tree it is. */
  matched: { field: SearchField; text: string };
}

interface Doc {
  id: string;
  /** Each symptom as the set of its words' base forms, to see a symptom pasted whole. */
  symptomWords?: Array<Set<string>>;
  /** The index terms of each text, per field, to find the text a hit matched. */
  textTerms?: Record<SearchField, Array<Set<string>>>;
  tree: string;
  node?: string;
  kind: SearchResult['kind'];
  title: string;
  treeTitle: string;
  texts: Record<SearchField, string[]>;
}

export interface SearchIndex {
  /** Ranked targets; an empty query lists every tree by title. */
  search(query: string, opts?: { limit?: number }): SearchResult[];
  /** Whether a target (`tree` or `tree#node`) can be found: a tree's start node is the tree. */
  has(target: string): boolean;
}

/** The base forms of a text's words (stem, or the word): what "the same words" means. */
function baseWords(text: string): Set<string> {
  return new Set(tokenize(text).flatMap((t) => baseForm(t) ?? []));
}

/**
 * A symptom the query says (nearly) whole, as a pasted message or log token does: the score
 * is multiplied by 1 + (share of the symptom said)² x (share of the query it covers), so 2
 * when the query is the symptom, and little for one word of a long message.
 */
function symptomBonus(doc: Doc, query: Set<string>): number {
  let best = 0;
  for (const words of doc.symptomWords ?? []) {
    const said = [...words].filter((w) => query.has(w)).length;
    if (said) best = Math.max(best, (said / words.size) ** 2 * (said / Math.max(1, query.size)));
  }
  return 1 + best;
}

/** A placeholder reads as what it stands for, as `eas-doctor list` shows it (`{{host}}` -> `<host>`). */
function plain(text: string): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g, '<$1>').replace(/\s+/g, ' ').trim();
}

function nodeTexts(node: TreeNode): Partial<Record<SearchField, string[]>> {
  if (node.kind === 'question') return { symptom: node.symptoms, title: [node.question], label: node.answers.map((a) => a.label), text: node.help ? [node.help] : [] };
  if (node.kind === 'fix') return { symptom: node.symptoms, title: [node.title], cause: node.cause ? [node.cause] : [], text: [node.why] };
  return {};
}

function docsOf(tree: Tree): Doc[] {
  const empty = (): Record<SearchField, string[]> => ({ symptom: [], title: [], cause: [], label: [], text: [], id: [] });
  const start = tree.nodes[tree.start];
  const own = start ? nodeTexts(start) : {};
  const treeDoc: Doc = { id: tree.id, tree: tree.id, kind: 'tree', title: tree.title, treeTitle: tree.title, texts: empty() };
  const t = treeDoc.texts;
  t.symptom.push(...tree.symptoms, ...(own.symptom ?? []));
  t.title.push(tree.title);
  t.label.push(...(own.label ?? []));
  t.text.push(...(tree.summary ? [tree.summary] : []), ...(own.title ?? []), ...(own.text ?? []));
  t.id.push(tree.id);
  const docs = [treeDoc];
  for (const node of Object.values(tree.nodes)) {
    if (node.id === tree.start || node.kind === 'escalate') continue;
    const texts = { ...empty(), ...nodeTexts(node) };
    docs.push({ id: `${tree.id}#${node.id}`, tree: tree.id, node: node.id, kind: node.kind, title: plain(texts.title[0] ?? node.id), treeTitle: tree.title, texts });
  }
  return docs;
}

/** The line of a field that shows why a hit matched; long texts are cut around the match. */
function shownText(field: SearchField, text: string, terms: Set<string>): string {
  const clean = plain(text);
  if (field !== 'text' || clean.length <= 80) return clean;
  const at = tokenize(clean).find((tok) => termsOf(tok).some((x) => terms.has(x)));
  const i = at ? Math.max(0, clean.indexOf(at) - 30) : 0;
  const cut = clean.slice(i, i + 80);
  return `${i > 0 ? '…' : ''}${cut}${i + 80 < clean.length ? '…' : ''}`;
}

/** The text that holds the most matched terms, in the strongest field. */
function matchedText(doc: Doc, raw: RawResult): SearchResult['matched'] {
  const byField = new Map<SearchField, Set<string>>();
  for (const [term, fields] of Object.entries(raw.match)) for (const f of fields as SearchField[]) byField.set(f, (byField.get(f) ?? new Set()).add(term));
  let best: { field: SearchField; text: string; terms: Set<string>; weight: number } | undefined;
  for (const field of FIELDS) {
    const terms = byField.get(field);
    if (!terms) continue;
    doc.texts[field].forEach((text, i) => {
      const has = doc.textTerms![field][i]!;
      // Words, not forms: "connection" and its stem "connect" are one word matched.
      const count = new Set([...terms].filter((x) => has.has(x)).map((x) => baseForm(x) ?? x)).size;
      const weight = count * BOOST[field];
      if (count && (!best || weight > best.weight)) best = { field, text, terms, weight };
    });
  }
  return best ? { field: best.field, text: shownText(best.field, best.text, best.terms) } : { field: 'title', text: doc.title };
}

/** The query as MiniSearch sees it: one sub-query per word, each with its own prefix and typo rules. */
function toQuery(words: QueryWord[], typing: boolean, df: ReadonlyMap<string, number>, rarity: (term: string) => number): Query {
  return {
    combineWith: 'OR',
    queries: words.map((w, i) => {
      const last = i === words.length - 1 && typing;
      const alpha = /^\p{L}+$/u.test(w.term);
      // A number never matches inside another number (401 is not 401.2); a long hex code
      // may still be completed while it is typed.
      // A word the pack holds as it is needs no guessing; an unknown one may be cut short
      // ("cert") or misspelt ("certifcate"). Guessing only then also keeps long pastes fast.
      const known = df.has(w.term);
      const prefix = alpha ? last || (!known && w.term.length >= 4) : last && /^0x[0-9a-f]{4,}$/.test(w.term);
      const fuzzy = alpha && !known && w.term.length >= 4 ? (w.term.length >= 10 ? 2 : 1) : false;
      const boost = w.code ? 1 + (CODE_BOOST - 1) * rarity(w.term) : 1;
      return {
        queries: w.terms,
        combineWith: 'OR',
        tokenize: (s: string) => [s],
        processTerm: (s: string) => s,
        prefix: (term: string) => prefix && term === w.term,
        fuzzy: (term: string) => (term === w.term ? fuzzy : false),
        boostTerm: (term: string) => (term !== w.term ? FORM_BOOST : boost),
      };
    }),
  };
}

/**
 * The index over a set of trees. Cheap to make: the words are indexed at the first search
 * that has any (tens of milliseconds for the shipped pack), so the start screen shows at once.
 */
export function buildSearchIndex(trees: Iterable<Tree>): SearchIndex {
  const all = [...trees];
  const docs = new Map<string, Doc>();
  for (const tree of all) for (const d of docsOf(tree)) docs.set(d.id, d);
  const byTitle = all.map((t) => docs.get(t.id)!).sort((a, b) => compareText(a.title, b.title));
  let words: WordIndex | undefined;

  return {
    has: (target) => docs.has(target),
    search(query, opts = {}) {
      const limit = (list: SearchResult[]) => (opts.limit === undefined ? list : list.slice(0, opts.limit));
      const asked = queryWords(query);
      if (!asked.length) return limit(byTitle.map((d) => ({ ...result(d, 0), matched: { field: 'text', text: plain(d.texts.text[0] ?? '') } })));
      words ??= indexWords(docs);
      return words.search(query, asked, opts.limit);
    },
  };
}

interface WordIndex {
  search(query: string, words: QueryWord[], limit?: number): SearchResult[];
}

function indexWords(docs: Map<string, Doc>): WordIndex {
  // In how many documents each term stands: a code is exact only where it is rare.
  const df = new Map<string, number>();
  for (const d of docs.values()) {
    d.symptomWords = d.texts.symptom.map(baseWords);
    d.textTerms = Object.fromEntries(FIELDS.map((f) => [f, d.texts[f].map((t) => new Set(tokenize(t).flatMap(termsOf)))])) as Record<SearchField, Array<Set<string>>>;
    const terms = new Set(FIELDS.flatMap((f) => d.textTerms![f].flatMap((x) => [...x])));
    for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const rarity = (term: string) => (1 - (df.get(term) ?? 0) / docs.size) ** 4;
  const mini = new MiniSearch<Doc>({
    fields: [...FIELDS],
    extractField: (doc, field) => (field === 'id' ? doc.id : doc.texts[field as SearchField].join('\n')),
    tokenize,
    processTerm: termsOf,
    searchOptions: { boost: BOOST, weights: { fuzzy: 0.4, prefix: 0.5 } },
  });
  mini.addAll([...docs.values()]);

  return {
    search(query, words, limit) {
      const typing = !/\s$/.test(query);
      const said = baseWords(query);
      const hits: Array<{ doc: Doc; raw: RawResult; score: number }> = [];
      for (const raw of mini.search(toQuery(words, typing, df, rarity))) {
        const doc = docs.get(raw.id as string)!;
        const found = new Set(raw.queryTerms);
        const matchedWords = words.filter((w) => w.terms.some((x) => found.has(x))).length;
        // MiniSearch multiplies by the number of terms found, which favours a node that shares
        // many common words with a pasted line over the one that holds its rare token; here a
        // word's stem and parts are one word, and the sum is weighted by the share of words found.
        const base = (raw.score / Math.max(1, raw.queryTerms.length)) * (doc.kind === 'tree' ? TREE_BOOST : 1);
        const score = base * (matchedWords / words.length) * symptomBonus(doc, said);
        hits.push({ doc, raw, score });
      }
      hits.sort((a, b) => b.score - a.score || compareText(a.doc.id, b.doc.id));
      // Only the hits shown say what matched: finding the text costs more than ranking.
      return (limit === undefined ? hits : hits.slice(0, limit)).map((h) => ({ ...result(h.doc, h.score), matched: matchedText(h.doc, h.raw) }));
    },
  };
}

function result(doc: Doc, score: number): Omit<SearchResult, 'matched'> {
  return { target: doc.id, tree: doc.tree, ...(doc.node ? { node: doc.node } : {}), kind: doc.kind, title: doc.title, treeTitle: doc.treeTitle, score: Math.round(score * 100) / 100 };
}
