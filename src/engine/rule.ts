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
