// Engine micro-benchmark: MB/s of added lines through the real hot path (raw bytes → canSkip → scan), all
// rules and each rule alone, and the slowest rule on hostile 1 MB lines.
//   node bench/engine.mjs [MB]        (after npm run build)
import { compileRules, providers, Scanner } from '../dist/index.js';
import { makeRandom, realisticLines } from './workloads.mjs';

const megabytes = Number(process.argv[2] ?? 64);
const lines = realisticLines(makeRandom(42), megabytes * 1024 * 1024);
const buf = Buffer.from(`${lines.join('\n')}\n`);
const bounds = lineBounds(buf);

function lineBounds(b) {
  const out = [];
  for (let start = 0, nl = b.indexOf(10); nl !== -1; start = nl + 1, nl = b.indexOf(10, start)) out.push(start, nl);
  return out;
}

/** Feeds every line as the diff parser does: ask canSkip on the bytes, decode and scan only the rest. */
function throughput(rules, b, spans) {
  let findings = 0;
  let scanned = 0;
  const scanner = new Scanner(rules, () => findings++, ['mailguard:allow', '\u0000']);
  // One string per file, reused for all its lines, as the diff parser does.
  const files = Array.from({ length: (spans.length >> 12) + 1 }, (_, k) => `src/file${k}.ts`);
  const started = performance.now();
  for (let i = 0; i < spans.length; i += 2) {
    const file = files[i >> 12];
    const line = ((i >> 1) & 2047) + 1;
    if (scanner.canSkip(file, null, b, spans[i], spans[i + 1])) continue;
    scanned++;
    scanner.scan({ file, line, text: b.toString('utf8', spans[i], spans[i + 1]), offset: 0, commit: null });
  }
  scanner.end();
  return { seconds: (performance.now() - started) / 1000, findings, scanned };
}

const all = compileRules(providers);
throughput(all, buf, bounds.slice(0, 40000)); // warm-up: let V8 optimise the hot loop and the regexes
const total = throughput(all, buf, bounds);
console.log(`engine, all ${all.length} rules: ${(buf.length / 1e6 / total.seconds).toFixed(0)} MB/s over ${(buf.length / 1e6).toFixed(0)} MB (${bounds.length / 2} lines, ${total.scanned} decoded, ${total.findings} findings)`);

const sampleEnd = bounds[Math.min(bounds.length, 400000) - 1] + 1;
const sample = buf.subarray(0, sampleEnd);
const sampleBounds = lineBounds(sample);
const perRule = all.map((rule) => {
  const one = compileRules([{ ...rule.provider, rules: [rule.spec] }]);
  return { id: rule.spec.id, mbps: sample.length / 1e6 / throughput(one, sample, sampleBounds).seconds };
});
perRule.sort((a, b) => a.mbps - b.mbps);
console.log('slowest rules alone (MB/s):', perRule.slice(0, 5).map((r) => `${r.id} ${r.mbps.toFixed(0)}`).join(', '));

let worst = { id: '', ms: 0, line: '' };
for (const [name, text] of hostileLines()) {
  const hb = Buffer.from(text);
  for (const rule of all) {
    const one = compileRules([{ ...rule.provider, rules: [rule.spec] }]);
    const { seconds } = throughput(one, hb, [0, hb.length]);
    if (seconds * 1000 > worst.ms) worst = { id: rule.spec.id, ms: seconds * 1000, line: name };
  }
}
console.log(`slowest rule on a hostile 1 MB line: ${worst.id} ${worst.ms.toFixed(1)} ms (${worst.line})`);

function hostileLines() {
  const size = 1024 * 1024;
  const fill = (unit) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const words = [...new Set(all.flatMap((r) => [...(r.spec.keywords ?? []), ...r.context]))];
  return [
    ['aaaa…', fill('a')],
    ['hex run', fill('0123456789abcdef')],
    ['key- near-misses', fill(`key-${'a1'.repeat(15)}b `)],
    ['SG. near-misses', fill(`SG.${'A'.repeat(21)}.`)],
    ['every keyword', fill(`${words.join(' ')} `)],
    ['password= runs', fill('password=')],
    ['mailgun + hex', fill(`mailgun ${'f'.repeat(40)}-`)],
  ];
}
