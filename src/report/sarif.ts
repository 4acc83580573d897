import type { Finding } from '../engine/finding.js';
import type { ProviderSpec, RuleSpec, Severity } from '../engine/rule.js';
import { VERSION } from '../messages.js';
import type { ScanResult, SuppressedFinding } from './types.js';
import { verificationField } from './verification.js';

/** SARIF 2.1.0 for code-scanning dashboards. Every field is built from redacted data only. */
export function renderSarif(result: ScanResult): string {
  const rules = [...result.providers.values()].flatMap((p) => p.rules.map((r) => ({ provider: p, rule: r })));
  const index = new Map(rules.map(({ rule }, i) => [rule.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mailguard',
            version: VERSION,
            informationUri: 'https://www.npmjs.com/package/mailguard',
            rules: rules.map(({ provider, rule }) => sarifRule(provider, rule)),
          },
        },
        results: [
          ...result.findings.map((f) => withVerification(sarifResult(f, index), result, f)),
          ...result.suppressed.map((s) => ({ ...sarifResult(s, index), suppressions: [suppression(s)] })),
        ],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

function sarifRule(provider: ProviderSpec, rule: RuleSpec) {
  const title = `${provider.name} ${rule.credential}`;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: `${title} in source` },
    fullDescription: { text: `A ${title} was added to the repository. Anyone who can read the history can use it.` },
    help: { text: checklistText(provider), markdown: checklistMarkdown(provider, title) },
    ...(provider.docs[0] ? { helpUri: provider.docs[0] } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', 'secret', 'email', provider.id],
      precision: rule.context ? 'high' : 'very-high',
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

function sarifResult(f: Finding, index: Map<string, number>) {
  const where = f.commit ? ` (commit ${f.commit.slice(0, 10)})` : '';
  return {
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.providerName} ${f.credential} ${f.redacted} added at ${f.file}:${f.line}${where}. Rotate it and read it from the environment.` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column },
        },
      },
    ],
    partialFingerprints: { 'mailguard/v1': f.fingerprint },
    properties: { provider: f.provider, redacted: f.redacted, ...(f.commit ? { commit: f.commit } : {}) },
  };
}

/** A live check's answer as result properties: `verification` (live|invalid|unknown) and `verificationDetail`. */
function withVerification(r: ReturnType<typeof sarifResult>, result: ScanResult, f: Finding) {
  const v = verificationField(result, f).verification;
  return v ? { ...r, properties: { ...r.properties, verification: v.status, verificationDetail: v.detail } } : r;
}

function suppression(s: SuppressedFinding) {
  return { kind: s.reason.startsWith('inline') ? 'inSource' : 'external', justification: s.reason };
}

function checklistText(provider: ProviderSpec): string {
  return provider.remediation.map((s, i) => `${i + 1}. ${s.step}: ${s.short}${s.url ? ` ${s.url}` : ''}`).join('\n');
}

function checklistMarkdown(provider: ProviderSpec, title: string): string {
  const steps = provider.remediation.map((s, i) => {
    const link = s.url ? ` ([link](${s.url}))` : '';
    const detail = s.detail ? `\n   ${s.detail.replace(/\n/g, '\n   ')}` : '';
    return `${i + 1}. **${capitalise(s.step)}**: ${s.short}${link}${detail}`;
  });
  return [
    `A ${title} was committed. Treat it as leaked: removing the line does not remove it from history.`,
    '',
    '**At the provider**',
    '',
    ...steps,
    '',
    '**In the repository**: move the value to an untracked `.env` (or the CI secret store) and read it from the environment; `mailguard fix` does this for staged files.',
  ].join('\n');
}

/** A repo-relative path as a URI reference: each segment percent-encoded. */
function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function pascalCase(id: string): string {
  return id.replace(/(^|[-_])(\w)/g, (_m, _sep, ch: string) => ch.toUpperCase());
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
