// Engine micro-benchmark: MB/s of added lines through the real Scanner, all rules and each rule alone,
// and the slowest rule on hostile 1 MB lines. Usage: node bench/engine.mjs [MB]   (after npm run build)
import { compileRules, providers, Scanner } from '../dist/index.js';
import { makeRandom, realisticLines } from './workloads.mjs';

const megabytes = Number(process.argv[2] ?? 64);
const random = makeRandom(42);
const lines = realisticLines(random, megabytes * 1024 * 1024);
const bytes = lines.reduce((n, l) => n + l.length + 1, 0);

function throughput(rules, input, repeat = 1) {
  let findings = 0;
  const scanner = new Scanner(rules, () => findings++);
  const started = performance.now();
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < input.length; i++) scanner.scan({ file: `src/file${i >> 6}.ts`, line: (i & 63) + 1, text: input[i], offset: 0, commit: null });
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, findings };
}

const all = compileRules(providers);
throughput(all, lines.slice(0, 20000)); // warm-up: let V8 compile the regexes
const total = throughput(all, lines);
console.log(`engine, all ${all.length} rules: ${(bytes / 1e6 / total.seconds).toFixed(0)} MB/s over ${(bytes / 1e6).toFixed(0)} MB (${lines.length} lines, ${total.findings} findings)`);

const sample = lines.slice(0, Math.min(lines.length, 200000));
const sampleBytes = sample.reduce((n, l) => n + l.length + 1, 0);
const perRule = all.map((rule) => {
  const one = compileRules([{ ...rule.provider, rules: [rule.spec] }]);
  return { id: rule.spec.id, mbps: sampleBytes / 1e6 / throughput(one, sample).seconds };
});
perRule.sort((a, b) => a.mbps - b.mbps);
console.log('slowest rules alone (MB/s):', perRule.slice(0, 5).map((r) => `${r.id} ${r.mbps.toFixed(0)}`).join(', '));

const hostile = hostileLines();
let worst = { id: '', ms: 0 };
for (const rule of all) {
  const one = compileRules([{ ...rule.provider, rules: [rule.spec] }]);
  for (const text of hostile) {
    const { seconds } = throughput(one, [text]);
    if (seconds * 1000 > worst.ms) worst = { id: rule.spec.id, ms: seconds * 1000 };
  }
}
console.log(`slowest rule on a hostile 1 MB line: ${worst.id} ${worst.ms.toFixed(1)} ms`);

function hostileLines() {
  const size = 1024 * 1024;
  const fill = (unit) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const words = [...new Set(all.flatMap((r) => [...(r.spec.keywords ?? []), ...r.context]))];
  return [
    fill('a'),
    fill('0123456789abcdef'),
    fill('key-' + 'a'.repeat(31) + ' '),
    fill('SG.' + 'A'.repeat(21) + '.'),
    fill(words.join(' ') + ' '),
    fill('mailgun ' + 'f'.repeat(40) + '-'),
  ];
}
