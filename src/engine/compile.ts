import type { ProviderSpec, RuleSpec } from './rule.js';

/** A rule ready to run: its regex built once, its provider attached. */
export interface CompiledRule {
  index: number;
  spec: RuleSpec;
  provider: ProviderSpec;
  regex: RegExp;
  /** Lowercase words that arm the rule for nearby lines; empty for self-identifying tokens. */
  context: string[];
}

export interface RuleFilter {
  /** Rule ids or provider ids to leave out. */
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
      });
    }
  }
  return rules;
}
