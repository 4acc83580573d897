import type { Finding } from '../engine/finding.js';
import type { ScanResult, SuppressedFinding } from './types.js';
import { verificationField } from './verification.js';

/** The JSON contract of DESIGN.md. Fields are picked one by one: nothing else of a finding is printed. */
export function renderJson(result: ScanResult): string {
  const doc = {
    version: 1,
    findings: result.findings.map((f) => ({ ...publicFields(f), ...verificationField(result, f) })),
    suppressed: result.suppressed.map((s: SuppressedFinding) => ({ ...publicFields(s), reason: s.reason })),
    stats: result.stats,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function publicFields(f: Finding) {
  return {
    ruleId: f.ruleId,
    provider: f.provider,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    commit: f.commit,
    redacted: f.redacted,
    fingerprint: f.fingerprint,
  };
}
