/** Ranges at least this long are walked as four interleaved quarters (see hasAnyInterleaved). */
const INTERLEAVE_MIN = 1024;

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
    const { goto, fail, outputs } = buildTrie(words);
    this.outputs = outputs;
    this.next = compileTable(goto, fail, outputs);
  }

  /** True when at least one keyword occurs in `buf[start, end)`. */
  hasAny(buf: Uint8Array, start: number, end: number): boolean {
    if (end - start >= INTERLEAVE_MIN) return this.hasAnyInterleaved(buf, start, end);
    const next = this.next;
    let s = 0;
    for (let i = start; i < end; i++) {
      s = next[s + buf[i]!]!;
      if (s < 0) return true;
    }
    return false;
  }

  /**
   * `hasAny` for long ranges: four walks of the table over the four quarters of the range, advanced in one
   * loop. One walk is a chain of dependent loads (each state needs the one before); four independent chains
   * keep the CPU busy while each waits, which about doubles the bytes per second on minified lines. Each walk
   * runs on past its quarter by the longest keyword less one byte, so a keyword across a cut is still seen.
   */
  private hasAnyInterleaved(buf: Uint8Array, start: number, end: number): boolean {
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

interface Trie {
  goto: Array<Map<number, number>>;
  fail: number[];
  outputs: number[][];
}

function buildTrie(words: readonly string[]): Trie {
  const goto: Array<Map<number, number>> = [new Map()];
  const outputs: number[][] = [[]];
  words.forEach((word, index) => {
    let s = 0;
    for (const byte of Buffer.from(word.toLowerCase(), 'latin1')) {
      let t = goto[s]!.get(byte);
      if (t === undefined) {
        t = goto.length;
        goto.push(new Map());
        outputs.push([]);
        goto[s]!.set(byte, t);
      }
      s = t;
    }
    outputs[s]!.push(index);
  });
  const fail = new Array<number>(goto.length).fill(0);
  const queue = [...goto[0]!.values()];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    for (const [byte, t] of goto[s]!) {
      let f = fail[s]!;
      while (f !== 0 && !goto[f]!.has(byte)) f = fail[f]!;
      const target = goto[f]!.get(byte);
      fail[t] = target !== undefined && target !== t ? target : 0;
      outputs[t] = [...outputs[t]!, ...outputs[fail[t]!]!];
      queue.push(t);
    }
  }
  return { goto, fail, outputs };
}

/**
 * Expands the trie and its fail links into a full transition table over all 256 byte values: in breadth-first
 * order each state's row starts as a copy of its fail state's row (already final), then its own edges go on
 * top. Entries are written already encoded, so rows copy as they are (cold start-up code: bulk copies, no
 * loop over every entry).
 */
function compileTable(goto: Trie['goto'], fail: number[], outputs: number[][]): Int32Array {
  const table = new Int32Array(goto.length * 256);
  const encode = (t: number): number => (outputs[t]!.length > 0 ? -(t * 256) - 1 : t * 256);
  for (const s of breadthFirst(goto)) {
    const row = s * 256;
    if (s !== 0) table.copyWithin(row, fail[s]! * 256, fail[s]! * 256 + 256);
    for (const [byte, t] of goto[s]!) {
      table[row + byte] = encode(t);
      if (byte >= 0x61 && byte <= 0x7a) table[row + byte - 0x20] = encode(t);
    }
  }
  return table;
}

function breadthFirst(goto: Trie['goto']): number[] {
  const order = [0];
  for (let head = 0; head < order.length; head++) for (const t of goto[order[head]!]!.values()) order.push(t);
  return order;
}
