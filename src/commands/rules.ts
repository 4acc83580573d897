import { providers } from '../../rules/index.js';
import type { ProviderSpec, RuleSpec } from '../engine/rule.js';
import { ExitCode, UsageError } from '../errors.js';

export function runRules(provider?: string): ExitCode {
  const selected = provider ? [findProvider(provider)] : providers;
  const count = selected.reduce((n, p) => n + p.rules.length, 0);
  const lines = [
    `${selected.length} provider${selected.length === 1 ? '' : 's'}, ${count} rules.  self: the token names its provider · ctx: needs the provider's name nearby · pair: two halves reported as one finding`,
    '',
  ];
  for (const p of selected) lines.push(`${p.id} — ${p.name}`, ...p.rules.flatMap(ruleLines), '');
  process.stdout.write(`${lines.join('\n')}`);
  return ExitCode.Clean;
}

function ruleLines(r: RuleSpec): string[] {
  const kind = r.pairOnly ? 'half' : r.context ? 'ctx' : 'self';
  const lines = [row(r.id, r.severity, kind, r.credential + (r.pairOnly ? ' (reported only with its other half)' : ''))];
  if (r.pair) lines.push(row(r.pair.id, r.severity, 'pair', `${r.pair.credential}: ${r.id} + ${r.pair.with}`));
  return lines;
}

function row(id: string, severity: string, kind: string, credential: string): string {
  return `  ${id.padEnd(36)} ${severity.padEnd(8)} ${kind.padEnd(4)}  ${credential}`;
}

export function runExplain(names: string[]): ExitCode {
  if (names.length === 0) throw new UsageError('explain needs a provider or rule id', 'e.g. `mailguard explain mailgun`');
  for (const name of names) {
    const provider = providers.find((p) => p.id === name || p.rules.some((r) => r.id === name || r.pair?.id === name));
    if (!provider) throw unknownProvider(name);
    process.stdout.write(explainProvider(provider));
  }
  return ExitCode.Clean;
}

function explainProvider(p: ProviderSpec): string {
  const lines = [`${p.name} — what to do when a credential leaked`, ''];
  p.remediation.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.step.toUpperCase()}: ${s.short}`);
    if (s.detail) lines.push(...s.detail.split('\n').map((l) => `   ${l}`));
    if (s.url) lines.push(`   ${s.url}`);
  });
  lines.push('', 'Credentials detected:', ...p.rules.map((r) => `  ${r.id}: ${r.credential} (${r.severity})`));
  if (p.docs.length > 0) lines.push('', 'Provider documentation:', ...p.docs.map((d) => `  ${d}`));
  return `${lines.join('\n')}\n\n`;
}

function findProvider(id: string): ProviderSpec {
  const p = providers.find((x) => x.id === id);
  if (!p) throw unknownProvider(id);
  return p;
}

function unknownProvider(name: string): UsageError {
  return new UsageError(`unknown provider or rule "${name}"`, `known providers: ${providers.map((p) => p.id).join(', ')}`);
}
