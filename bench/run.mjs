// The hook's speed, measured as a user feels it: whole processes, median of several runs, side by side with
// git itself and with a bare `node -e 0`, on workloads generated from a seed in a temp folder.
//
//   npm run bench                 all workloads (W1–W4), 5 runs each after a warm-up
//   npm run bench -- W1 W3 -n 3   some workloads, 3 runs
//   npm run bench -- --cli F      time another build's mailguard.cjs (before/after comparisons)
//   npm run bench -- --keep       leave the generated repositories in the temp folder, for profiling
//
// Peers (secretlint, git-secrets) are timed too when they are on PATH. Not part of `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeLine, makeRandom, token } from './workloads.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const cli = args.includes('--cli') ? resolve(args[args.indexOf('--cli') + 1]) : join(root, 'dist', 'mailguard.cjs');
const runs = Number(args[args.indexOf('-n') + 1]) > 0 && args.includes('-n') ? Number(args[args.indexOf('-n') + 1]) : 5;
const selected = args.filter((a) => /^W\d\w?$/.test(a));
const work = mkdtempSync(join(tmpdir(), 'mailguard-bench-'));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const git = (cwd, ...a) => execFileSync('git', a, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: gitEnv() });
function gitEnv() {
  return { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com', GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' };
}

/** One timed run of a command: wall ms and peak RSS (KB, when /usr/bin/time is there). */
function timeOnce(cmd, argv, cwd) {
  const started = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', '%M', cmd, ...argv], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 })
    : spawnSync(cmd, argv, { cwd, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, rss: TIME ? Number((r.stderr.trim().split('\n').pop() || '0').trim()) : 0 };
}

/**
 * Runs each command `runs` times after one warm-up, taking turns (a, b, c, a, b, c, …) so that a change in
 * the machine's load during the run weighs on all of them alike; returns each one's median ms and RSS.
 */
function timeTogether(commands, cwd) {
  const samples = commands.map(() => []);
  for (let i = 0; i <= runs; i++) {
    commands.forEach(([cmd, argv], c) => {
      const s = timeOnce(cmd, argv, cwd);
      if (i > 0) samples[c].push(s);
    });
  }
  return samples.map((list) => ({ ms: median(list.map((s) => s.ms)), rss: median(list.map((s) => s.rss)), runs: list.map((s) => s.ms) }));
}

function time(cmd, argv, cwd) {
  return timeTogether([[cmd, argv]], cwd)[0];
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function mailguardRss(argv, cwd) {
  const r = spawnSync(process.execPath, [cli, ...argv, '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  try {
    return JSON.parse(r.stdout).stats.maxRssKb;
  } catch {
    return NaN;
  }
}

function newRepo(name) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

function writeFile(dir, path, text) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function lines(random, n) {
  let out = '';
  for (let i = 0; i < n; i++) out += `${codeLine(random)}\n`;
  return out;
}

/** A repository with one commit holding `files` (path → text), ready for the workload's own changes. */
function committedRepo(name, files) {
  const dir = newRepo(name);
  for (const [path, text] of Object.entries(files)) writeFile(dir, path, text);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

const STAGED = { scan: ['scan', '--staged'], git: ['diff', '--cached'] };

/** Stages everything and describes a staged-scan workload. */
function staged(dir) {
  git(dir, 'add', '-A');
  return { dir, ...STAGED };
}

/** W1: a typical commit — 10 staged files, ~700 added lines, in a repo of 2,000 tracked files. */
function w1() {
  const random = makeRandom(1);
  const tracked = {};
  for (let i = 0; i < 2000; i++) tracked[`src/m${i % 40}/f${i}.ts`] = lines(random, 20);
  const dir = committedRepo('w1', tracked);
  for (let i = 0; i < 10; i++) writeFile(dir, `src/m${i}/f${i}.ts`, lines(random, 20) + lines(random, 50));
  return staged(dir);
}

/** W2: a large commit — 2,000 new files, ~200,000 added lines. */
function w2() {
  const random = makeRandom(2);
  const dir = committedRepo('w2', { README: 'base\n' });
  for (let i = 0; i < 2000; i++) writeFile(dir, `pkg/m${i % 50}/f${i}.js`, lines(random, 100));
  return staged(dir);
}

/**
 * W3: one staged 100 MB file, some of it 60 KB lines — half its bytes in ordinary lines, half in minified ones.
 * This mix reproduces the baseline for `git diff --cached` (0.6–0.7 s, most of it git's per-line work
 * before the first byte of output); a file of nothing but 60 KB lines (W3m) costs git only 0.14 s.
 */
function w3() {
  return hugeFile('w3', 3, (random) => (random() < 0.001 ? minifiedLine(random) : codeLine(random)));
}

/** W3m: one staged 100 MB file of nothing but ~60 KB lines (a minified bundle). */
function w3m() {
  return hugeFile('w3m', 3, minifiedLine);
}

function minifiedLine(random) {
  let s = '';
  while (s.length < 60_000) s += `${codeLine(random)} `;
  return s;
}

function hugeFile(name, seed, nextLine) {
  const random = makeRandom(seed);
  const dir = committedRepo(name, { README: 'base\n' });
  const parts = [];
  for (let size = 0; size < 100 * 1024 * 1024; ) {
    const l = nextLine(random);
    parts.push(l);
    size += l.length + 1;
  }
  writeFile(dir, 'data/bundle.min.js', `${parts.join('\n')}\n`);
  return staged(dir);
}

/** W4: a pre-push of 200 commits, ~10,000 added lines. */
function w4() {
  const random = makeRandom(4);
  const dir = committedRepo('w4', { README: 'base\n' });
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  // fast-import: 200 commits without 200 processes.
  let stream = '';
  for (let c = 0; c < 200; c++) {
    const message = `commit ${c}`;
    stream += `commit refs/heads/main\ncommitter Bench <bench@example.com> ${1700000000 + c} +0000\ndata ${message.length}\n${message}\n`;
    if (c === 0) stream += `from ${base}\n`;
    for (let f = 0; f < 5; f++) {
      const body = lines(random, 10) + (random() < 0.02 ? `const id = '${token(random, '0123456789abcdef', 32)}';\n` : '');
      stream += `M 644 inline src/c${c}/f${f}.ts\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    }
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream, env: gitEnv() });
  git(dir, 'reset', '-q', '--hard', 'main');
  return { dir, scan: ['scan', '--range', `${base}..HEAD`], git: ['log', '-p', '-U0', `${base}..HEAD`] };
}

const WORKLOADS = { W1: w1, W2: w2, W3: w3, W3m: w3m, W4: w4 };
const targets = {
  W1: (m, g, n) => ({ ratio: m / n, limit: 1.4, of: 'node -e 0' }),
  W2: (m, g, n) => ({ ratio: m / (g + n), limit: 2, of: 'git + node' }),
  W3: (m, g) => ({ ratio: m / g, limit: 1.5, of: 'git' }),
  W3m: (m, g) => ({ ratio: m / g, limit: 1.5, of: 'git' }),
  W4: (m, g, n) => ({ ratio: m / (g + n), limit: 2, of: 'git + node' }),
};

console.log(`mailguard bench — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${git(root, '--version').trim()}`);
console.log(`median of ${runs} runs after 1 warm-up, the commands of a workload taking turns (ratio: median of the rounds' ratios); wall ms; RSS = peak resident KB (mailguard: its own stats.maxRssKb)\n`);
console.log('| workload | mailguard | git alone | node -e 0 | ratio (target) | mailguard RSS | git RSS | peers |');
console.log('|---|---|---|---|---|---|---|---|');
try {
  for (const [name, make] of Object.entries(WORKLOADS)) {
    if (selected.length > 0 && !selected.includes(name)) continue;
    const w = make();
    const [mg, gt, node] = timeTogether([[process.execPath, [cli, ...w.scan]], ['git', w.git], [process.execPath, ['-e', '0']]], w.dir);
    // The ratio of each round (the three commands run back to back), then their median: steadier than a ratio
    // of medians when the machine's speed drifts.
    const rounds = mg.runs.map((m, i) => targets[name](m, gt.runs[i], node.runs[i]));
    const t = { ...rounds[0], ratio: median(rounds.map((r) => r.ratio)) };
    const rss = mailguardRss(w.scan, w.dir);
    const peers = peerTimes(w).join(', ') || '—';
    const verdict = t.ratio <= t.limit ? 'ok' : 'OVER';
    console.log(`| ${name} | ${mg.ms.toFixed(0)} ms | ${gt.ms.toFixed(0)} ms | ${node.ms.toFixed(0)} ms | ${t.ratio.toFixed(2)}x of ${t.of} (≤ ${t.limit}x, ${verdict}) | ${(rss / 1024).toFixed(0)} MB | ${(gt.rss / 1024).toFixed(0)} MB | ${peers} |`);
  }
} finally {
  if (args.includes('--keep')) console.log(`\nrepositories kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

function peerTimes(w) {
  const out = [];
  if (w.scan[1] !== '--staged') return out;
  if (onPath('git-secrets')) out.push(`git-secrets ${time('git-secrets', ['--scan'], w.dir).ms.toFixed(0)} ms`);
  if (onPath('secretlint')) out.push(`secretlint ${time('secretlint', ['**/*'], w.dir).ms.toFixed(0)} ms`);
  return out;
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
