/**
 * A text kept as its lowercase form (what search matches) plus only the code units where the original differs,
 * instead of two full copies: with 100,000 messages in memory the second copy was as big as the text itself, while
 * prose and code differ from their lowercase in a few percent of their characters. A text whose lowercase has another
 * length (e.g. 'İ' becomes two code units), or that differs in many places, keeps its original instead.
 */
export class CasedText {
  private constructor(
    readonly lower: string,
    /** The original, when it is kept whole. */
    private readonly whole: string | undefined,
    /** Where the original differs from `lower`: three code units per place (index high, index low, original code unit). */
    private readonly diffs: string,
  ) {}

  static of(text: string): CasedText {
    const lower = text.toLowerCase();
    if (lower === text) return new CasedText(lower, undefined, '');
    if (lower.length !== text.length) return new CasedText(lower, text, '');
    // Past a sixth of the text differing, the differences would take about as much room as the original.
    const most = Math.floor(text.length / 6);
    const parts: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === lower.charCodeAt(i)) continue;
      if (parts.length / 3 >= most) return new CasedText(lower, text, '');
      parts.push(i >>> 16, i & 0xffff, code);
    }
    let diffs = '';
    // In chunks: String.fromCharCode takes its arguments on the stack.
    for (let i = 0; i < parts.length; i += 3 * 4096) diffs += String.fromCharCode(...parts.slice(i, i + 3 * 4096));
    return new CasedText(lower, undefined, diffs);
  }

  /** The original's length (what snippet bounds are measured against). */
  get length(): number {
    return this.whole?.length ?? this.lower.length;
  }

  /** The original text between start and end (0 ≤ start; bounds clamped to the text). */
  slice(start: number, end = this.length): string {
    if (this.whole !== undefined) return this.whole.slice(start, end);
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    if (!this.diffs) return this.lower.slice(from, to);
    let out = '';
    let copied = from;
    for (let d = 0; d < this.diffs.length; d += 3) {
      const at = this.diffs.charCodeAt(d) * 0x10000 + this.diffs.charCodeAt(d + 1);
      if (at < from) continue;
      if (at >= to) break;
      out += this.lower.slice(copied, at) + this.diffs[d + 2];
      copied = at + 1;
    }
    return out + this.lower.slice(copied, to);
  }

  original(): string {
    return this.slice(0);
  }
}
