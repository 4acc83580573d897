import kleur from 'kleur';
import type { Finding } from '../engine/finding.js';
import type { Verification } from '../verify/classify.js';
import type { ScanResult } from './types.js';

/** How each answer of a live check reads in the text report. */
const STATUS_TEXT: Record<Verification['status'], string> = {
  live: 'LIVE: the provider accepted it just now',
  invalid: 'revoked or invalid: the provider refused it',
  unknown: 'unknown',
};

/** `{ verification: { status, detail } }` for the JSON report, or nothing when no check ran. */
export function verificationField(result: ScanResult, f: Finding): { verification?: Verification } {
  const v = result.verification?.get(f);
  return v ? { verification: { status: v.status, detail: v.detail } } : {};
}

/** The finding's line in the text report: what the provider answered. */
export function verificationLines(result: ScanResult, f: Finding): string[] {
  const v = result.verification?.get(f);
  if (!v) return [];
  const text = `live check: ${STATUS_TEXT[v.status]} (${v.detail})`;
  const coloured = v.status === 'live' ? kleur.red().bold(text) : v.status === 'invalid' ? kleur.green(text) : kleur.yellow(text);
  const note = v.status === 'invalid' ? [`    ${kleur.dim('still rotate it if it was ever valid: another copy of it may work elsewhere, and the history keeps it')}`] : [];
  return [`    ${coloured}`, ...note];
}

/** Above a provider's checklist when one of its keys answered live. */
export function liveBanner(result: ScanResult, provider: string): string[] {
  const live = result.findings.filter((f) => f.provider === provider && result.verification?.get(f)?.status === 'live');
  if (live.length === 0) return [];
  const where = live.map((f) => `${f.file}:${f.line}`).join(', ');
  return [`    ${kleur.red().bold('LIVE — rotate now')} ${kleur.dim(`(${where} still works: revoke it first, then follow the steps)`)}`];
}
