import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { providers } from '../../rules/index.js';
import { compileRules } from '../../src/engine/compile.js';
import { secretsOf } from '../../src/engine/finding.js';
import { scanText } from '../../src/engine/scan-text.js';
import { fake, randomFrom, run, TempRepo, tempDir, type RunResult } from '../helpers.js';
import { withLocalMailguard } from './hostile-support.js';

/**
 * Secrets never leak: a corpus of fake credentials for every provider goes through every output mode and
 * every error path, and no raw token may appear on stdout or stderr.
 */

const rules = compileRules(providers);

interface Sample {
  file: string;
  text: string;
  secrets: string[];
}

const CLASSES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** The same token with every character after its first five swapped for a random one of its class. */
function mutate(secret: string): string {
  const hexOnly = /^[0-9a-f]+$/.test(secret);
  return [...secret]
    .map((ch, i) => {
      if (i < 5) return ch;
      if (hexOnly) return randomFrom('0123456789abcdef', 1);
      const cls = CLASSES.find((c) => c.includes(ch));
      return cls ? randomFrom(cls, 1) : ch;
    })
    .join('');
}

/** Each rule's detecting examples with fresh random tokens (the example itself when the mutation no longer matches). */
function corpus(): Sample[] {
  const samples: Sample[] = [];
  let n = 0;
  for (const provider of providers) {
    for (const rule of provider.rules) {
      for (const example of rule.examples.detect) {
        const { text, file } = typeof example === 'string' ? { text: example, file: `corpus/c${n}/settings.txt` } : { text: example.text, file: `corpus/c${n}/${example.file}` };
        n++;
        const original = scanText(rules, text, file).flatMap(secretsOf);
        if (original.length === 0) continue;
        let mutated = text;
        const fresh = original.map(mutate);
        original.forEach((s, i) => (mutated = mutated.split(s).join(fresh[i]!)));
        const found = scanText(rules, mutated, file).flatMap(secretsOf);
        const usable = fresh.every((s) => found.includes(s));
        samples.push(usable ? { file, text: mutated, secrets: [...new Set(found)] } : { file, text, secrets: [...new Set(original)] });
      }
    }
  }
  return samples;
}

/** Fails on the first output that holds a raw secret (or the last 16 characters of a long one). */
function expectNoLeak(outputs: Record<string, RunResult>, secrets: readonly string[]): void {
  const needles = secrets.flatMap((s) => (s.length >= 24 ? [s, s.slice(-16)] : [s]));
  for (const [name, r] of Object.entries(outputs)) {
    const text = `${r.stdout}\n${r.stderr}`;
    const leaked = needles.filter((s) => text.includes(s));
    expect(leaked.map((s) => `${s} @ ${text.slice(Math.max(0, text.indexOf(s) - 80), text.indexOf(s) + s.length + 20)}`), `${name} printed a secret`).toEqual([]);
  }
}

