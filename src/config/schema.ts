import type { RuleSpec, Severity } from '../engine/rule.js';
import { arrayOf, boolean, type Check, either, type Field, matching, nonEmptyString, number, object, oneOf, refused, regexSource, string } from './check.js';

/** `mailguard.config.json` (or `"mailguard"` in package.json). Unknown keys are errors. */
export interface Config {
  rules?: {
    /** Rule ids or provider ids to leave out. */
    disable?: string[];
  };
  allow?: {
    /** picomatch globs of repo-relative paths whose findings are suppressed. */
    paths?: string[];
    /** Fingerprints from `--format json`, each with the reason it was reviewed and allowed. */
    fingerprints?: AllowedFingerprint[];
    /** false: `mailguard:allow` comments do not count, only this file does (strict mode for CI). */
    inline?: boolean;
  };
  /** Extra detectors, in the schema of the rules in `rules/`, plus the provider they belong to. */
  customRules?: CustomRule[];
  /**
   * true: every scan, the hooks included, asks each found key's provider whether it is live (read-only
   * requests, see README "Live verification"). Off by default; `scan --verify` asks for one run.
   */
  verify?: boolean;
}

export interface AllowedFingerprint {
  fingerprint: string;
  reason: string;
}

/** A RuleSpec written in JSON: only `id` and `pattern` are required, the rest has defaults. */
export type CustomRule = Partial<Omit<RuleSpec, 'id' | 'pattern'>> & {
  id: string;
  pattern: string;
  /** A provider id from `rules/` (the finding gets its checklist) or a new id; default "custom". */
  provider?: string;
};

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const FINGERPRINT = /^[0-9a-f]{32}$/i;

const example: Check = either(
  string,
  object({ text: { check: string, required: true }, file: { check: nonEmptyString, required: true } }, 'a string or { "text", "file" }'),
);

/**
 * The fields a custom rule may have: one line per RuleSpec field. `satisfies` makes a field added to
 * RuleSpec a type error here until it gets its line, so the config never silently rejects or ignores it.
 */
export const CUSTOM_RULE_FIELDS = {
  id: { check: matching(ID, 'a lowercase id such as "acme-api-key"'), required: true },
  provider: matching(ID, 'a lowercase provider id such as "acme"'),
  credential: nonEmptyString,
  severity: oneOf(SEVERITIES),
  keywords: arrayOf(nonEmptyString),
  pattern: { check: regexSource, required: true },
  ignoreCase: boolean,
  context: arrayOf(nonEmptyString),
  entropy: number(0, 8),
  prefix: nonEmptyString,
  minClasses: number(1, 4),
  validator: oneOf(['password', 'jwt']),
  decodedPattern: regexSource,
  fallback: boolean,
  pair: object({
    with: { check: matching(ID, 'the id of the rule for the other half'), required: true },
    id: { check: matching(ID, 'a lowercase id for the pair'), required: true },
    credential: { check: nonEmptyString, required: true },
  }),
  pairOnly: boolean,
  identifierKeys: arrayOf(nonEmptyString),
  envVar: matching(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as "ACME_API_KEY"'),
  examples: object({ detect: arrayOf(example), ignore: arrayOf(example) }),
  // A repository's config must never tell mailguard where to send the keys it finds.
  verify: refused('is not allowed in a custom rule: a config must not choose where found keys are sent'),
} satisfies Record<keyof RuleSpec | 'provider', Check | Field>;

const glob: Check = (v, path) => {
  const p = nonEmptyString(v, path);
  if (p) return p;
  return (v as string).startsWith('/') ? `${path}: globs are relative to the repository root; drop the leading "/"` : null;
};

const CONFIG = object(
  {
    rules: object({ disable: arrayOf(nonEmptyString) }),
    allow: object({
      paths: arrayOf(glob),
      fingerprints: arrayOf(
        object(
          {
            fingerprint: { check: matching(FINGERPRINT, 'a 32-character hex fingerprint, as printed by `mailguard scan --format json`'), required: true },
            reason: { check: nonEmptyString, required: true },
          },
          'an object { "fingerprint", "reason" }',
        ),
      ),
      inline: boolean,
    }),
    customRules: arrayOf(object(CUSTOM_RULE_FIELDS)),
    verify: boolean,
  },
  'a JSON object',
);

/** The first problem with `value` as a config, as "<path>: <what is wrong>", or null. */
export function validateConfig(value: unknown): string | null {
  return CONFIG(value, '');
}
