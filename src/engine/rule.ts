/** The shape of a detector rule and of a provider file in `rules/`. Rules are data; the engine reads them. */

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** An example line (or several, `\n`-separated, as consecutive added lines), optionally in a named file. */
export type RuleExample = string | { text: string; file: string };

export interface RuleSpec {
  /** Stable id used in output and config, `<provider>-<credential>`. */
  id: string;
  /** What kind of credential, in words: "private API key", "SMTP password". */
  credential: string;
  severity: Severity;
  /**
   * Lowercase literals; the rule's regex runs only on lines where one of them appears (or, for rules with
   * `context`, where one appears in the context window). Must include a literal the token itself contains
   * when the token is self-identifying.
   */
  keywords?: string[];
  /** Regex source for the token. The secret is the named group `secret` when present, else the whole match. */
  pattern: string;
  /** Case-insensitive matching for `pattern`. */
  ignoreCase?: boolean;
  /**
   * Names that must appear near the token when it does not identify its provider by itself (lowercase
   * literals): on the same line, a few added lines above it in the same file (the section a YAML/JSON/code
   * block opened), or in the file's path. The engine also checks the name the token is assigned to
   * (`cacheKey: …` is not a credential): see context.ts.
   */
  context?: string[];
  /** Minimum Shannon entropy (bits per character) of the secret; filler such as `aaaa…` falls below. */
  entropy?: number;
  /** Literal prefix shown unredacted (`key-`, `SG.`); the first 4 characters after it are shown too. */
  prefix?: string;
  /** Minimum number of character classes (lowercase, uppercase, digit, other) in the secret. */
  minClasses?: number;
  /** A named check the secret must also pass (see VALIDATORS in validate.ts): `password`, `jwt`, … */
  validator?: ValidatorName;
  /**
   * The secret is base64 (an `Authorization: Basic …` value); decoded, it must match this regex source in
   * full: `api:key-[0-9a-z]{32}` proves a Mailgun credential without any context.
   */
  decodedPattern?: string;
  /**
   * A catch-all rule (generic SMTP passwords): when another rule matches the same text, the other rule's
   * more specific finding is reported instead.
   */
  fallback?: boolean;
  /**
   * Two-part credential. When this rule's match and a match of rule `with` (which may be this very rule,
   * e.g. two 32-hex Mailjet halves) are within PAIR_WINDOW_LINES of each other in the same file, they are
   * reported as ONE finding with id `pair.id`. A match of either rule also arms the other rule for the lines
   * below it, as a context word would. Declared on one half only.
   */
  pair?: PairSpec;
  /** The matches of this rule are the non-secret half of a pair (an SMTP user name): reported only in a pair. */
  pairOnly?: boolean;
  /**
   * Lowercase fragments of a key name that mark a match as the identifier half of a pair (`site_id`,
   * `public`): such a match is reported only together with its secret half.
   */
  identifierKeys?: string[];
  /** Conventional environment variable for this credential, used in the fix (`MAILGUN_API_KEY`). */
  envVar: string;
  /** Opt-in liveness check (`--verify`); absent when the provider has no read-only, free request. */
  verify?: VerifySpec;
  /** Proof: lines the rule must find, and lines it must not. The test suite runs every one. */
  examples: { detect: RuleExample[]; ignore: RuleExample[] };
}

export type ValidatorName = 'password' | 'jwt';

export interface PairSpec {
  /** Rule id of the other half. */
  with: string;
  /** Rule id reported for the pair (listed by `mailguard rules`, accepted by `rules.disable`). */
  id: string;
  /** What the pair is, in words: "API key + secret key". */
  credential: string;
}

/** One step of a provider's remediation checklist. */
export interface ChecklistStep {
  step: 'revoke' | 'audit' | 'rotate' | 'update' | 'harden' | 'history';
  /** One line, shown in the hook's short checklist. */
  short: string;
  /** Full text for `mailguard explain`. */
  detail?: string;
  url?: string;
}

export interface ProviderSpec {
  /** Stable provider id (DESIGN.md); never renamed. */
  id: string;
  /** Display name. */
  name: string;
  docs: string[];
  remediation: ChecklistStep[];
  rules: RuleSpec[];
}

/**
 * A read-only request that tells whether a found key is live: free, changes nothing, sends no mail, and goes
 * only to the provider's own API host over HTTPS. Placeholders in any string: `{secret}` is the token (for a
 * pair, its secret half), `{other}` the other half of a pair (the key id, site id or client id), any other
 * `{name}` a part cut from the token by `parts` or a named group of the rule's pattern.
 */
export interface VerifySpec {
  method: 'GET' | 'POST';
  /** https://host of the provider's API (may contain `{name}` placeholders, filled only with DNS-label text). */
  baseUrl: string;
  /** The same API in other regions, tried in order only when the first host answers "invalid". */
  regions?: VerifyRegion[];
  path: string;
  auth:
    | { kind: 'basic'; user: string; password: string }
    | { kind: 'bearer' }
    | { kind: 'header'; name: string; value: string }
    | { kind: 'json-body'; body: Record<string, string> }
    /** The key travels in the query string: `{secret}` is in `path` (the provider's documented way). */
    | { kind: 'query' };
  headers?: Record<string, string>;
  /** Values cut from the token: name → regex source whose first group is the value (Mailchimp's `{dc}`). */
  parts?: Record<string, string>;
  /**
   * A pair whose halves look alike (two 32-hex strings): which one is the key id is a guess, so when the first
   * order answers "invalid" the halves are tried the other way round.
   */
  eitherOrder?: boolean;
  /** HTTP statuses that prove the key is live (200, and 403 where the key exists but lacks a scope). */
  live: number[];
  /** HTTP statuses that prove the key is revoked or invalid. */
  invalid: number[];
  /** Answers told apart by one field of a small JSON body (checked before `live` and `invalid`). */
  body?: VerifyBodyRule[];
}

export interface VerifyRegion {
  /** Short id, used in the report ("EU host") and in the test override variable (`…_EU`). */
  id: string;
  baseUrl: string;
}

export interface VerifyBodyRule {
  status: number;
  /** Top-level field of the JSON body. */
  field: string;
  equals: string;
  means: 'live' | 'invalid';
  /** What the answer means, in a few words: "send-only key". */
  detail: string;
}
