// Words -> index terms. What a helpdesk pastes is full of tokens that must stay whole
// (`401.2`, `0x85010014`, `X-MS-Location`, `DeviceNotProvisioned`) and of sentence words
// that only count in their stem ("provisioned" = "provisioning"). Both sides, the trees and
// the query, go through the same functions, so a token matches only a token.
import { stemmer } from 'stemmer';

/**
 * A run of letters and digits, with `.` and `-` kept inside it (`401.2`, `X-MS-Location`).
 * `_` separates: IIS joins its Log= fields with it (`Error:DeviceNotProvisioned_As:BlockedP`).
 */
const TOKEN = /[\p{L}\p{N}]+(?:[.-][\p{L}\p{N}]+)*/gu;

/** Words that say nothing about the problem; a pasted sentence is mostly these. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about after again all also am an and any are as at be been before being both but by can cannot could ' +
    'did do does doing done for from get gets got had has have having he her here his how i if in into is it its ' +
    "itself just me more most my no nor not now of on once only or other our out over own please same she should so " +
    'some such than that the their them then there these they this those through to too under until up very was we ' +
    'were what when where which while who why will with would you your yours keeps keep still says said see seen shows ' +
    'shown e.g etc'
  ).split(' '),
);

/** The tokens of a text, as written (case kept: camel case is split later). */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** A token made of digits (and dots, for IIS sub-status codes like 401.2) or a hex code. */
export function isNumberToken(token: string): boolean {
  return /^\d+(?:\.\d+)*$/.test(token) || /^0x[0-9a-f]+$/i.test(token);
}

/**
 * A token that names one thing exactly: it holds a digit, or joins parts with `-` `.` `_`,
 * or is written in camel case. Such tokens weigh more than words when they match.
 */
export function isCodeToken(token: string): boolean {
  // A year names an Exchange version ("Exchange 2007"): a word, said on many nodes.
  if (/^(19|20)\d\d$/.test(token)) return false;
  // Camel case is an identifier (DeviceNotProvisioned), not a brand written with a small first letter (iPhone, iOS).
  return /\d/.test(token) || /[.-]/.test(token) || /[a-z]{2}[A-Z]/.test(token) || /^[A-Z]{2,}[a-z]/.test(token);
}

/** The parts of a compound token: `X-MS-Location` -> x, ms, location; `DeviceNotProvisioned` -> device, not, provisioned. */
function parts(token: string): string[] {
  if (isNumberToken(token)) return [];
  const pieces = token.split(/[.-]+/).flatMap((p) => p.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/));
  return pieces.length > 1 ? pieces.map((p) => p.toLowerCase()) : [];
}

/** The stem of a plain word, or undefined when it has none of its own. */
function stem(word: string): string | undefined {
  if (!/^[a-z]{4,}$/.test(word)) return undefined;
  const s = stemmer(word);
  return s !== word ? s : undefined;
}

/**
 * The index terms of one token: the token itself (lower case), the bare hex of a `0x` code,
 * the parts of a compound, and the stems of words. Stop words give nothing.
 */
export function termsOf(token: string): string[] {
  let terms = known.get(token);
  if (!terms) {
    terms = computeTerms(token);
    if (known.size > 50_000) known.clear();
    known.set(token, terms);
  }
  return terms;
}

/** Tokens repeat across a pack and across keystrokes: their terms are worked out once. */
const known = new Map<string, string[]>();

function computeTerms(token: string): string[] {
  const lower = token.toLowerCase();
  if (STOP_WORDS.has(lower)) return [];
  const out = new Set<string>([lower]);
  if (/^0x[0-9a-f]+$/.test(lower)) out.add(lower.slice(2));
  for (const p of [lower, ...parts(token)]) {
    if (STOP_WORDS.has(p)) continue;
    out.add(p);
    const s = stem(p);
    if (s) out.add(s);
  }
  return [...out];
}

/** A token's base form: a word's stem, a code as it is (lower case); undefined for a stop word. */
export function baseForm(token: string): string | undefined {
  const lower = token.toLowerCase();
  if (STOP_WORDS.has(lower)) return undefined;
  return stem(lower) ?? lower;
}

/** One word of a query, with the terms it may match and how. */
export interface QueryWord {
  /** As typed. */
  text: string;
  /** The word's own term (lower case): the only one that may match by prefix or by a typo. */
  term: string;
  /** Every term that counts as this word: itself, its stem, its parts. */
  terms: string[];
  code: boolean;
  number: boolean;
}

/** The words of a query that can match anything: stop words dropped, each word once. */
export function queryWords(query: string): QueryWord[] {
  const seen = new Set<string>();
  const words: QueryWord[] = [];
  for (const text of tokenize(query)) {
    const terms = termsOf(text);
    const term = text.toLowerCase();
    if (!terms.length || seen.has(term)) continue;
    seen.add(term);
    words.push({ text, term, terms, code: isCodeToken(text), number: isNumberToken(text) });
  }
  return words;
}
