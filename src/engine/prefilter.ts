import type { CompiledRule } from './compile.js';
import { INTERLEAVE_MIN, KeywordAutomaton, type AutomatonShape } from './keywords.js';

/** The CLI's automaton for the default rules, shaped by the build (scripts/build.mjs); absent from source. */
declare const MAILGUARD_KEYWORD_SHAPE: AutomatonShape | undefined;

/**
 * One pass over a line finds every keyword of every rule (one Aho–Corasick automaton for all of them), so
 * no rule regex ever runs on a line that has none of its words — and a line with no word at all is never
 * even decoded (`hasAny` works on the raw bytes).
 */
export class Prefilter {
  private readonly automaton: KeywordAutomaton;
  /** Every word of the automaton, in its order. */
  readonly words: string[];
  /** Per word of the automaton: the rules it arms as a token keyword, and as a context word. */
  private readonly tokenRules: number[][] = [];
  private readonly contextRules: number[][] = [];
  private readonly contextWords = new Map<string, number[]>();

  /** `watch`: further words that make a line worth a full look although they arm no rule. */
  constructor(rules: readonly CompiledRule[], watch: readonly string[] = []) {
    const index = new Map<string, number>();
    const slot = (word: string): number => {
      let i = index.get(word);
      if (i === undefined) {
        i = index.size;
        index.set(word, i);
        this.tokenRules.push([]);
        this.contextRules.push([]);
      }
      return i;
    };
    for (const rule of rules) {
      for (const word of rule.spec.keywords ?? []) addOnce(this.tokenRules[slot(word.toLowerCase())]!, rule.index);
      for (const word of rule.context) {
        addOnce(this.contextRules[slot(word)]!, rule.index);
        addOnce(getOrSet(this.contextWords, word), rule.index);
      }
    }
    for (const word of watch) slot(word.toLowerCase());
    this.words = [...index.keys()];
    this.automaton = new KeywordAutomaton(this.words, typeof MAILGUARD_KEYWORD_SHAPE === 'undefined' ? undefined : MAILGUARD_KEYWORD_SHAPE);
  }

  /** Fills `hits` with the rules whose keywords appear in `text`. */
  scan(text: string, hits: PrefilterHits): void {
    const words = this.words;
    this.automaton.scanString(text, (w) => {
      for (const r of this.tokenRules[w]!) hits.token.add(r);
      const length = words[w]!.length;
      for (const r of this.contextRules[w]!) hits.context.set(r, Math.max(hits.context.get(r) ?? 0, length));
    });
  }

  /** True when any keyword (or watched word) occurs in the bytes. */
  hasAny(buf: Uint8Array, start: number, end: number): boolean {
    return end - start < INTERLEAVE_MIN ? this.automaton.hasAny(buf, start, end) : this.automaton.hasAnyLong(buf, start, end);
  }

  /** The rules armed for a whole file by words in its path. */
  contextRulesForPath(path: string): number[] {
    const rules: number[] = [];
    if (!this.automaton.hasAnyString(path)) return rules;
    const lower = path.toLowerCase();
    for (const [word, indexes] of this.contextWords) if (lower.includes(word)) rules.push(...indexes);
    return rules;
  }
}

export interface PrefilterHits {
  token: Set<number>;
  /** Context rule → length of the longest of its words on the line (a longer word is more specific). */
  context: Map<number, number>;
}

function addOnce(list: number[], value: number): void {
  if (!list.includes(value)) list.push(value);
}

function getOrSet(map: Map<string, number[]>, key: string): number[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
