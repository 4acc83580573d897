import type { Finding } from '../engine/finding.js';
import type { ProviderSpec } from '../engine/rule.js';
import type { CommitInfo } from '../git/commits.js';

export interface SuppressedFinding extends Finding {
  reason: string;
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
  /** Range, history and push scans: the commits that hold a finding, by full sha. */
  commits?: ReadonlyMap<string, CommitInfo>;
}
