import type { Finding } from '../engine/finding.js';
import type { ScanResult } from '../report/types.js';

/**
 * What a CI log shows when the full report went to a file: one line per finding, plain text (a CI log is
 * no terminal: no colour, no redraws), and where the report is. Everything in it is already redacted.
 */
export function renderSummary(result: ScanResult, report: { file: string; format: string }): string {
  const n = result.findings.length;
  const lines =
    n === 0
      ? [`mailguard: no email-provider credentials in ${result.target} (${result.stats.addedLines} added lines)`]
      : [`mailguard: ${n} email-provider credential${n === 1 ? '' : 's'} in ${result.target}`, ...result.findings.map(findingLine)];
  if (result.suppressed.length > 0) lines.push(`mailguard: ${result.suppressed.length} finding(s) allowed by mailguard:allow or config`);
  lines.push(`mailguard: ${report.format} report written to ${report.file}`);
  if (n > 0) lines.push('mailguard: these keys are in git history: rotate each at its provider (mailguard explain <provider>), then remove it from the code');
  return `${lines.join('\n')}\n`;
}

function findingLine(f: Finding): string {
  const commit = f.commit ? `  commit ${f.commit.slice(0, 12)}` : '';
  return `  ${f.file}:${f.line}:${f.column}  ${f.providerName} ${f.credential}  ${f.redacted}  [${f.severity}]${commit}`;
}
