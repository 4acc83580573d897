import type { PairSpec, ProviderSpec, RuleSpec } from './rule.js';

/** A rule ready to run: its regex built once, its provider attached. */
export interface CompiledRule {
  index: number;
  spec: RuleSpec;
  provider: ProviderSpec;
  regex: RegExp;
  /** Lowercase words that arm the rule for nearby lines; empty for self-identifying tokens. */
  context: string[];
  /** `decodedPattern`, anchored at both ends. */
  decoded: RegExp | null;
  /** Lowercase key-name fragments that mark a match as the identifier half of a pair. */
  identifierKeys: string[];
  /** The pair this rule declares (null when none, or when the pair id is disabled). */
  pair: PairSpec | null;
  /** Indexes of the rules whose matches can pair with this rule's (this rule itself for a self-pair). */
  partners: number[];
}

export interface RuleFilter {
  /** Rule ids, pair ids or provider ids to leave out. */
  disable?: readonly string[];
}

export function compileRules(providers: readonly ProviderSpec[], filter: RuleFilter = {}): CompiledRule[] {
  const disabled = new Set(filter.disable ?? []);
  const rules: CompiledRule[] = [];
  for (const provider of providers) {
    if (disabled.has(provider.id)) continue;
    for (const spec of provider.rules) {
      if (disabled.has(spec.id)) continue;
      rules.push({
        index: rules.length,
        spec,
        provider,
        regex: new RegExp(spec.pattern, spec.ignoreCase ? 'gi' : 'g'),
        context: (spec.context ?? []).map((w) => w.toLowerCase()),
        decoded: spec.decodedPattern ? new RegExp(`^(?:${spec.decodedPattern})$`) : null,
        identifierKeys: (spec.identifierKeys ?? []).map((w) => w.toLowerCase()),
        pair: spec.pair && !disabled.has(spec.pair.id) ? spec.pair : null,
        partners: [],
      });
    }
  }
  linkPairs(rules);
  return rules;
}

/** Fills `partners` both ways; a pair whose other half is missing (disabled, misspelt) is dropped. */
function linkPairs(rules: CompiledRule[]): void {
  const byId = new Map(rules.map((r) => [r.spec.id, r]));
  for (const rule of rules) {
    if (!rule.pair) continue;
    const other = byId.get(rule.pair.with);
    if (!other) {
      rule.pair = null;
      continue;
    }
    if (!rule.partners.includes(other.index)) rule.partners.push(other.index);
    if (!other.partners.includes(rule.index)) other.partners.push(rule.index);
  }
}

/** The pair two rules form together, if any. */
export function pairOf(a: CompiledRule, b: CompiledRule): PairSpec | null {
  if (a.pair && a.pair.with === b.spec.id) return a.pair;
  if (b.pair && b.pair.with === a.spec.id) return b.pair;
  return null;
}
