import picomatch from 'picomatch';
import type { Config } from '../config/schema.js';
import type { Finding } from '../engine/finding.js';

export type ConfigAllow = (finding: Finding) => string | null;

/** Suppression by the config's allowlist: path globs and reviewed fingerprints. Returns the reason or null. */
export function configAllow(config: Config): ConfigAllow {
  const globs = config.allow?.paths ?? [];
  const isAllowedPath = globs.length > 0 ? picomatch(globs, { dot: true }) : () => false;
  const fingerprints = new Map((config.allow?.fingerprints ?? []).map((f) => [f.fingerprint, f.reason]));
  return (finding) => {
    const reason = fingerprints.get(finding.fingerprint);
    if (reason !== undefined) return `fingerprint: ${reason}`;
    if (isAllowedPath(finding.file)) return 'path allowed by config';
    return null;
  };
}
