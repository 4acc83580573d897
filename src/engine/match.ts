import type { AddedLine } from '../diff/parse.js';
import type { CompiledRule } from './compile.js';
import { ContextWindow, isLockFile, keyNameBefore, keyNameKind } from './context.js';
import { attachSecret, fingerprintOf, redact, type Finding } from './finding.js';
import { PairBuffer, type Half } from './pairs.js';
import { Prefilter, type PrefilterHits } from './prefilter.js';
import type { PairSpec, Severity } from './rule.js';
import { base64Decoded, charClasses, isPlaceholder, shannonEntropy, VALIDATORS } from './validate.js';

export { CONTEXT_WINDOW_LINES, SECTION_WINDOW_LINES } from './context.js';
export { PAIR_WINDOW_LINES } from './pairs.js';

const SNIPPET_CHARS = 120;
/** A line with more matches of one rule than this is generated data; the first ones are enough to block it. */
const MAX_MATCHES_PER_RULE = 32;
/** Candidates (regex matches, before validation) one rule may examine on one line: bounds hostile lines. */
const MAX_CANDIDATES_PER_RULE = 512;

export type FindingSink = (finding: Finding, line: AddedLine) => void;

interface Match {
  rule: CompiledRule;
  secret: string;
  index: number;
  /** Length of the longest context word that armed the rule on this line (0 when not from this line). */
  specificity: number;
  identifier: boolean;
}

/**
 * Runs every rule over a stream of added lines, file by file, in order. Call `end()` after the last line:
 * halves of two-part credentials wait there for their other half.
 */
export class Scanner {
  private readonly prefilter: Prefilter;
  private readonly hits: PrefilterHits = { token: new Set(), context: new Map() };
  private readonly window = new ContextWindow();
  private readonly pairs: PairBuffer;
  /** File and commit of the last line scanned: `canSkip` only vouches for lines of the same file. */
  private lastFile: string | null = null;
  private lastCommit: string | null = null;
  private lockFile = false;
  /** Dedupe for overlapping segments of one long line. */
  private lineSeen = new Set<string>();
  private lineNumber = -1;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly sink: FindingSink,
    /** Words that make a line worth a full look for the caller's own stages (an allow marker, a NUL byte). */
    watch: readonly string[] = [],
  ) {
    this.prefilter = prefilterFor(rules, watch);
    this.pairs = new PairBuffer({
      alone: (half) => this.report(half.rule.spec.id, half.rule.spec.credential, half.rule.spec.severity, half, null),
      pair: (lead, other, pair) => this.reportPair(lead, other, pair),
    });
  }

  scan(line: AddedLine): void {
    this.enterFile(line);
    const hits = this.hits;
    hits.token.clear();
    hits.context.clear();
    this.prefilter.scan(line.text, hits);
    if (!this.lockFile) for (const r of hits.context.keys()) this.window.arm(r, line.line, line.text);
    if (hits.token.size === 0 && this.window.idle) return;
    const found: Match[] = [];
    for (const rule of this.rules) {
      if (rule.context.length === 0) {
        if (hits.token.has(rule.index)) this.match(rule, line.text, found);
      } else if (!this.lockFile && this.window.armedBy(rule.index, line.line) !== null) {
        this.match(rule, line.text, found);
      }
    }
    if (found.length > 0) this.emit(line, found);
  }

  /**
   * The hot path: true when a line, still as raw bytes, cannot matter — same file as the line before, no
   * context armed, no keyword or watched word in it — so it need not be decoded or scanned at all.
   */
  canSkip(file: string, commit: string | null, buf: Uint8Array, start: number, end: number): boolean {
    if (file !== this.lastFile || commit !== this.lastCommit) this.switchFile(file, commit);
    return this.window.idle && !this.prefilter.hasAny(buf, start, end);
  }

  /** Reports the halves of pairs still waiting. */
  end(): void {
    this.pairs.settleAll();
  }

  private enterFile(line: AddedLine): void {
    if (line.file !== this.lastFile || line.commit !== this.lastCommit) this.switchFile(line.file, line.commit);
    if (line.line !== this.lineNumber) {
      this.lineNumber = line.line;
      this.lineSeen.clear();
      this.window.advance(line.line, line.text);
      this.pairs.settleBefore(line.line);
    }
  }

  private switchFile(file: string, commit: string | null): void {
    this.lastFile = file;
    this.lastCommit = commit;
    this.pairs.settleAll();
    this.lockFile = isLockFile(file);
    this.window.enterFile(this.lockFile ? [] : this.prefilter.contextRulesForPath(file));
    this.lineNumber = -1;
  }

  private match(rule: CompiledRule, text: string, found: Match[]): void {
    const regex = rule.regex;
    regex.lastIndex = 0;
    let count = 0;
    let candidates = 0;
    let m: RegExpExecArray | null;
    while (count < MAX_MATCHES_PER_RULE && candidates++ < MAX_CANDIDATES_PER_RULE && (m = regex.exec(text)) !== null) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const secret = m.groups?.secret ?? m[0];
      const index = m.index + (m.groups?.secret !== undefined ? m[0].indexOf(secret) : 0);
      if (!isReal(rule, secret)) continue;
      const key = rule.context.length > 0 ? keyNameBefore(text, index).toLowerCase() : '';
      if (rule.context.length > 0 && !keyFits(rule, key)) continue;
      count++;
      const identifier = key !== '' && rule.identifierKeys.some((w) => key.includes(w));
      found.push({ rule, secret, index, specificity: this.hits.context.get(rule.index) ?? 0, identifier });
    }
  }

  private emit(line: AddedLine, found: Match[]): void {
    const kept = overlapsRemoved(found);
    for (const m of kept) {
      const column = line.offset + m.index + 1;
      const key = `${column}:${m.rule.spec.id}`;
      if (this.lineSeen.has(key)) continue;
      this.lineSeen.add(key);
      const snippet = snippetOf(line.text, kept, m.index);
      const half: Half = { rule: m.rule, secret: m.secret, line, column, snippet, identifier: m.identifier };
      if (m.rule.partners.length === 0) {
        this.report(m.rule.spec.id, m.rule.spec.credential, m.rule.spec.severity, half, null);
        continue;
      }
      this.pairs.add(half);
      for (const p of m.rule.partners) if (!this.lockFile) this.window.arm(p, line.line, '');
    }
  }

  private reportPair(lead: Half, other: Half, pair: PairSpec): void {
    const declaring = lead.rule.pair === pair ? lead.rule : other.rule;
    this.report(pair.id, pair.credential, declaring.spec.severity, lead, other);
  }

  private report(ruleId: string, credential: string, severity: Severity, half: Half, other: Half | null): void {
    const { rule, secret, line, column } = half;
    const parts = other ? [secret, other.secret].sort() : [secret];
    const finding: Finding = {
      ruleId,
      provider: rule.provider.id,
      providerName: rule.provider.name,
      credential,
      severity,
      file: line.file,
      line: line.line,
      column,
      commit: line.commit,
      redacted: redact(secret, rule.spec.prefix),
      fingerprint: fingerprintOf(ruleId, parts.join('\0')),
      envVar: rule.spec.envVar,
      snippet: half.snippet,
    };
    if (other) finding.pairedWith = { line: other.line.line, column: other.column };
    if (other) attachSecret(finding, secret, other.secret);
    else attachSecret(finding, secret);
    this.sink(finding, line);
  }
}

