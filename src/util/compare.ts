// One order for sorted output: code-unit order, the same on every machine. `localeCompare`
// follows the machine's locale (LANG), so the same trees listed or validated on two desks
// came out in two orders, and its first call sets up ICU's collator (about 10 ms).

/** Compares two strings by UTF-16 code units: a stable, locale-free order for output. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
