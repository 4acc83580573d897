// Times `mailguard scan --history` on generated repositories (default 2,000 commits; pass other sizes as
// arguments: `node bench/history.mjs 2000 20000`). Needs a built dist/ (`npm run build`).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHistoryRepo } from '../test/e2e/history-repo.mjs';

const CLI = fileURLToPath(new URL('../dist/mailguard.cjs', import.meta.url));
const RUNS = 3;

const pick = (alphabet, n) => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
const keys = {
  mailgun: () => `key-${pick('abcdefghijklmnopqrstuvwxyz0123456789', 32)}`,
  sendgrid: () => `SG.${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 22)}.${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 43)}`,
  mailersend: () => `mlsn.${pick('0123456789abcdef', 64)}`,
};

for (const commits of (process.argv.slice(2).length ? process.argv.slice(2) : ['2000']).map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), 'mailguard-bench-history-'));
  try {
    let started = performance.now();
    const { expected } = buildHistoryRepo(dir, { commits, keys });
    const buildMs = performance.now() - started;
    const times = [];
    let doc;
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      const r = spawnSync(process.execPath, [CLI, 'scan', '--history', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      times.push(performance.now() - started);
      if (r.status !== 1) throw new Error(`expected exit 1, got ${r.status}: ${r.stderr}`);
      doc = JSON.parse(r.stdout);
    }
    const want = expected.filter((p) => !p.allOnly);
    const exact = doc.findings.length === want.length && want.every((p) => doc.findings.some((f) => f.file === p.file && f.commit === p.sha));
    const median = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
    console.log(
      `${commits} commits: built in ${(buildMs / 1000).toFixed(2)} s; scan --history median ${(median / 1000).toFixed(2)} s wall ` +
        `(${Math.round((commits / median) * 1000)} commits/s), ${doc.stats.addedLines} added lines, maxRss ${Math.round(doc.stats.maxRssKb / 1024)} MB, ` +
        `planted keys found exactly once: ${exact ? 'yes' : 'NO'}`,
    );
    if (!exact) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
