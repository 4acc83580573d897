import type { Finding } from '../engine/finding.js';
import type { ProviderSpec } from '../engine/rule.js';
import type { CommitInfo } from '../git/commits.js';
import type { Verification } from '../verify/classify.js';
import type { FixFacts } from './remediation.js';

export interface SuppressedFinding extends Finding {
  reason: string;
  /** Which allowlist took it (for the text report's one-line count). */
  allowedBy?: 'inline' | 'path' | 'fingerprint';
  /** An inline marker that gave no reason: accepted, and the report says so. */
  reasonMissing?: boolean;
}

export interface ScanStats {
  files: number;
  binaryFiles: number;
  addedLines: number;
  bytes: number;
  durationMs: number;
  maxRssKb: number;
}

/** Everything a reporter needs; reporters are siblings that each turn this into one output format. */
export interface ScanResult {
  /** What was scanned, in words: "staged changes", "3 files". */
  target: string;
  /**
   * staged: a pre-commit view (the fix is in the working tree); history: the key is in commits; push: the
   * key is in commits about to be pushed (rewrite them first).
   */
  mode: 'staged' | 'files' | 'diff' | 'history' | 'push';
  findings: Finding[];
  suppressed: SuppressedFinding[];
  stats: ScanStats;
  providers: ReadonlyMap<string, ProviderSpec>;
  /** false in strict mode (`--no-inline-allow`, config `allow.inline: false`): markers do not count. */
  inlineAllow?: boolean;
  /** Reported findings whose `mailguard:allow` marker did not count (strict mode), with its reason. */
  ignoredMarkers?: ReadonlyMap<Finding, string | null>;
  /** Range, history and push scans: the commits that hold a finding, by full sha. */
  commits?: ReadonlyMap<string, CommitInfo>;
  /** What git says about the files with findings (ignored, tracked…), for the per-file fix; absent without a repo. */
  fixFacts?: FixFacts;
  /** `--verify` (or config `verify: true`): what each finding's provider answered to a read-only check. */
  verification?: ReadonlyMap<Finding, Verification>;
}
