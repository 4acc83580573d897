import kleur from 'kleur';
import type { Finding } from '../engine/finding.js';
import type { ProviderSpec } from '../engine/rule.js';
import type { CommitInfo } from '../git/commits.js';
import { fixLines, isAutomatic } from './fix-steps.js';
import { historyAdvice, historyCommands } from './history.js';
import { redactSecrets, shownPath } from './redact.js';
import { planFixes } from './remediation.js';
import type { ScanResult } from './types.js';
import { liveBanner, verificationLines } from './verification.js';

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
  for (const f of result.findings) out.push(...findingLines(f, result.commits), ...verificationLines(result, f), ...ignoredMarkerLines(f, result));
  out.push('', kleur.bold('How to fix the repository'), ...repositoryFixLines(result));
  out.push(...historyLines(result));
  out.push('', kleur.bold(providerHeading(result)));
  for (const [id] of groupBy(result.findings, (f) => f.provider)) out.push(...checklistLines(result.providers.get(id), liveBanner(result, id)));
  out.push('', ...footer(result));
  return `${out.join('\n')}\n`;
}

function blockedWord(result: ScanResult): string {
  if (result.mode === 'push') return ' — push blocked';
  return result.mode === 'staged' ? ' — commit blocked' : '';
}

function summaryTail(result: ScanResult): string {
  const parts = [`${result.stats.addedLines} line${result.stats.addedLines === 1 ? '' : 's'}`];
  if (result.stats.binaryFiles > 0) parts.push(`${result.stats.binaryFiles} binary file(s) skipped`);
  return ` (${parts.join(', ')})`;
}

function findingLines(f: Finding, commits: ScanResult['commits']): string[] {
  const where = `${shownPath(f.file)}:${f.line}:${f.column}`;
  return [
    `  ${kleur.bold(where)}  ${f.providerName} ${f.credential}  ${severityTag(f.severity)}`,
    ...(f.commit ? [`    ${commitLine(f.commit, commits?.get(f.commit))}`] : []),
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

/** `commit 1a2b3c4 2024-05-01 "add mail config"`; the subject is the author's text: no escapes, no secrets. */
function commitLine(sha: string, info: CommitInfo | undefined): string {
  if (!info) return `commit ${kleur.yellow(sha.slice(0, 12))}`;
  const subject = redactSecrets(info.subject.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '));
  const shown = subject.length > 72 ? `${subject.slice(0, 71)}…` : subject;
  return `commit ${kleur.yellow(info.short)} ${info.date} "${shown}"`;
}

/** Push and history scans: the key sits in commits, so fixing the file is not the whole fix. */
function historyLines(result: ScanResult): string[] {
  if (result.mode === 'push') {
    const oldest = result.findings.at(-1)?.commit;
    const info = oldest ? result.commits?.get(oldest) : undefined;
    const base = info && info.parents.length === 0 ? '--root' : `${info?.short ?? oldest?.slice(0, 12) ?? '<commit>'}^`;
    return [
      '',
      kleur.bold('Rewrite the commits before pushing'),
      '  A new commit that deletes the line does not help: the key stays in the commit that added it, and that commit would be pushed.',
      '  In the last commit: fix the file, `git add` it, `git commit --amend`, then push again.',
      `  In an older commit: \`git rebase -i ${base}\`, mark each listed commit \`edit\`, fix the file, \`git commit --amend\`, \`git rebase --continue\`.`,
      '  If the key was ever pushed anywhere (another remote or branch, a fork, CI), it is leaked: rotate it at the provider as well.',
    ];
  }
  return historyCleanupLines(result);
}

function severityTag(severity: Finding['severity']): string {
  const tag = `[${severity}]`;
  return severity === 'critical' || severity === 'high' ? kleur.red(tag) : kleur.yellow(tag);
}

function repositoryFixLines(result: ScanResult): string[] {
  const plan = planFixes(result.findings, result.fixFacts);
  const lines: string[] = [];
  for (const file of plan.files) {
    lines.push(`  ${kleur.bold(shownPath(file.file))} — ${file.summary}`);
    for (const l of fixLines(file, plan)) lines.push(`    ${l.comment ? kleur.dim(l.text) : l.text}`);
  }
  if (result.mode === 'staged' && plan.files.some(isAutomatic)) {
    lines.push(`  Or let mailguard do the repository part: ${kleur.bold('mailguard fix')} (see the plan first: mailguard fix --dry-run)`);
  }
  return lines;
}

/** Keys in commits: say plainly that a new commit does not remove them, and how history is cleaned. */
function historyCleanupLines(result: ScanResult): string[] {
  const advice = historyAdvice(result.findings, result.mode);
  if (!advice) return [];
  const where = advice.commits.length > 0 ? ` (commit${advice.commits.length === 1 ? '' : 's'} ${advice.commits.join(', ')})` : '';
  const lines = [
    '',
    kleur.red().bold(`The keys are in git history${where}.`),
    '  Deleting the line in a new commit is not enough: every clone, fork and CI cache keeps the old commits.',
    `  ${kleur.bold('Rotate each key first')} (the checklist below); only then clean the history, if you must:`,
  ];
  for (const cmd of historyCommands(advice)) lines.push(`    ${cmd}`);
  if (advice.replacements.length > 0) {
    lines.push(
      kleur.dim('    # the file holds only the redacted patterns shown here, never a key. Run it in a fresh clone, then'),
      kleur.dim('    # force-push every branch and tag and have everyone re-clone: rewritten history does not reach old clones.'),
    );
  }
  for (const f of advice.unpatterned) {
    lines.push(kleur.dim(`    # ${f.file}:${f.line} (${f.redacted}) is too short to match safely by pattern: add a line <the key>==>***${f.envVar}*** yourself`));
  }
  return lines;
}

function providerHeading(result: ScanResult): string {
  return result.mode === 'staged' || result.mode === 'push'
    ? 'What to do at the provider (a key that was ever pushed or shared is leaked: rotate it)'
    : 'What to do at the provider: these keys are in git history, so removing the line is not enough — rotate them';
}

function checklistLines(provider: ProviderSpec | undefined, banner: string[] = []): string[] {
  if (!provider) return [];
  const lines = [`  ${kleur.bold(provider.name)}  ${kleur.dim(`(full checklist: mailguard explain ${provider.id})`)}`, ...banner];
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
