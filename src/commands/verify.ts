import type { ScanResult } from '../report/types.js';
import { checkableRules, verifyFindings } from '../verify/verify.js';

/** Per request, and for all of them together: a hook must not hang on a slow provider. */
const TIMEOUT_MS = 5000;
const TOTAL_MS = 10_000;
const CONCURRENCY = 4;

/**
 * The verify stage, after allow and before report: asks each reported finding's provider whether the key is
 * live, with the read-only request its rule declares. Allowed (suppressed) findings are never sent.
 */
export async function verifyScan(result: ScanResult): Promise<void> {
  if (result.findings.length === 0) return;
  const rules = checkableRules(result.providers.values());
  const checkable = result.findings.filter((f) => rules.has(f.ruleId)).length;
  process.stderr.write(`mailguard: checking ${checkable} of ${result.findings.length} key${result.findings.length === 1 ? '' : 's'} with the provider's read-only API (live verification)\n`);
  result.verification = await verifyFindings(result.findings, rules, { timeoutMs: TIMEOUT_MS, totalMs: TOTAL_MS, concurrency: CONCURRENCY });
}

