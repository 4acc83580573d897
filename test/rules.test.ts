import { describe, expect, it } from 'vitest';
import { providers } from '../rules/index.js';
import { compileRules } from '../src/engine/compile.js';
import type { RuleExample } from '../src/engine/rule.js';
import { scanText } from '../src/engine/scan-text.js';

const rules = compileRules(providers);

function asExample(example: RuleExample): { text: string; file: string } {
  return typeof example === 'string' ? { text: example, file: 'example.txt' } : example;
}

/** The ids a rule's example may be reported under: its own, or a pair it is a half of. */
function idsOf(ruleId: string): string[] {
  const ids = [ruleId];
  for (const r of rules) if (r.spec.pair && (r.spec.id === ruleId || r.spec.pair.with === ruleId)) ids.push(r.spec.pair.id);
  return ids;
}

describe.each(providers.map((p) => [p.id, p] as const))('provider %s', (_id, provider) => {
  it('has a remediation checklist and documentation', () => {
    expect(provider.remediation.length).toBeGreaterThan(0);
    expect(provider.remediation.some((s) => s.step === 'revoke')).toBe(true);
    expect(provider.rules.length).toBeGreaterThan(0);
  });

  describe.each(provider.rules.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
    it('has detect and ignore examples', () => {
      expect(rule.examples.detect.length).toBeGreaterThan(0);
      expect(rule.examples.ignore.length).toBeGreaterThan(0);
      expect(rule.keywords?.length || rule.context?.length).toBeTruthy();
      expect(id.startsWith(`${provider.id}-`)).toBe(true);
    });

    it.each(rule.examples.detect.map((e) => [asExample(e).text, asExample(e)] as const))('detects %s', (_t, example) => {
      const found = scanText(rules, example.text, example.file).map((f) => f.ruleId);
      expect(found.filter((f) => idsOf(id).includes(f))).not.toEqual([]);
    });

    it.each(rule.examples.ignore.map((e) => [asExample(e).text, asExample(e)] as const))('ignores %s', (_t, example) => {
      const found = scanText(rules, example.text, example.file).map((f) => f.ruleId);
      expect(found).toEqual([]);
    });
  });
});

describe('rule ids', () => {
  it('are unique', () => {
    const ids = rules.map((r) => r.spec.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
