import type { Finding } from '../engine/finding.js';
import type { ScanResult } from './types.js';

/** JUnit XML for CI systems that display test results: one failing test case per finding. */
export function renderJunit(result: ScanResult): string {
  const cases = result.findings.map(findingCase);
  if (cases.length === 0) cases.push(`    <testcase classname="mailguard" name="no email-provider credentials in ${xml(result.target)}"/>`);
  const seconds = (result.stats.durationMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mailguard" tests="${cases.length}" failures="${result.findings.length}" time="${seconds}">`,
    `  <testsuite name="mailguard: ${xml(result.target)}" tests="${cases.length}" failures="${result.findings.length}" skipped="0" time="${seconds}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function findingCase(f: Finding): string {
  const where = `${f.file}:${f.line}:${f.column}`;
  const commit = f.commit ? ` in commit ${f.commit.slice(0, 10)}` : '';
  const message = `${f.providerName} ${f.credential} ${f.redacted} at ${where}${commit}`;
  return [
    `    <testcase classname="${xml(f.file)}" name="${xml(`${f.ruleId} at line ${f.line}`)}">`,
    `      <failure type="${xml(f.ruleId)}" message="${xml(message)}">${xml(`${message}\nRotate the key at ${f.providerName} (mailguard explain ${f.provider}) and read it from the environment.`)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

function xml(text: string): string {
  // Control characters other than tab/newline are not allowed in XML 1.0 at all.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
