import kleur from 'kleur';
import type { Finding } from '../engine/finding.js';
import type { ProviderSpec } from '../engine/rule.js';
import { fileFix } from './remediation.js';
import type { ScanResult } from './types.js';

/** Colour only when the stream written to is a terminal, unless NO_COLOR / FORCE_COLOR say otherwise. */
export function setColour(stream: NodeJS.WriteStream): void {
  const force = process.env.FORCE_COLOR;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') kleur.enabled = false;
  else if (force !== undefined) kleur.enabled = force !== '0' && force !== 'false';
  else kleur.enabled = Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

export function renderText(result: ScanResult): string {
  const out: string[] = [];
  if (result.findings.length === 0) {
    out.push(`${kleur.green('mailguard:')} no email-provider credentials in ${result.target}${summaryTail(result)}`);
    const allowed = allowedLine(result);
    if (allowed) out.push(kleur.dim(allowed));
    return `${out.join('\n')}\n`;
  }
  const n = result.findings.length;
  out.push(kleur.red().bold(`mailguard: ${n} email-provider credential${n === 1 ? '' : 's'} in ${result.target}${blockedWord(result)}`), '');
  for (const f of result.findings) out.push(...findingLines(f), ...ignoredMarkerLines(f, result));
  out.push('', kleur.bold('How to fix the repository'));
  for (const [file, findings] of groupBy(result.findings, (f) => f.file)) out.push(...fileFixLines(file, findings));
  out.push('', kleur.bold(providerHeading(result)));
  for (const [id] of groupBy(result.findings, (f) => f.provider)) out.push(...checklistLines(result.providers.get(id)));
  out.push('', ...footer(result));
  return `${out.join('\n')}\n`;
}

function blockedWord(result: ScanResult): string {
  return result.mode === 'staged' ? ' — commit blocked' : '';
}

function summaryTail(result: ScanResult): string {
  const parts = [`${result.stats.addedLines} lines`];
  if (result.stats.binaryFiles > 0) parts.push(`${result.stats.binaryFiles} binary file(s) skipped`);
  return ` (${parts.join(', ')})`;
}

function findingLines(f: Finding): string[] {
  const where = `${f.file}:${f.line}:${f.column}`;
  const commit = f.commit ? ` in commit ${f.commit.slice(0, 10)}` : '';
  return [
    `  ${kleur.bold(where)}${commit}  ${f.providerName} ${f.credential}  ${severityTag(f.severity)}`,
    `    ${kleur.dim(f.snippet)}`,
    `    ${kleur.dim(`rule ${f.ruleId} · token ${f.redacted}`)}`,
  ];
}

/** Strict mode: the finding carries a marker that did not count; say so, and how a reviewer allows it. */
function ignoredMarkerLines(f: Finding, result: ScanResult): string[] {
  if (!result.ignoredMarkers?.has(f)) return [];
  const reason = result.ignoredMarkers.get(f) ?? 'no reason given';
  return [
    `    ${kleur.yellow(`marked mailguard:allow (${reason}), but inline allows are off here: only mailguard.config.json counts`)}`,
    `    ${kleur.dim(`if reviewed and safe: mailguard allow ${f.fingerprint} --reason "…"`)}`,
  ];
}

/** One line: how many findings the allowlists took, by which, and where no reason was given. */
function allowedLine(result: ScanResult): string | null {
  const n = result.suppressed.length;
  if (n === 0) return null;
  const count = (by: string) => result.suppressed.filter((s) => s.allowedBy === by).length;
  const unreasoned = result.suppressed.filter((s) => s.reasonMissing).map((s) => `${s.file}:${s.line}`);
  const parts: string[] = [];
  if (count('inline') > 0) {
    const missing = unreasoned.length > 0 ? ` (${unreasoned.length} with no reason given: ${listed(unreasoned)})` : '';
    parts.push(`${count('inline')} by mailguard:allow${missing}`);
  }
  if (count('fingerprint') > 0) parts.push(`${count('fingerprint')} by allow.fingerprints`);
  if (count('path') > 0) parts.push(`${count('path')} by allow.paths`);
  const other = n - count('inline') - count('fingerprint') - count('path');
  if (other > 0) parts.push(`${other} by config`);
  return `${n} finding${n === 1 ? '' : 's'} allowed: ${parts.join(', ')} — reasons in --format json`;
}

function listed(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, …`;
}

function severityTag(severity: Finding['severity']): string {
  const tag = `[${severity}]`;
  return severity === 'critical' || severity === 'high' ? kleur.red(tag) : kleur.yellow(tag);
}

function fileFixLines(file: string, findings: Finding[]): string[] {
  const fix = fileFix(file, findings);
  return [`  ${kleur.bold(file)} — ${fix.summary}`, ...fix.steps.map((s) => `    ${s}`)];
}

function providerHeading(result: ScanResult): string {
  return result.mode === 'staged'
    ? 'What to do at the provider (a key that was ever pushed or shared is leaked: rotate it)'
    : 'What to do at the provider: these keys are in git history, so removing the line is not enough — rotate them';
}

function checklistLines(provider: ProviderSpec | undefined): string[] {
  if (!provider) return [];
  const lines = [`  ${kleur.bold(provider.name)}  ${kleur.dim(`(full checklist: mailguard explain ${provider.id})`)}`];
  provider.remediation.forEach((step, i) => lines.push(`    ${i + 1}. ${step.step}: ${step.short}${step.url ? kleur.dim(` ${step.url}`) : ''}`));
  return lines;
}

function footer(result: ScanResult): string[] {
  const lines: string[] = [];
  const allowed = allowedLine(result);
  if (allowed) lines.push(kleur.dim(allowed));
  if (result.stats.binaryFiles > 0) lines.push(kleur.dim(`${result.stats.binaryFiles} binary file(s) skipped.`));
  lines.push(
    kleur.dim(
      result.inlineAllow === false
        ? 'A reviewed false positive? Inline allows are off here: allow its fingerprint with `mailguard allow <fingerprint> --reason "…"`.'
        : 'A reviewed false positive? Add a comment with `mailguard:allow <reason>` on that line, or allow its fingerprint in mailguard.config.json.',
    ),
  );
  return lines;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
