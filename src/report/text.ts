import kleur from 'kleur';
import type { Finding } from '../engine/finding.js';
import type { ProviderSpec } from '../engine/rule.js';
import type { CommitInfo } from '../git/commits.js';
import { redactSecrets } from './redact.js';
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
    return `${out.join('\n')}\n`;
  }
  const n = result.findings.length;
  out.push(kleur.red().bold(`mailguard: ${n} email-provider credential${n === 1 ? '' : 's'} in ${result.target}${blockedWord(result)}`), '');
  for (const f of result.findings) out.push(...findingLines(f, result.commits));
  out.push('', kleur.bold('How to fix the repository'));
  for (const [file, findings] of groupBy(result.findings, (f) => f.file)) out.push(...fileFixLines(file, findings));
  out.push(...historyLines(result));
  out.push('', kleur.bold(providerHeading(result)));
  for (const [id] of groupBy(result.findings, (f) => f.provider)) out.push(...checklistLines(result.providers.get(id)));
  out.push('', ...footer(result));
  return `${out.join('\n')}\n`;
}

function blockedWord(result: ScanResult): string {
  if (result.mode === 'push') return ' — push blocked';
  return result.mode === 'staged' ? ' — commit blocked' : '';
}

function summaryTail(result: ScanResult): string {
  const parts = [`${result.stats.addedLines} lines`];
  if (result.stats.binaryFiles > 0) parts.push(`${result.stats.binaryFiles} binary file(s) skipped`);
  if (result.suppressed.length > 0) parts.push(`${result.suppressed.length} allowed finding(s)`);
  return ` (${parts.join(', ')})`;
}

function findingLines(f: Finding, commits: ScanResult['commits']): string[] {
  const where = `${f.file}:${f.line}:${f.column}`;
  return [
    `  ${kleur.bold(where)}  ${f.providerName} ${f.credential}  ${severityTag(f.severity)}`,
    ...(f.commit ? [`    ${commitLine(f.commit, commits?.get(f.commit))}`] : []),
    `    ${kleur.dim(f.snippet)}`,
    `    ${kleur.dim(`rule ${f.ruleId} · token ${f.redacted}`)}`,
  ];
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
  if (result.mode === 'history') {
    return [
      '',
      kleur.bold('The keys are in git history'),
      '  Deleting the line in a new commit leaves the key in every commit listed above: rotating it at the provider is what makes it harmless.',
      '  To remove it from history too, rewrite it (e.g. `git filter-repo --replace-text`) and force-push; every clone must then be replaced.',
    ];
  }
  return [];
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
  return result.mode === 'staged' || result.mode === 'push'
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
  if (result.suppressed.length > 0) lines.push(kleur.dim(`${result.suppressed.length} finding(s) allowed by mailguard:allow or config (see --format json).`));
  if (result.stats.binaryFiles > 0) lines.push(kleur.dim(`${result.stats.binaryFiles} binary file(s) skipped.`));
  lines.push(
    kleur.dim('A reviewed false positive? Add a comment with `mailguard:allow <reason>` on that line, or allow its fingerprint in mailguard.config.json.'),
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
