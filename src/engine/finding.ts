import { createRequire } from 'node:module';
import type { Severity } from './rule.js';

/** A credential found on an added line. Carries no secret: see secretOf. */
export interface Finding {
  ruleId: string;
  provider: string;
  providerName: string;
  credential: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  commit: string | null;
  /** The token with everything after its prefix and first 4 characters cut. */
  redacted: string;
  /** Stable for the same rule and secret; what the config allowlist accepts. A hash, never the secret. */
  fingerprint: string;
  /** Conventional environment variable name for the fix. */
  envVar: string;
  /** The matched line with every secret on it redacted, shortened around the match. */
  snippet: string;
  /** For a two-part credential reported as one finding: where the other half is. */
  pairedWith?: { line: number; column: number };
}

/**
 * The raw secret of a finding, kept outside the object so that no serialisation (JSON, SARIF, logs,
 * util.inspect) can ever include it. Only `fix` (moving it to `.env`) and `verify` read it.
 */
const secrets = new WeakMap<Finding, string[]>();

/** `secret` is what the fix and the check use; `others` are further parts (the other half of a pair). */
export function attachSecret(finding: Finding, secret: string, ...others: string[]): void {
  secrets.set(finding, [secret, ...others]);
}

export function secretOf(finding: Finding): string | undefined {
  return secrets.get(finding)?.[0];
}

/** Every secret part of a finding: one for a single token, two for a pair (key and secret). */
export function secretsOf(finding: Finding): string[] {
  return secrets.get(finding) ?? [];
}

/** `text` with every secret part of `finding` replaced by its redacted form. */
export function redactFindingIn(text: string, finding: Finding): string {
  let out = text;
  secretsOf(finding).forEach((secret, i) => {
    out = out.split(secret).join(i === 0 ? finding.redacted : redact(secret));
  });
  return out;
}

/** node:crypto is loaded when the first finding is made: a clean scan never needs it. */
let createHash: typeof import('node:crypto').createHash | undefined;

export function fingerprintOf(ruleId: string, secret: string): string {
  createHash ??= (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash;
  return createHash('sha256').update(`${ruleId}\0${secret}`).digest('hex').slice(0, 32);
}

/** `key-3f1a…`: the literal prefix, then at most 4 characters (fewer for short secrets). */
export function redact(secret: string, prefix = ''): string {
  const head = prefix && secret.startsWith(prefix) ? prefix.length : 0;
  const visible = Math.min(4, Math.floor((secret.length - head) / 4));
  return `${secret.slice(0, head + visible)}…`;
}
