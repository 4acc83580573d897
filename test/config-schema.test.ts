import { describe, expect, it } from 'vitest';
import { providers } from '../rules/index.js';
import { checkRuleSettings, providersWith } from '../src/config/rules.js';
import { CUSTOM_RULE_FIELDS, validateConfig, type Config } from '../src/config/schema.js';

const problem = (value: unknown) => validateConfig(value) ?? checkRuleSettings(value as Config, providers);

describe('validateConfig names the exact field', () => {
  it.each([
    [[], 'must be a JSON object'],
    [{ allowlist: {} }, 'allowlist: is not a known setting (known: rules, allow, customRules, verify)'],
    [{ verify: 'yes' }, 'verify: must be true or false'],
    [{ allow: { path: ['x'] } }, 'allow.path: is not a known setting (known: paths, fingerprints, inline)'],
    [{ allow: { paths: 'test/**' } }, 'allow.paths: must be an array'],
    [{ allow: { paths: ['ok/**', 3] } }, 'allow.paths[1]: must be a non-empty string'],
    [{ allow: { paths: ['/abs/**'] } }, 'allow.paths[0]: globs are relative to the repository root; drop the leading "/"'],
    [{ allow: { inline: 'no' } }, 'allow.inline: must be true or false'],
    [{ allow: { fingerprints: [{ fingerprint: 'abc', reason: 'x' }] } }, 'allow.fingerprints[0].fingerprint: must be a 32-character hex fingerprint'],
    [{ allow: { fingerprints: [{ fingerprint: 'a'.repeat(32) }] } }, 'allow.fingerprints[0].reason: is missing'],
    [{ allow: { fingerprints: [{ fingerprint: 'a'.repeat(32), reason: ' ' }] } }, 'allow.fingerprints[0].reason: must be a non-empty string'],
    [{ rules: { disable: ['mailgn'] } }, 'rules.disable[0]: "mailgn" is not a rule or provider id (did you mean "mailgun"?)'],
    [{ rules: { enable: ['mailgun'] } }, 'rules.enable: is not a known setting (known: disable)'],
    [{ customRules: [{ id: 'acme-key', pattern: '(acme_' }] }, 'customRules[0].pattern: invalid regex (Unterminated group)'],
    [{ customRules: [{ id: 'acme-key', pattern: 'a*', keywords: ['a'] }] }, 'customRules[0].pattern: the regex matches an empty string'],
    [
      { customRules: [{ id: 'acme-key', pattern: 'acme_(?:[a-z]+-?)+x', keywords: ['acme_'] }] },
      'customRules[0].pattern: a repeated group holds a repeat ((?:[a-z]+-?)+): that can take exponential time on a hostile line',
    ],
    [{ customRules: [{ id: 'acme-key', pattern: 'acme_\\w+', keyword: ['acme_'] }] }, 'customRules[0].keyword: is not a known setting'],
    [{ customRules: [{ pattern: 'acme_\\w+' }] }, 'customRules[0].id: is missing'],
    [{ customRules: [{ id: 'Acme Key', pattern: 'acme_\\w+' }] }, 'customRules[0].id: must be a lowercase id'],
    [{ customRules: [{ id: 'acme-key', pattern: 'acme_\\w+', severity: 'huge', keywords: ['acme_'] }] }, 'customRules[0].severity: must be one of'],
    [{ customRules: [{ id: 'acme-key', pattern: 'acme_\\w+', entropy: 12, keywords: ['acme_'] }] }, 'customRules[0].entropy: must be a number from 0 to 8'],
    [{ customRules: [{ id: 'acme-key', pattern: 'acme_\\w+' }] }, 'customRules[0]: needs "keywords"'],
    [{ customRules: [{ id: 'mailgun-private-key', pattern: 'acme_\\w+', keywords: ['acme_'] }] }, 'customRules[0].id: "mailgun-private-key" is already a rule id'],
    [{ customRules: [{ id: 'acme-key', pattern: 'acme_\\w+', keywords: ['acme_'], examples: { detect: [{ text: 'x' }] } }] }, 'customRules[0].examples.detect[0].file: is missing'],
    [{ customRules: [{ id: 'acme-key', pattern: 'acme_[0-9a-f]{24}', keywords: ['acme_'], examples: { detect: ['acme_123'] } }] }, 'customRules[0].examples.detect[0]: the rule does not find'],
    [{ customRules: [{ id: 'acme-key', pattern: 'acme_\\w+', keywords: ['acme_'], verify: { url: 'https://attacker.example/' } }] }, 'customRules[0].verify: is not allowed in a custom rule'],
    [
      { customRules: [{ id: 'acme-key', pattern: 'acme_\\w{6,}', keywords: ['acme_'], examples: { detect: [], ignore: ['token = acme_live1234'] } }] },
      'customRules[0].examples.ignore[0]: the rule reports this example',
    ],
  ])('%j', (value, expected) => {
    expect(problem(value)).toContain(expected);
  });

  it('accepts a full config', () => {
    const config = {
      rules: { disable: ['mailjet', 'mailgun-public-key', 'acme'] },
      allow: { paths: ['./test/fixtures/**'], fingerprints: [{ fingerprint: 'A'.repeat(32), reason: 'revoked' }], inline: false },
      customRules: [
        {
          id: 'acme-api-key',
          provider: 'acme',
          credential: 'API key',
          severity: 'critical',
          keywords: ['acme_'],
          pattern: '(?<secret>acme_[0-9a-f]{24})',
          entropy: 3,
          prefix: 'acme_',
          envVar: 'ACME_API_KEY',
          examples: { detect: ['ACME=acme_0f3a9c81d2b4e6f70a1b2c3d'], ignore: ['ACME=acme_000000000000000000000000'] },
        },
      ],
    };
    expect(problem(config)).toBeNull();
  });

  it('knows every field the rules in rules/ use (a new RuleSpec field is one line in CUSTOM_RULE_FIELDS)', () => {
    const used = new Set(providers.flatMap((p) => p.rules.flatMap((r) => Object.keys(r))));
    expect([...used].filter((k) => !(k in CUSTOM_RULE_FIELDS))).toEqual([]);
  });
});

describe('providersWith', () => {
  it('attaches a custom rule to a known provider, or to a new one with a generic checklist', () => {
    const config: Config = {
      customRules: [
        { id: 'mailgun-legacy-token', provider: 'mailgun', pattern: 'mgtok_\\w{20}', keywords: ['mgtok_'] },
        { id: 'acme-key', pattern: 'acme_\\w{20}', keywords: ['acme_'] },
      ],
    };
    const all = providersWith(config, providers);
    const mailgunCopy = all.filter((p) => p.id === 'mailgun').at(-1)!;
    expect(mailgunCopy.rules.map((r) => r.id)).toEqual(['mailgun-legacy-token']);
    expect(mailgunCopy.remediation).toBe(providers.find((p) => p.id === 'mailgun')!.remediation);
    const custom = all.find((p) => p.id === 'custom')!;
    expect(custom.rules[0]).toMatchObject({ id: 'acme-key', severity: 'high', envVar: 'ACME_KEY' });
    expect(custom.remediation.some((s) => s.step === 'revoke')).toBe(true);
  });
});
