// Finds a needle in successive ranges of one text with a single forward scan. indexOf has no
// end bound: searching each line from its start for something most lines lack would scan the
// rest of the chunk every time. A cursor remembers the next occurrence instead.

/** A forward-only search for one needle over increasing ranges of one text. */
export class Cursor {
  private text = '';
  private from = 0;
  private next = -1;

  constructor(private readonly needle: string) {}

  /** The first occurrence in text[s..e) (whole needle inside), or -1. Ranges must not go backwards. */
  find(text: string, s: number, e: number): number {
    if (text !== this.text || s < this.from || (this.next >= 0 && this.next < s)) {
      this.text = text;
      this.from = s;
      this.next = text.indexOf(this.needle, s);
    }
    const at = this.next;
    return at >= s && at + this.needle.length <= e ? at : -1;
  }
}