/**
 * Scanners over the same compiled rules share one prefilter: its automata are the costly part of a scanner,
 * and short-lived scanners (redacting a message, reading an allow reason) are made often.
 */
const prefilters = new WeakMap<readonly CompiledRule[], Map<string, Prefilter>>();

function prefilterFor(rules: readonly CompiledRule[], watch: readonly string[]): Prefilter {
  let byWatch = prefilters.get(rules);
  if (!byWatch) prefilters.set(rules, (byWatch = new Map()));
  const key = watch.join('\0');
  let prefilter = byWatch.get(key);
  if (!prefilter) byWatch.set(key, (prefilter = new Prefilter(rules, watch)));
  return prefilter;
}

/** Placeholder, entropy, character classes and the rule's own validator. */
function isReal(rule: CompiledRule, secret: string): boolean {
  const spec = rule.spec;
  if (isPlaceholder(secret)) return false;
  const body = spec.prefix && secret.startsWith(spec.prefix) ? secret.slice(spec.prefix.length) : secret;
  if (spec.entropy !== undefined && shannonEntropy(body) < spec.entropy) return false;
  if (spec.minClasses !== undefined && charClasses(body) < spec.minClasses) return false;
  if (rule.decoded && !rule.decoded.test(base64Decoded(secret))) return false;
  return spec.validator === undefined || VALIDATORS[spec.validator]!(secret);
}

/**
 * A bare token is taken only as the value of a credential-like name: a generic one (`api_key`, `secret`,
 * `password`, `Bearer`), the provider's name plus credential words (`MJ_APIKEY_PRIVATE`, `MAILGUN_KEY`), an
 * identifier name of the rule (`site_id`), or no name at all (a positional argument). `checksum: …`,
 * `cacheKey = …` or `mailgun_message_id: …` is something else.
 */
function keyFits(rule: CompiledRule, key: string): boolean {
  if (key === '' || keyNameKind(key) === 'generic') return true;
  if (rule.identifierKeys.some((w) => key.includes(w))) return true;
  return rule.context.some((w) => key.includes(w) && keyNameKind(key.replace(w, '')) !== 'other');
}

/** When two rules match overlapping text, the more specific match wins. */
function overlapsRemoved(found: Match[]): Match[] {
  const sorted = [...found].sort((a, b) => rank(b) - rank(a));
  const kept: Match[] = [];
  for (const m of sorted) {
    const overlaps = kept.some((k) => m.index < k.index + k.secret.length && k.index < m.index + m.secret.length);
    if (!overlaps) kept.push(m);
  }
  return kept.sort((a, b) => a.index - b.index);
}

/** Not a fallback > self-identifying > longer context word on the line > longer token. */
function rank(m: Match): number {
  return (m.rule.spec.fallback ? 0 : 4e6) + (m.rule.context.length === 0 ? 2e6 : 0) + m.specificity * 1000 + m.secret.length;
}

/** The line with every match redacted, cut to a window around the first one. */
function snippetOf(text: string, found: Match[], focus: number): string {
  let out = '';
  let pos = 0;
  let focusAt = 0;
  for (const m of [...found].sort((a, b) => a.index - b.index)) {
    if (m.index < pos) continue;
    out += text.slice(pos, m.index);
    if (m.index === focus) focusAt = out.length;
    out += redact(m.secret, m.rule.spec.prefix);
    pos = m.index + m.secret.length;
  }
  out += text.slice(pos);
  const start = Math.max(0, focusAt - 40);
  const cut = out.slice(start, start + SNIPPET_CHARS).trim();
  return (start > 0 ? '…' : '') + cut + (start + SNIPPET_CHARS < out.length ? '…' : '');
}
