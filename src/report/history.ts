import { secretOf, type Finding } from '../engine/finding.js';
import { shellQuote } from './remediation.js';

/**
 * When a key is in commits, deleting the line in a new commit leaves it in history, in every clone and fork:
 * the key must be rotated, and the history may be rewritten with `git filter-repo --replace-text FILE`.
 *
 * The replacements file holds one `regex:` line per secret, built only from what the report already shows —
 * the redacted prefix (`key-3f1a`) — plus the length and the character class of the rest. So the file can be
 * printed, pasted and kept anywhere: it never contains a secret. Four visible characters and an exact length
 * between token boundaries single a key out; a secret too short to show four characters gets no pattern (it
 * would match ordinary words), and the report says to write that line by hand.
 */

/** Where the report tells the user to write the file: inside .git, so it is never committed. */
export const REPLACEMENTS_FILE = '"$(git rev-parse --git-dir)/mailguard-replacements.txt"';

const CLASSES = ['0-9a-f', '0-9A-F', '0-9a-z', '0-9A-Z', 'A-Za-z0-9', 'A-Za-z0-9_-', 'A-Za-z0-9_.-', 'A-Za-z0-9+/=', 'A-Za-z0-9_.+/=-'];
const MIN_VISIBLE = 4;

export interface HistoryAdvice {
  /** Short shas of the commits holding the keys. */
  commits: string[];
  /** `regex:…==>…` lines for git filter-repo, none of them holding a secret. */
  replacements: string[];
  /** Findings too short to describe without revealing them. */
  unpatterned: Finding[];
}

/** History advice, or null when no finding comes from a commit. */
export function historyAdvice(findings: readonly Finding[], mode: string): HistoryAdvice | null {
  const inCommits = findings.filter((f) => f.commit !== null);
  if (inCommits.length === 0 && mode !== 'history') return null;
  const from = inCommits.length > 0 ? inCommits : findings;
  const replacements = new Set<string>();
  const unpatterned: Finding[] = [];
  for (const f of uniqueSecrets(from)) {
    const line = replacementLine(f);
    if (line) replacements.add(line);
    else unpatterned.push(f);
  }
  const commits = [...new Set(inCommits.map((f) => f.commit!.slice(0, 10)))];
  return { commits, replacements: [...replacements], unpatterned };
}

/** `regex:(?<![A-Za-z0-9])key\-3f1a[0-9a-z]{28}(?![0-9a-z])==>***MAILGUN_API_KEY***`, or null. */
export function replacementLine(f: Finding): string | null {
  const secret = secretOf(f);
  const visible = f.redacted.replace(/…$/, '');
  if (!secret || !secret.startsWith(visible) || visible.length - prefixLength(f) < MIN_VISIBLE) return null;
  const rest = secret.slice(visible.length);
  const cls = CLASSES.find((c) => new RegExp(`^[${c}]+$`).test(rest));
  if (!cls || rest.length === 0) return null;
  return `regex:(?<![A-Za-z0-9])${escapeRegex(visible)}[${cls}]{${rest.length}}(?![${cls}])==>***${f.envVar}***`;
}

/** The commands the report prints: write the file, then rewrite history with it. */
export function historyCommands(advice: HistoryAdvice): string[] {
  if (advice.replacements.length === 0) return [];
  return [
    `printf '%s\\n' ${advice.replacements.map(shellQuote).join(' ')} > ${REPLACEMENTS_FILE}`,
    `git filter-repo --replace-text ${REPLACEMENTS_FILE}`,
  ];
}

function prefixLength(f: Finding): number {
  const m = /^[A-Za-z]+[-_.]/.exec(f.redacted);
  return m ? m[0].length : 0;
}

function uniqueSecrets(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