describe('secrets never leak', () => {
  it('a corpus of fakes for every provider: text, json, sarif, junit, hook, history, range, files, diff, fix --dry-run', () => {
    const samples = corpus();
    const secrets = samples.flatMap((s) => s.secrets);
    expect(new Set(samples.map((s) => s.file.split('/')[1])).size).toBeGreaterThan(100);
    const repo = new TempRepo().add('README.md', '# app\n').commit('init');
    for (const s of samples) repo.write(s.file, `${s.text}\n`);
    // A key in a file name and in a folder name, with a key inside too.
    const [nameKey, dirKey, subjectKey] = [fake.mailgunKey(), fake.sendgridKey(), fake.mailersendToken()];
    repo.write(`named/${nameKey}.env`, `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    repo.write(`${dirKey}/mail.env`, `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    repo.git('add', '.');
    const all = [...secrets, nameKey, dirKey, subjectKey];
    const outputs: Record<string, RunResult> = {};
    for (const format of ['text', 'json', 'sarif', 'junit']) outputs[`staged ${format}`] = repo.mailguard(['scan', '--staged', '--format', format]);
    expect(outputs['staged text']!.code).toBe(1);
    const reported = JSON.parse(outputs['staged json']!.stdout).findings as Array<{ provider: string }>;
    expect(new Set(reported.map((f) => f.provider)).size).toBeGreaterThanOrEqual(30);
    outputs['fix --dry-run'] = repo.mailguard(['fix', '--dry-run']);
    outputs['diff on stdin'] = repo.mailguard(['scan', '--diff', '-'], { input: repo.git('diff', '--cached') });
    outputs['files'] = repo.mailguard(['scan', '.', '--format', 'json']);
    outputs['files text'] = repo.mailguard(['scan', '.']);
    withLocalMailguard(repo.dir);
    repo.mailguard(['install', '--git-hooks']);
    outputs['pre-commit hook'] = run('git', ['commit', '-m', 'corpus'], { cwd: repo.dir });
    expect(outputs['pre-commit hook']!.code).not.toBe(0);
    repo.git('commit', '-q', '--no-verify', '-m', `add the corpus, token ${subjectKey}`);
    for (const format of ['text', 'json', 'sarif', 'junit']) outputs[`history ${format}`] = repo.mailguard(['scan', '--history', '--format', format]);
    outputs['range'] = repo.mailguard(['scan', '--range', 'HEAD~1..HEAD', '--format', 'json']);
    console.log('REPO', repo.dir);
    const remote = tempDir('mailguard-remote-');
    run('git', ['init', '-q', '--bare', remote]);
    outputs['pre-push hook'] = run('git', ['push', remote, 'main'], { cwd: repo.dir });
    expect(outputs['pre-push hook']!.code).not.toBe(0);
    expect(outputs['history text']!.stdout).toContain('add the corpus, token mlsn.');
    expectNoLeak(outputs, all);
  });

  it('error paths: a key where a path, a range, a config, a name, a flag or a fingerprint goes is never echoed', () => {
    const repo = new TempRepo().add('a.txt', 'a\n').commit('init');
    const key = fake.mailgunKey();
    const sg = fake.sendgridKey();
    mkdirSync(join(repo.dir, 'index-dir', key), { recursive: true });
    const outputs: Record<string, RunResult> = {
      'scan PATH': repo.mailguard(['scan', key]),
      'scan --range': repo.mailguard(['scan', '--range', key]),
      'scan --range A..B': repo.mailguard(['scan', '--range', `${key}..${sg}`]),
      'scan --diff': repo.mailguard(['scan', '--diff', key]),
      'scan --config': repo.mailguard(['scan', '--staged', '--config', sg]),
      'scan --format': repo.mailguard(['scan', '--staged', '--format', key]),
      'unknown flag': repo.mailguard(['scan', `--${key}`]),
      'unknown command': repo.mailguard([sg]),
      explain: repo.mailguard(['explain', key]),
      allow: repo.mailguard(['allow', sg, '--reason', 'x']),
      hook: repo.mailguard(['hook', key]),
      'pre-push input': repo.mailguard(['hook', 'pre-push', 'origin', `https://user:${sg}@example.com/x.git`], { input: `refs/heads/${key} x y z\n` }),
      'pre-push url': repo.mailguard(['hook', 'pre-push', `https://user:${key}@example.com/x.git`, `https://user:${key}@example.com/x.git`], { input: '' }),
      'git failure': repo.mailguard(['scan', '--staged'], { env: { ...process.env, GIT_INDEX_FILE: join(repo.dir, 'index-dir', key) } }),
      'git failure 2': repo.mailguard(['scan', '--staged'], { env: { ...process.env, GIT_DIR: join(repo.dir, key) } }),
      'config path': repo.mailguard(['config', 'check', '--config', join(repo.dir, `${key}.json`)]),
    };
    for (const [name, r] of Object.entries(outputs)) {
      if (name === 'pre-push url') continue;
      expect(r.code, `${name}: ${r.stderr}`).toBeGreaterThanOrEqual(2);
    }
    expectNoLeak(outputs, [key, sg]);
  });
});
