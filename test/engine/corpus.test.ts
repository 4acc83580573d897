import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailguard, ROOT } from '../helpers.js';

/**
 * Realistic leaks (env files, JSON/YAML/INI/properties, code in a dozen languages, curl lines, URLs, docs)
 * and hard negatives (lock files, placeholders, hashes, UUIDs, SHAs, env lookups), run through the built
 * CLI as a user runs it. `corpus-expected.json` lists every line that must be reported, with its provider.
 */
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const RECALL_FLOOR = 0.98;

interface Expected {
  file: string;
  line: number;
  provider: string;
}
interface Reported {
  file: string;
  line: number;
  provider: string;
  ruleId: string;
}

describe('corpus', () => {
  // Run from inside the corpus so that the repository's own config (which allows test/fixtures/**) does not apply.
  const run = mailguard(['scan', '.', '--format', 'json'], { cwd: CORPUS });
  const reported = (JSON.parse(run.stdout) as { findings: Reported[] }).findings;
  const expected = (JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'corpus-expected.json'), 'utf8')) as { expected: Expected[] }).expected;
  const key = (f: { file: string; line: number }) => `${f.file}:${f.line}`;
  const wanted = new Map(expected.map((e) => [key(e), e.provider]));

  it('exits 1 with findings', () => {
    expect(run.code).toBe(1);
  });

  it(`finds at least ${RECALL_FLOOR * 100}% of the leaks, each under the right provider`, () => {
    const found = new Set(reported.filter((r) => wanted.get(key(r)) === r.provider).map(key));
    const missed = expected.filter((e) => !found.has(key(e))).map((e) => `${key(e)} (${e.provider})`);
    const recall = found.size / expected.length;
    console.log(`corpus recall: ${found.size}/${expected.length} = ${(recall * 100).toFixed(1)}%${missed.length ? `; missed: ${missed.join(', ')}` : ''}`);
    expect(recall).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });

  it('reports nothing else (no false positive)', () => {
    const extra = reported.filter((r) => wanted.get(key(r)) !== r.provider).map((r) => `${key(r)} ${r.ruleId}`);
    expect(extra).toEqual([]);
  });

  it('never prints a secret in full', () => {
    for (const r of reported as Array<Reported & { redacted: string }>) expect(r.redacted.endsWith('…')).toBe(true);
  });
});
