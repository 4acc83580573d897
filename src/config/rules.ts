import { compileRules } from '../engine/compile.js';
import type { ChecklistStep, ProviderSpec, RuleExample, RuleSpec } from '../engine/rule.js';
import { scanText } from '../engine/scan-text.js';
import type { Config, CustomRule } from './schema.js';

export const CUSTOM_PROVIDER = 'custom';

/** The checklist of a custom rule whose provider mailguard does not know. */
const GENERIC_CHECKLIST: ChecklistStep[] = [
  { step: 'rotate', short: 'Create a new credential at the provider, with only the permissions this service needs.' },
  { step: 'update', short: 'Put the new credential where the service reads it (environment, secrets manager) and deploy.' },
  { step: 'revoke', short: 'Delete or deactivate the leaked credential at the provider.' },
  { step: 'audit', short: "Review the provider's logs for use of the leaked credential during the exposure window." },
];

/** The providers a scan runs: those of `rules/` plus the config's custom rules, grouped by provider. */
export function providersWith(config: Config, base: readonly ProviderSpec[]): ProviderSpec[] {
  const byProvider = new Map<string, RuleSpec[]>();
  for (const rule of config.customRules ?? []) {
    const id = rule.provider ?? CUSTOM_PROVIDER;
    byProvider.set(id, [...(byProvider.get(id) ?? []), toRuleSpec(rule)]);
  }
  return [...base, ...[...byProvider].map(([id, rules]) => providerFor(id, rules, base))];
}

function toRuleSpec(rule: CustomRule): RuleSpec {
  const { provider: _provider, ...spec } = rule;
  return {
    credential: 'credential (custom rule)',
    severity: 'high',
    envVar: rule.id.toUpperCase().replace(/-/g, '_'),
    examples: { detect: [], ignore: [] },
    ...spec,
  };
}

function providerFor(id: string, rules: RuleSpec[], base: readonly ProviderSpec[]): ProviderSpec {
  const known = base.find((p) => p.id === id);
  if (known) return { ...known, rules };
  return { id, name: id === CUSTOM_PROVIDER ? 'Custom rule' : id, docs: [], remediation: GENERIC_CHECKLIST, rules };
}

/**
 * What the schema cannot see: custom rules that would never run or clash with another id, examples that
 * do not behave, and `rules.disable` entries that name nothing. Returns "<path>: <problem>" or null.
 */
export function checkRuleSettings(config: Config, base: readonly ProviderSpec[]): string | null {
  const providerIds = new Set(base.map((p) => p.id));
  const ruleIds = new Set(base.flatMap((p) => p.rules.map((r) => r.id)));
  for (const [i, rule] of (config.customRules ?? []).entries()) {
    const problem = checkCustomRule(rule, `customRules[${i}]`, ruleIds, providerIds);
    if (problem) return problem;
    ruleIds.add(rule.id);
  }
  const known = [...providerIds, ...ruleIds, ...(config.customRules ?? []).map((r) => r.provider ?? CUSTOM_PROVIDER)];
  for (const [i, id] of (config.rules?.disable ?? []).entries()) {
    if (known.includes(id)) continue;
    const near = closest(id, known);
    return `rules.disable[${i}]: "${id}" is not a rule or provider id${near ? ` (did you mean "${near}"?)` : ''}; \`mailguard rules\` lists them`;
  }
  return null;
}

function checkCustomRule(rule: CustomRule, path: string, ruleIds: Set<string>, providerIds: Set<string>): string | null {
  if (ruleIds.has(rule.id)) return `${path}.id: "${rule.id}" is already a rule id`;
  if (providerIds.has(rule.id)) return `${path}.id: "${rule.id}" is a provider id; give the rule its own id`;
  if (!rule.keywords?.length && !rule.context?.length) {
    return `${path}: needs "keywords" (literals the token contains) or "context" (names found near it); without them the rule never runs`;
  }
  return checkExamples(rule, path);
}

/** A rule is data plus its proof: the examples a custom rule carries must behave, as those of `rules/` do. */
function checkExamples(rule: CustomRule, path: string): string | null {
  const spec = toRuleSpec(rule);
  const rules = compileRules([providerFor(rule.provider ?? CUSTOM_PROVIDER, [spec], [])]);
  const found = (e: RuleExample) => {
    const { text, file } = typeof e === 'string' ? { text: e, file: 'example.txt' } : e;
    return scanText(rules, text, file).length > 0;
  };
  for (const [i, e] of spec.examples.detect.entries()) {
    if (!found(e)) return `${path}.examples.detect[${i}]: the rule does not find a credential in this example`;
  }
  for (const [i, e] of spec.examples.ignore.entries()) {
    if (found(e)) return `${path}.examples.ignore[${i}]: the rule reports this example, which it must ignore`;
  }
  return null;
}

/** The known id nearest to a mistyped one (at most 2 edits away), for a "did you mean" hint. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
