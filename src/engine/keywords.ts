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

  /** `shape`: the same words already shaped (by the build), when they are these words. */
  constructor(
    readonly words: readonly string[],
    shape?: AutomatonShape,
  ) {
    this.longest = Math.max(1, ...words.map((w) => Buffer.byteLength(w, 'latin1')));
    const usable = shape !== undefined && shape.words.length === words.length && shape.words.every((w, i) => w === words[i]);
    const { table, outputs } = expand(usable ? shape : shapeOf(words));
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
 * The automaton as plain data, states numbered breadth first: each state's parent and the byte that leads
 * there, its fail state, and the keywords that end at it (its own and its fail chain's). The build stores the
 * default rules' one in the bundle, so a commit need not build it (a few ms of cold code at every start).
 */
export interface AutomatonShape {
  words: string[];
  parent: number[];
  byte: number[];
  fail: number[];
  /** [state, keyword, keyword, …] for each state where some keyword ends. */
  outputs: number[][];
}

/** Builds the trie, then numbers its states breadth first and finds each one's fail state. */
export function shapeOf(words: readonly string[]): AutomatonShape {
  const goto: Array<Map<number, number>> = [new Map()];
  const own: number[][] = [[]];
  words.forEach((word, index) => {
    let s = 0;
    const bytes = Buffer.from(word.toLowerCase(), 'latin1');
    for (let i = 0; i < bytes.length; i++) {
      let t = goto[s]!.get(bytes[i]!);
      if (t === undefined) {
        t = goto.length;
        goto[s]!.set(bytes[i]!, t);
        goto.push(new Map());
        own.push([]);
      }
      s = t;
    }
    own[s]!.push(index);
  });
  const order = [0];
  const id = new Array<number>(goto.length).fill(0);
  const shape: AutomatonShape = { words: [...words], parent: [0], byte: [0], fail: [0], outputs: [] };
  const outputs: number[][] = [[]];
  for (let head = 0; head < order.length; head++) {
    const s = order[head]!;
    for (const [byte, t] of goto[s]!) {
      id[t] = order.length;
      order.push(t);
      let f = shape.fail[id[s]!]!;
      let target: number | undefined;
      while ((target = s === 0 ? undefined : goto[order[f]!]!.get(byte)) === undefined && f !== 0) f = shape.fail[f]!;
      const fail = target !== undefined && target !== t ? id[target]! : 0;
      shape.parent.push(id[s]!);
      shape.byte.push(byte);
      shape.fail.push(fail);
      outputs.push([...own[t]!, ...outputs[fail]!]);
    }
  }
  outputs.forEach((list, state) => {
    if (list.length > 0) shape.outputs.push([state, ...list]);
  });
  return shape;
}

/**
 * The full transition table of a shape: row by row in breadth-first order, each row a copy of its fail
 * state's row (already final, being shallower) with the state's own edges on top, both cases of a letter.
 * Entries are written already encoded, so rows copy as they are.
 */
function expand(shape: AutomatonShape): { table: Int32Array; outputs: number[][] } {
  const { parent, byte, fail } = shape;
  const n = parent.length;
  const none: number[] = [];
  const outputs = new Array<number[]>(n).fill(none);
  for (const [state, ...words] of shape.outputs) outputs[state!] = words;
  const table = new Int32Array(n * 256);
  const encode = (t: number): number => (outputs[t] !== none ? -(t * 256) - 1 : t * 256);
  let t = 1;
  for (let s = 0; s < n; s++) {
    const row = s * 256;
    if (s !== 0) table.copyWithin(row, fail[s]! * 256, fail[s]! * 256 + 256);
    for (; t < n && parent[t] === s; t++) {
      const b = byte[t]!;
      table[row + b] = encode(t);
      if (b >= 0x61 && b <= 0x7a) table[row + b - 0x20] = encode(t);
    }
  }
  return { table, outputs };
}
