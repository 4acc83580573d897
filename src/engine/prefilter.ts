import type { CompiledRule } from './compile.js';

/**
 * One pass over a line finds every keyword of every rule (a single case-insensitive alternation, longest
 * words first), so no rule regex ever runs on a line that has none of its words.
 */
export class Prefilter {
  private readonly regex: RegExp | null;
  /** For each keyword: the rules it arms directly (token keywords) and as context. */
  private readonly tokenRules = new Map<string, number[]>();
  private readonly contextRules = new Map<string, number[]>();
  /** Keywords that contain other keywords: finding the longer one means the shorter is there too. */
  private readonly implied = new Map<string, string[]>();

  constructor(rules: readonly CompiledRule[]) {
    for (const rule of rules) {
      for (const word of rule.spec.keywords ?? []) add(this.tokenRules, word.toLowerCase(), rule.index);
      for (const word of rule.context) add(this.contextRules, word, rule.index);
    }
    const words = [...new Set([...this.tokenRules.keys(), ...this.contextRules.keys()])].sort((a, b) => b.length - a.length);
    for (const word of words) this.implied.set(word, words.filter((w) => w !== word && word.includes(w)));
    this.regex = words.length > 0 ? new RegExp(words.map(escapeRegex).join('|'), 'gi') : null;
  }

  /** Calls `token` / `context` with the rules whose keywords appear in `text`. */
  scan(text: string, hits: PrefilterHits): void {
    const regex = this.regex;
    if (regex === null) return;
    regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = regex.exec(text)) !== null) {
      const word = m[0].toLowerCase();
      this.hit(word, hits);
      for (const inner of this.implied.get(word) ?? []) this.hit(inner, hits);
      regex.lastIndex = m.index + 1;
    }
  }

  /** The rules armed for a whole file by words in its path. */
  contextRulesForPath(path: string): number[] {
    const lower = path.toLowerCase();
    const rules: number[] = [];
    for (const [word, indexes] of this.contextRules) if (lower.includes(word)) rules.push(...indexes);
    return rules;
  }

  private hit(word: string, hits: PrefilterHits): void {
    for (const r of this.tokenRules.get(word) ?? []) hits.token.add(r);
    for (const r of this.contextRules.get(word) ?? []) hits.context.set(r, Math.max(hits.context.get(r) ?? 0, word.length));
  }
}

export interface PrefilterHits {
  token: Set<number>;
  /** Context rule → length of the longest of its words on the line (a longer word is more specific). */
  context: Map<number, number>;
}

function add(map: Map<string, number[]>, word: string, index: number): void {
  const list = map.get(word) ?? [];
  if (!list.includes(index)) list.push(index);
  map.set(word, list);
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
