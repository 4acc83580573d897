import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { providers } from '../../rules/index.js';
import { compileRules, type CompiledRule } from '../../src/engine/compile.js';
import { Scanner } from '../../src/engine/match.js';

const rules = compileRules(providers);
const MB = 1 << 20;
/** Generous for a shared 2-core CI box; a linear rule takes a few milliseconds per megabyte. */
const BOUND_MS = 1500;

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / Math.max(1, unit.length))).slice(0, bytes);
}

/** The text the rule's own regex matches in its first example. */
function sampleMatch(rule: CompiledRule): string {
  for (const example of rule.spec.examples.detect) {
    const text = typeof example === 'string' ? example : example.text;
    const m = new RegExp(rule.spec.pattern, rule.spec.ignoreCase ? 'i' : '').exec(text);
    if (m) return m[0];
  }
  throw new Error(`no example of ${rule.spec.id} matches its pattern`);
}

/** Long runs of the token alphabet and near-misses repeated, behind the rule's own context word. */
function hostileLines(rule: CompiledRule): string[] {
  const secret = sampleMatch(rule);
  const nearMiss = secret.slice(0, -1);
  const head = rule.context.length > 0 ? `${rule.context[0]} = ` : '';
  const start = rule.spec.prefix ?? secret.slice(0, 4);
  return [
    head + repeatTo(nearMiss, MB),
    head + repeatTo(`${nearMiss} `, MB),
    head + repeatTo(start, MB),
    head + repeatTo(secret.replace(/[^A-Za-z0-9]/g, ''), MB),
    head + repeatTo(`${secret}-`, MB),
  ];
}

function timeLine(text: string): number {
  const scanner = new Scanner(rules, () => {});
  const t0 = performance.now();
  scanner.scan({ file: 'hostile.txt', line: 1, text, offset: 0, commit: null });
  scanner.end();
  return performance.now() - t0;
}

describe('every rule is linear', () => {
  it('passes the recheck ReDoS analyser (no ambiguous nested quantifiers)', () => {
    const unsafe: string[] = [];
    for (const rule of rules) {
      const flags = rule.spec.ignoreCase ? 'gi' : 'g';
      // The automaton checker is the static proof (ambiguity of the regex's automaton); when it cannot
      // model a pattern it answers `unknown`, and the fuzzer gets the last word.
      let diagnostics = checkSync(rule.spec.pattern, flags, { checker: 'automaton' });
      if (diagnostics.status === 'unknown') diagnostics = checkSync(rule.spec.pattern, flags, { checker: 'fuzz' });
      if (diagnostics.status !== 'safe') unsafe.push(`${rule.spec.id}: ${diagnostics.status}`);
    }
    expect(unsafe).toEqual([]);
    // The analyser itself works: it rejects nested and unbounded ambiguous quantifiers.
    expect(checkSync('^(a+)+$', '', { checker: 'automaton' }).status).toBe('vulnerable');
    expect(checkSync(String.raw`smtps?://[^:@]+:[^@]+@x`, 'g', { checker: 'automaton' }).status).toBe('vulnerable');
  }, 60_000);

  it(`scans a 1 MB hostile line for each rule in under ${BOUND_MS} ms`, () => {
    let slowest = { id: '', ms: 0 };
    const slow: string[] = [];
    for (const rule of rules) {
      for (const line of hostileLines(rule)) {
        const ms = timeLine(line);
        if (ms > slowest.ms) slowest = { id: rule.spec.id, ms };
        if (ms > BOUND_MS) slow.push(`${rule.spec.id}: ${ms.toFixed(0)} ms`);
      }
    }
    console.log(`slowest rule on a 1 MB hostile line: ${slowest.id} ${slowest.ms.toFixed(1)} ms`);
    expect(slow).toEqual([]);
  }, 300_000);
});
