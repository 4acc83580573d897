import type { AddedLine } from '../diff/parse.js';
import type { CompiledRule } from './compile.js';
import { attachSecret, fingerprintOf, redact, type Finding } from './finding.js';
import { Prefilter, type PrefilterHits } from './prefilter.js';
import { isPlaceholder, shannonEntropy } from './validate.js';

/**
 * How far a context word reaches: a rule whose token needs provider context runs on lines up to this many
 * lines below the word (same file), so `mailjet:` arms `  api_key: …` a few lines further down.
 */
export const CONTEXT_WINDOW_LINES = 6;

const SNIPPET_CHARS = 120;

export type FindingSink = (finding: Finding, line: AddedLine) => void;

/** Runs every rule over a stream of added lines, file by file, in order. */
export class Scanner {
  private readonly prefilter: Prefilter;
  private readonly hits: PrefilterHits = { token: new Set(), context: new Set() };
  private fileKey = '';
  private pathArmed = new Set<number>();
  /** Context rule index → last line number where one of its words appeared. */
  private contextSeen = new Map<number, number>();
  /** Dedupe for overlapping segments of one long line. */
  private lineSeen = new Set<string>();
  private lineNumber = -1;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly sink: FindingSink,
  ) {
    this.prefilter = new Prefilter(rules);
  }

  scan(line: AddedLine): void {
    this.enterFile(line);
    const hits = this.hits;
    hits.token.clear();
    hits.context.clear();
    this.prefilter.scan(line.text, hits);
    for (const r of hits.context) this.contextSeen.set(r, line.line);
    if (hits.token.size === 0 && this.contextSeen.size === 0 && this.pathArmed.size === 0) return;
    const found: Array<{ rule: CompiledRule; secret: string; index: number }> = [];
    for (const rule of this.rules) {
      if (this.armed(rule, line.line)) this.match(rule, line.text, found);
    }
    if (found.length > 0) this.emit(line, found);
  }

  private enterFile(line: AddedLine): void {
    const key = `${line.commit ?? ''}\0${line.file}`;
    if (key !== this.fileKey) {
      this.fileKey = key;
      this.pathArmed = new Set(this.prefilter.contextRulesForPath(line.file));
      this.contextSeen.clear();
      this.lineNumber = -1;
    }
    if (line.line !== this.lineNumber) {
      this.lineNumber = line.line;
      this.lineSeen.clear();
    }
  }

  private armed(rule: CompiledRule, lineNumber: number): boolean {
    if (rule.context.length === 0) return this.hits.token.has(rule.index);
    if (this.pathArmed.has(rule.index)) return true;
    const seen = this.contextSeen.get(rule.index);
    return seen !== undefined && lineNumber - seen <= CONTEXT_WINDOW_LINES;
  }

  private match(rule: CompiledRule, text: string, found: Array<{ rule: CompiledRule; secret: string; index: number }>): void {
    const regex = rule.regex;
    regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = regex.exec(text)) !== null) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const secret = m.groups?.secret ?? m[0];
      const index = m.index + (m.groups?.secret !== undefined ? m[0].indexOf(secret) : 0);
      if (this.isReal(rule, secret)) found.push({ rule, secret, index });
    }
  }

  private isReal(rule: CompiledRule, secret: string): boolean {
    if (isPlaceholder(secret)) return false;
    const body = rule.spec.prefix && secret.startsWith(rule.spec.prefix) ? secret.slice(rule.spec.prefix.length) : secret;
    return rule.spec.entropy === undefined || shannonEntropy(body) >= rule.spec.entropy;
  }

  private emit(line: AddedLine, found: Array<{ rule: CompiledRule; secret: string; index: number }>): void {
    const snippet = snippetOf(line.text, found, found[0]!.index);
    for (const { rule, secret, index } of overlapsRemoved(found)) {
      const column = line.offset + index + 1;
      const key = `${column}:${rule.spec.id}`;
      if (this.lineSeen.has(key)) continue;
      this.lineSeen.add(key);
      const finding: Finding = {
        ruleId: rule.spec.id,
        provider: rule.provider.id,
        providerName: rule.provider.name,
        credential: rule.spec.credential,
        severity: rule.spec.severity,
        file: line.file,
        line: line.line,
        column,
        commit: line.commit,
        redacted: redact(secret, rule.spec.prefix),
        fingerprint: fingerprintOf(rule.spec.id, secret),
        envVar: rule.spec.envVar,
        snippet,
      };
      attachSecret(finding, secret);
      this.sink(finding, line);
    }
  }
}

type Match = { rule: CompiledRule; secret: string; index: number };

/** When two rules match overlapping text, the self-identifying (or longer) match wins. */
function overlapsRemoved(found: Match[]): Match[] {
  const sorted = [...found].sort((a, b) => rank(b) - rank(a));
  const kept: Match[] = [];
  for (const m of sorted) {
    const overlaps = kept.some((k) => m.index < k.index + k.secret.length && k.index < m.index + m.secret.length);
    if (!overlaps) kept.push(m);
  }
  return kept.sort((a, b) => a.index - b.index);
}

function rank(m: Match): number {
  return (m.rule.context.length === 0 ? 1_000_000 : 0) + m.secret.length;
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
