/** Ranges at least this long are walked as four interleaved quarters (see hasAnyLong). */
export const INTERLEAVE_MIN = 1024;

/**
 * All rule keywords in one Aho–Corasick automaton, compiled to a flat byte-indexed table: one pass over a
 * line, one table lookup per byte, whatever the number of keywords. ASCII case is folded. Works on raw bytes
 * so that a line with no keyword never has to be decoded to a string at all.
 */
export class KeywordAutomaton {
  /** next[state * 256 + byte] = next state * 256, negated (minus one) when that state ends a keyword. */
  private readonly next: Int32Array;
  /** For each state: the keyword indexes that end there (its own and those of its fail chain). */
  private readonly outputs: number[][];

  /** Length in bytes of the longest keyword. */
  private readonly longest: number;

  constructor(readonly words: readonly string[]) {
    this.longest = Math.max(1, ...words.map((w) => Buffer.byteLength(w, 'latin1')));
    const { table, outputs } = compile(words);
    this.outputs = outputs;
    this.next = table;
  }

  /** True when at least one keyword occurs in `buf[start, end)` (see hasAnyLong for long ranges). */
  hasAny(buf: Uint8Array, start: number, end: number): boolean {
    const next = this.next;
    let s = 0;
    for (let i = start; i < end; i++) {
      s = next[s + buf[i]!]!;
      if (s < 0) return true;
    }
    return false;
  }

  /**
   * `hasAny` for ranges of a kilobyte or more: four walks of the table over the four quarters of the range, advanced in one
   * loop. One walk is a chain of dependent loads (each state needs the one before); four independent chains
   * keep the CPU busy while each waits, which about doubles the bytes per second on minified lines. Each walk
   * runs on past its quarter by the longest keyword less one byte, so a keyword across a cut is still seen.
   */
  hasAnyLong(buf: Uint8Array, start: number, end: number): boolean {
    const next = this.next;
    const quarter = (end - start) >> 2;
    let i = start;
    let j = start + quarter;
    let k = j + quarter;
    let l = k + quarter;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (const stop = j; i < stop; i++, j++, k++, l++) {
      a = next[a + buf[i]!]!;
      b = next[b + buf[j]!]!;
      c = next[c + buf[k]!]!;
      d = next[d + buf[l]!]!;
      if ((a | b | c | d) < 0) return true;
    }
    const reach = this.longest - 1;
    return (
      this.walks(buf, i, Math.min(end, i + reach), a) ||
      this.walks(buf, j, Math.min(end, j + reach), b) ||
      this.walks(buf, k, Math.min(end, k + reach), c) ||
      this.walks(buf, l, end, d)
    );
  }

  /** Goes on from state `s` over `buf[from, to)`: true when a keyword ends there. */
  private walks(buf: Uint8Array, from: number, to: number, s: number): boolean {
    const next = this.next;
    for (let i = from; i < to; i++) {
      s = next[s + buf[i]!]!;
      if (s < 0) return true;
    }
    return false;
  }

  /** True when at least one keyword occurs in `text` (characters beyond one byte never belong to one). */
  hasAnyString(text: string): boolean {
    const next = this.next;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = next[s + (c < 256 ? c : 0)]!;
      if (s < 0) return true;
    }
    return false;
  }

  /** Calls `hit` with the index of every keyword occurrence in the bytes (a keyword may repeat). */
  scanBytes(buf: Uint8Array, start: number, end: number, hit: (word: number) => void): void {
    const next = this.next;
    let s = 0;
    for (let i = start; i < end; i++) {
      s = next[s + buf[i]!]!;
      if (s < 0) {
        s = -s - 1;
        for (const w of this.outputs[s >> 8]!) hit(w);
      }
    }
  }

  /** The same over a string; characters beyond one byte never belong to a keyword. */
  scanString(text: string, hit: (word: number) => void): void {
    const next = this.next;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = next[s + (c < 256 ? c : 0)]!;
      if (s < 0) {
        s = -s - 1;
        for (const w of this.outputs[s >> 8]!) hit(w);
      }
    }
  }
}

/**
 * Builds the trie in a flat table, then, breadth first, each state's fail link and its full row: the row
 * starts as a copy of its fail state's row (already final, being shallower), then its own edges go on top.
 * Entries are written already encoded, so rows copy as they are. Typed arrays and bulk copies only: this runs
 * at every start, before the first line can be scanned.
 */
function compile(words: readonly string[]): { table: Int32Array; outputs: number[][] } {
  const bytes = words.map((w) => Buffer.from(w.toLowerCase(), 'latin1'));
  const trie = new Int32Array((1 + bytes.reduce((n, b) => n + b.length, 0)) * 256); // 0: no edge (the root is no child)
  const edges: number[][] = [[]];
  const outputs: number[][] = [[]];
  bytes.forEach((word, index) => {
    let s = 0;
    for (let i = 0; i < word.length; i++) {
      const byte = word[i]!;
      let t = trie[s * 256 + byte]!;
      if (t === 0) {
        t = edges.length;
        trie[s * 256 + byte] = t;
        edges[s]!.push(byte);
        edges.push([]);
        outputs.push([]);
      }
      s = t;
    }
    outputs[s]!.push(index);
  });
  const table = new Int32Array(edges.length * 256);
  const fail = new Int32Array(edges.length);
  const encode = (t: number): number => (outputs[t]!.length > 0 ? -(t * 256) - 1 : t * 256);
  const order = [0];
  for (let head = 0; head < order.length; head++) {
    const s = order[head]!;
    const row = s * 256;
    if (s !== 0) table.copyWithin(row, fail[s]! * 256, fail[s]! * 256 + 256);
    const own = edges[s]!;
    for (let i = 0; i < own.length; i++) {
      const byte = own[i]!;
      const t = trie[row + byte]!;
      const via = s === 0 ? 0 : table[fail[s]! * 256 + byte]!;
      fail[t] = (via < 0 ? -via - 1 : via) >> 8;
      if (outputs[fail[t]!]!.length > 0) outputs[t] = [...outputs[t]!, ...outputs[fail[t]!]!];
      table[row + byte] = encode(t);
      if (byte >= 0x61 && byte <= 0x7a) table[row + byte - 0x20] = encode(t);
      order.push(t);
    }
  }
  return { table, outputs };
}
