// How well search routes: a list of queries with the target each should reach, and the share
// that lands first (hits@1) or in the top three (hits@3). bench/routing.yaml holds the pack's
// cases; the bench script and the routing test both score them with this.
import { parse } from 'yaml';
import type { SearchIndex } from './search.js';

export interface RoutingCase {
  q: string;
  expect: string;
  kind?: string;
}

export interface RoutingReport {
  cases: number;
  hits1: number;
  hits3: number;
  /** Cases whose target was not first: where it ranked (0 = not in the results) and what was first. */
  misses: Array<RoutingCase & { rank: number; first?: string }>;
}

/** Reads a routing file: a YAML list of `{q, expect, kind}`. Throws on a malformed entry. */
export function parseRoutingCases(text: string): RoutingCase[] {
  const data: unknown = parse(text);
  if (!Array.isArray(data)) throw new Error('a routing file is a list of {q, expect} entries');
  return data.map((c, i) => {
    const entry = c as Partial<RoutingCase> | null;
    if (!entry || typeof entry.q !== 'string' || typeof entry.expect !== 'string') throw new Error(`entry ${i + 1} needs "q" and "expect" as text`);
    return { q: entry.q, expect: entry.expect, ...(typeof entry.kind === 'string' ? { kind: entry.kind } : {}) };
  });
}

/** Searches every case and counts where its target ranks. */
export function scoreRouting(index: SearchIndex, cases: RoutingCase[]): RoutingReport {
  const report: RoutingReport = { cases: cases.length, hits1: 0, hits3: 0, misses: [] };
  for (const c of cases) {
    const results = index.search(c.q, { limit: 10 });
    const rank = results.findIndex((r) => r.target === c.expect) + 1;
    if (rank === 1) report.hits1++;
    if (rank >= 1 && rank <= 3) report.hits3++;
    if (rank !== 1) report.misses.push({ ...c, rank, first: results[0]?.target });
  }
  return report;
}
