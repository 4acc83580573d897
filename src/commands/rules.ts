import { providers } from '../../rules/index.js';
import kleur from 'kleur';
import type { ProviderSpec, RuleSpec } from '../engine/rule.js';
import { ExitCode, UsageError } from '../errors.js';
import { setColour } from '../report/text.js';

export function runRules(provider?: string): ExitCode {
  const selected = provider ? [findProvider(provider)] : providers;
  const lines: string[] = [];
  for (const p of selected) {
    lines.push(`${p.id}  (${p.name})`);
    for (const r of p.rules) lines.push(`  ${r.id.padEnd(34)} ${r.severity.padEnd(8)} ${r.credential}${r.context ? '  [needs provider context]' : ''}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return ExitCode.Clean;
}

export function runExplain(names: string[]): ExitCode {
  if (names.length === 0) throw new UsageError('explain needs a provider or rule id', 'e.g. `mailguard explain mailgun`');
  setColour(process.stdout);
  const texts = names.map((name) => {
    const provider = providers.find((p) => p.id === name || p.rules.some((r) => r.id === name));
    if (!provider) throw unknownProvider(name);
    return explainProvider(provider, provider.rules.find((r) => r.id === name));
  });
  process.stdout.write(texts.join('\n'));
  return ExitCode.Clean;
}

const STEP_TITLES: Record<string, string> = {
  revoke: 'Revoke the leaked key',
  audit: 'Audit what it was used for',
  rotate: 'Rotate: a new key, least privilege',
  update: 'Update every service that uses it',
  harden: 'Harden',
  history: 'Clean the git history',
};
const WIDTH = 100;

/** The full checklist: every step with its detail and link, then the credentials the provider's rules find. */
export function explainProvider(p: ProviderSpec, rule?: RuleSpec): string {
  const lines = [kleur.bold(`${p.name}: what to do when a credential has leaked`)];
  if (rule) lines.push(`${rule.id}: ${rule.credential}, severity ${rule.severity}; keep it in ${rule.envVar}, read from the environment.`);
  lines.push('A key that was ever committed, pushed or shared is leaked: do every step, in this order.', '');
  p.remediation.forEach((s, i) => {
    lines.push(kleur.bold(`${i + 1}. ${STEP_TITLES[s.step] ?? s.step}`), ...wrap(s.short, '   '));
    for (const para of (s.detail ?? '').split('\n').filter((l) => l.trim() !== '')) lines.push(...wrap(para, '   '));
    if (s.url) lines.push(`   ${kleur.cyan(s.url)}`);
    lines.push('');
  });
  lines.push(kleur.bold('What mailguard detects'));
  for (const r of p.rules) lines.push(`   ${r.id}: ${r.credential} (${r.severity}), variable ${r.envVar}`);
  if (p.docs.length > 0) lines.push('', kleur.bold('Provider documentation'), ...p.docs.map((d) => `   ${d}`));
  lines.push('', kleur.dim('In the repository: mailguard fix moves staged keys into an ignored .env (mailguard fix --dry-run shows how).'));
  return `${lines.join('\n')}\n`;
}

/** Word-wraps a paragraph; a leading "- " bullet gets a hanging indent. */
function wrap(text: string, indent: string): string[] {
  const bullet = /^\s*[-*•]\s+/.exec(text);
  const first = indent + (bullet ? '- ' : '');
  const rest = indent + (bullet ? '  ' : '');
  const out: string[] = [];
  let line = first;
  for (const word of text.slice(bullet?.[0].length ?? 0).trim().split(/\s+/)) {
    if (line.trim() !== '' && line !== first && line.length + 1 + word.length > WIDTH) {
      out.push(line);
      line = rest;
    }
    line += line === first || line === rest ? word : ` ${word}`;
  }
  out.push(line);
  return out;
}

function findProvider(id: string): ProviderSpec {
  const p = providers.find((x) => x.id === id);
  if (!p) throw unknownProvider(id);
  return p;
}

function unknownProvider(name: string): UsageError {
  return new UsageError(`unknown provider or rule "${name}"`, `known providers: ${providers.map((p) => p.id).join(', ')}`);
}
