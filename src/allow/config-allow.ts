import picomatch from 'picomatch';
import type { Config } from '../config/schema.js';
import type { Finding } from '../engine/finding.js';

/** Why a finding is not reported: which allowlist took it, and the reason shown in the report. */
export interface Allowance {
  allowedBy: 'inline' | 'path' | 'fingerprint';
  reason: string;
  /** An inline marker that gave no reason (accepted, but the report says so). */
  reasonMissing?: boolean;
}

export type ConfigAllow = (finding: Finding) => Allowance | null;

/** Suppression by the config's allowlist: reviewed fingerprints, then path globs. */
export function configAllow(config: Config): ConfigAllow {
  const globs = (config.allow?.paths ?? []).map((glob) => ({ glob, matches: pathMatcher(glob) }));
  const fingerprints = new Map((config.allow?.fingerprints ?? []).map((f) => [f.fingerprint.toLowerCase(), f.reason]));
  return (finding) => {
    const reason = fingerprints.get(finding.fingerprint);
    if (reason !== undefined) return { allowedBy: 'fingerprint', reason: `fingerprint: ${reason}` };
    const glob = globs.find((g) => g.matches(finding.file));
    if (glob) return { allowedBy: 'path', reason: `path: matches allow.paths "${glob.glob}"` };
    return null;
  };
}

/** A repo-relative path matcher for one allow.paths glob (`./` in front is accepted and ignored). */
export function pathMatcher(glob: string): (path: string) => boolean {
  return picomatch(glob.replace(/^(\.\/)+/, ''), { dot: true });
}
