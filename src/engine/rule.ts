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
   * literals): on the same line, a few added lines above it in the same file, or in the file's path.
   */
  context?: string[];
  /** Minimum Shannon entropy (bits per character) of the secret; filler such as `aaaa…` falls below. */
  entropy?: number;
  /** Literal prefix shown unredacted (`key-`, `SG.`); the first 4 characters after it are shown too. */
  prefix?: string;
  /** Conventional environment variable for this credential, used in the fix (`MAILGUN_API_KEY`). */
  envVar: string;
  /** Opt-in liveness check (`--verify`); absent when the provider has no read-only, free request. */
  verify?: VerifySpec;
  /** Proof: lines the rule must find, and lines it must not. The test suite runs every one. */
  examples: { detect: RuleExample[]; ignore: RuleExample[] };
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
 * only to the provider's own API host over HTTPS. `{secret}` in any string is replaced by the token; other
 * `{name}` placeholders by the named groups of the rule's pattern (e.g. Mailchimp's data centre `{dc}`).
 */
export interface VerifySpec {
  method: 'GET' | 'POST';
  /** https://host of the provider's API (may contain `{name}` placeholders). */
  baseUrl: string;
  path: string;
  auth:
    | { kind: 'basic'; user: string; password: string }
    | { kind: 'bearer' }
    | { kind: 'header'; name: string; value: string }
    | { kind: 'json-body'; body: Record<string, string> };
  headers?: Record<string, string>;
  /** HTTP statuses that prove the key is live (200, and 403 where the key exists but lacks a scope). */
  live: number[];
  /** HTTP statuses that prove the key is revoked or invalid. */
  invalid: number[];
}
