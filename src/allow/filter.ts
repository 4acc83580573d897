import type { Config } from '../config/schema.js';
import type { AddedLine } from '../diff/parse.js';
import type { CompiledRule } from '../engine/compile.js';
import { redactFindingIn, type Finding } from '../engine/finding.js';
import { scanText } from '../engine/scan-text.js';
import { configAllow, type Allowance, type ConfigAllow } from './config-allow.js';
import { findMarker, type InlineMarker } from './inline.js';

/** Some lines (by 1-based number) of files as scanned: the index version (commit null) or the commit's; null when unknown. */
export type FileLines = (
  refs: ReadonlyArray<{ file: string; commit: string | null; lines: readonly number[] }>,
) => Promise<ReadonlyArray<ReadonlyMap<number, string> | null>>;

export interface AllowOutcome {
  findings: Finding[];
  suppressed: Array<Finding & Allowance>;
  /** Reported findings that carry a marker which did not count (inline allows off), with its reason. */
  ignoredMarkers: Map<Finding, string | null>;
}

interface Entry {
  finding: Finding;
  allowance: Allowance | null;
  /** undefined until the line above, which was not among the scanned lines, has been read. */
  marker: InlineMarker | null | undefined;
}

/**
 * The allow stage: decides for each finding whether a config allowlist or an inline marker takes it.
 * Findings keep their order. A `mailguard:allow-next-line` above a finding is usually on the line scanned
 * just before it; only when that line was not scanned (an unchanged line above a staged one) is the file
 * read, after the scan and only for those findings, so the hot path costs one comparison per line.
 */
export class AllowFilter {
  private readonly byConfig: ConfigAllow;
  private readonly entries: Entry[] = [];
  private pending = 0;
  /** The line being scanned (its latest segment), and the last segment of the line scanned before it. */
  private current: AddedLine | null = null;
  private previous: AddedLine | null = null;

  constructor(
    config: Config,
    private readonly rules: readonly CompiledRule[],
    /** false in strict mode: markers are reported, not honoured. */
    private readonly inline: boolean,
  ) {
    this.byConfig = configAllow(config);
  }

  /** Every scanned line goes through here first (and, from a diff, its context lines). */
  see(line: AddedLine): void {
    const cur = this.current;
    if (cur === null || cur.line !== line.line || cur.file !== line.file || cur.commit !== line.commit) this.previous = cur;
    this.current = line;
  }

  judge(finding: Finding, line: AddedLine): void {
    const allowance = this.byConfig(finding);
    const marker = allowance ? null : this.markerFor(line);
    if (marker === undefined) this.pending++;
    this.entries.push({ finding, allowance, marker });
  }

  /** Reads the lines above findings that were not scanned (`read` absent: such markers cannot count). */
  async settle(read?: FileLines): Promise<AllowOutcome> {
    if (this.pending > 0) await this.readPending(read);
    return this.outcome();
  }

  private markerFor(line: AddedLine): InlineMarker | null | undefined {
    const same = findMarker(line.text, 'same-line');
    if (same || line.line <= 1) return same;
    const prev = this.previous;
    if (prev && prev.line === line.line - 1 && prev.file === line.file && prev.commit === line.commit) return findMarker(prev.text, 'next-line');
    return undefined;
  }

  private async readPending(read: FileLines | undefined): Promise<void> {
    const pending = this.entries.filter((e) => e.marker === undefined);
    const keyOf = (f: Finding) => `${f.commit ?? ''}\0${f.file}`;
    const refs = new Map<string, { file: string; commit: string | null; lines: number[] }>();
    for (const { finding: f } of pending) {
      const ref = refs.get(keyOf(f)) ?? refs.set(keyOf(f), { file: f.file, commit: f.commit, lines: [] }).get(keyOf(f))!;
      ref.lines.push(f.line - 1);
    }
    const contents = read ? await read([...refs.values()]) : [];
    const lines = new Map([...refs.keys()].map((key, i) => [key, contents[i] ?? null]));
    for (const entry of pending) {
      const above = lines.get(keyOf(entry.finding))?.get(entry.finding.line - 1);
      entry.marker = above === undefined ? null : findMarker(above, 'next-line');
    }
    this.pending = 0;
  }

  private outcome(): AllowOutcome {
    const out: AllowOutcome = { findings: [], suppressed: [], ignoredMarkers: new Map() };
    for (const { finding, allowance, marker } of this.entries) {
      const allowed = allowance ?? (marker && this.inline ? this.inlineAllowance(finding, marker) : null);
      if (allowed) {
        out.suppressed.push({ ...finding, ...allowed });
        continue;
      }
      out.findings.push(finding);
      if (marker) out.ignoredMarkers.set(finding, marker.reason && this.redacted(marker.reason, finding));
    }
    return out;
  }

  private inlineAllowance(finding: Finding, marker: InlineMarker): Allowance {
    if (marker.reason === null) return { allowedBy: 'inline', reason: 'inline (no reason given)', reasonMissing: true };
    return { allowedBy: 'inline', reason: `inline: ${this.redacted(marker.reason, finding)}` };
  }

  /** A reason is free text from the scanned line: never let it carry the secret (or another one). */
  private redacted(text: string, finding: Finding): string {
    let out = redactFindingIn(text, finding);
    for (const other of scanText(this.rules, out)) out = redactFindingIn(out, other);
    return out;
  }
}
