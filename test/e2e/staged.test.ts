import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, fake, mailguard, run, TempRepo, tempDir } from '../helpers.js';

describe('mailguard scan --staged on a real repository', () => {
  it('blocks a staged .env with a Mailgun key, names file and line, never prints the key', () => {
    const key = fake.mailgunKey();
    const repo = new TempRepo().add('.env', `# mail\nMAILGUN_API_KEY=${key}\n`);
    const text = repo.mailguard(['scan', '--staged']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('.env:2:17');
    expect(text.stdout).toContain('git rm --cached .env');
    expect(text.stdout).toContain('mailguard explain mailgun');
    const json = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.version).toBe(1);
    expect(doc.findings).toEqual([
      {
        ruleId: 'mailgun-private-key',
        provider: 'mailgun',
        severity: 'high',
        file: '.env',
        line: 2,
        column: 17,
        commit: null,
        redacted: `${key.slice(0, 8)}…`,
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
    expect(doc.suppressed).toEqual([]);
    expect(Object.keys(doc.stats).sort()).toEqual(['addedLines', 'binaryFiles', 'bytes', 'durationMs', 'files', 'maxRssKb']);
    expect(doc.stats.maxRssKb).toBeGreaterThan(1000);
    for (const out of [text.stdout, text.stderr, json.stdout, json.stderr]) expect(out).not.toContain(key);
  });

  it('exits 0 on a clean change and only looks at added lines', () => {
    const key = fake.sendgridKey();
    const repo = new TempRepo().add('mailer.ts', `const k = '${key}';\n`).commit('before mailguard');
    repo.add('mailer.ts', `const k = '${key}';\nconst other = 1;\n`);
    const r = repo.mailguard(['scan', '--staged']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no email-provider credentials');
  });

  it('scans the first commit of a repository (no HEAD yet)', () => {
    const repo = new TempRepo().add('src/mail.ts', `sgMail.setApiKey('${fake.sendgridKey()}');\n`);
    const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ file: 'src/mail.ts', line: 1, ruleId: 'sendgrid-api-key' });
  });

  it('limits the scan to the paths given, as lint-staged passes them', () => {
    const repo = new TempRepo().add('a/.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).add('b/clean.txt', 'hello\n');
    expect(repo.mailguard(['scan', '--staged', 'b/clean.txt']).code).toBe(0);
    expect(repo.mailguard(['scan', '--staged', 'a/.env']).code).toBe(1);
  });

  it('honours an inline mailguard:allow and lists the suppressed finding', () => {
    const repo = new TempRepo().add('test.py', `KEY = "${fake.mailgunKey()}"  # mailguard:allow revoked test key\n`);
    const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings).toEqual([]);
    expect(doc.suppressed[0]).toMatchObject({ file: 'test.py', reason: 'inline: revoked test key' });
  });

  it('outside a git repository exits 2 with one clear line', () => {
    const r = mailguard(['scan', '--staged'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside a git repository/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a real git commit is refused by the pre-commit hook, and goes through once the key is gone', () => {
    const key = fake.mailgunKey();
    const repo = new TempRepo();
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" hook pre-commit\n`);
    chmodSync(hook, 0o755);
    repo.add('.env', `MAILGUN_API_KEY=${key}\n`);
    const blocked = run('git', ['commit', '-m', 'add mail config'], { cwd: repo.dir });
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('commit blocked');
    expect(blocked.stdout + blocked.stderr).not.toContain(key);
    expect(run('git', ['rev-parse', '--verify', 'HEAD'], { cwd: repo.dir }).code).not.toBe(0);
    repo.add('.env', 'MAILGUN_API_KEY=${MAILGUN_API_KEY}\n');
    expect(run('git', ['commit', '-m', 'add mail config'], { cwd: repo.dir }).code).toBe(0);
  });
});

describe('mailguard scan PATH and --diff', () => {
  it('scans plain files without git', () => {
    const dir = tempDir();
    const repo = new TempRepo(dir);
    repo.write('conf/app.env', `MAILERSEND_API_KEY=${fake.mailersendToken()}\n`);
    const r = mailguard(['scan', 'conf', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ file: 'conf/app.env', line: 1, provider: 'mailersend' });
  });

  it('scans a unified diff from stdin', () => {
    const key = fake.mailgunKey();
    const diff = `diff --git a/x.env b/x.env\n--- a/x.env\n+++ b/x.env\n@@ -1 +1 @@\n-OLD=1\n+MAILGUN_API_KEY=${key}\n`;
    const r = mailguard(['scan', '--diff', '-', '--format', 'json'], { input: diff });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ file: 'x.env', line: 1 });
    expect(r.stdout).not.toContain(key);
  });
});

/** About 1.5 MB of ordinary short lines: big enough (over 1 MiB) for a new file to be read from its blob. */
function bigText(lines = 60_000, eol = '\n'): string {
  return Array.from({ length: lines }, (_, i) => `const value${i} = ${i};`).join(eol) + eol;
}

describe('big new files are read whole from their blobs, everything else through the diff', () => {
  it('reports both kinds in path order, with the line numbers of the new version', () => {
    const repo = new TempRepo().add('b/old.ts', 'const a = 1;\nconst b = 2;\n').commit('base');
    repo.add('b/old.ts', `const a = 1;\nconst k = '${fake.sendgridKey()}';\nconst b = 2;\n`);
    repo.add('a/big.ts', `${bigText()}MAILGUN_API_KEY=${fake.mailgunKey()}\n${bigText(10)}`);
    repo.add('c/big.ts', `${bigText()}MAILERSEND_API_TOKEN=${fake.mailersendToken()}`); // no final newline
    repo.add('d/small.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(['a/big.ts:60001', 'b/old.ts:2', 'c/big.ts:60001', 'd/small.env:1']);
    expect(doc.stats).toMatchObject({ files: 4, addedLines: 60_011 + 1 + 60_001 + 1 });
  });

  it('reads a big new file as staged, not as it is on disk', () => {
    const repo = new TempRepo().add('data.txt', `${bigText()}MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    repo.write('data.txt', bigText(70_000));
    expect(repo.mailguard(['scan', '--staged']).code).toBe(1);
    const clean = new TempRepo().add('data.txt', bigText(70_000));
    clean.write('data.txt', `${bigText()}MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    expect(clean.mailguard(['scan', '--staged']).code).toBe(0);
  });

  it('gives a big file the same answers as the diff does: CRLF, a marker on the line above, a binary file', () => {
    const repo = new TempRepo();
    repo.add('crlf.txt', `${bigText(60_000, '\r\n')}SENDGRID_API_KEY=${fake.sendgridKey()}\r\n`);
    repo.add('allowed.txt', `${bigText()}// mailguard:allow-next-line test fixture\nMAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    repo.add('blob.bin', Buffer.concat([Buffer.from(bigText()), Buffer.from([0, 1, 2, 0]), Buffer.from(`\nMAILGUN_API_KEY=${fake.mailgunKey()}\n`)]));
    const doc = JSON.parse(repo.mailguard(['scan', '--staged', '--format', 'json']).stdout);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ file: 'crlf.txt', line: 60_001, column: 18 });
    expect(doc.suppressed).toHaveLength(1);
    expect(doc.stats.binaryFiles).toBe(1);
  });

  it('scans a renamed file through the diff: only the lines it gained are new', () => {
    const key = fake.mailgunKey();
    const body = Array.from({ length: 20 }, (_, i) => `const line${i} = ${i};`).join('\n');
    const repo = new TempRepo().add('old.ts', `${body}\nconst k = '${key}';\n`).commit('base');
    repo.git('mv', 'old.ts', 'moved.ts');
    expect(repo.mailguard(['scan', '--staged']).code).toBe(0);
    repo.add('moved.ts', `${body}\nconst k = '${key}';\nconst j = '${fake.sendgridKey()}';\n`);
    const doc = JSON.parse(repo.mailguard(['scan', '--staged', '--format', 'json']).stdout);
    expect(doc.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(['moved.ts:22']);
  });

  it('leaves a big file of minified lines, and a path given to scan, to the diff', () => {
    const minified = `${'x'.repeat(300_000)}\n`.repeat(4) + `MAILGUN_API_KEY=${fake.mailgunKey()}\n`;
    const repo = new TempRepo().add('dist/app.min.js', minified).add('big.txt', `${bigText()}MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    const doc = JSON.parse(repo.mailguard(['scan', '--staged', '--format', 'json']).stdout);
    expect(doc.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(['big.txt:60001', 'dist/app.min.js:5']);
    const only = JSON.parse(repo.mailguard(['scan', '--staged', '--format', 'json', 'big.txt']).stdout);
    expect(only.findings.map((f: { file: string }) => f.file)).toEqual(['big.txt']);
  });
});

describe('finding the top of the work tree', () => {
  it('takes the folder a hook runs in as the root, and still asks git when core.worktree says otherwise', () => {
    const repo = new TempRepo().add('mailguard.config.json', JSON.stringify({ allow: { paths: ['keys/**'] } }));
    repo.add('keys/.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    expect(repo.mailguard(['scan', '--staged']).code).toBe(0);
    expect(repo.mailguard(['scan', '--staged'], { cwd: join(repo.dir, 'keys') }).code).toBe(0);

    const gitOnly = tempDir();
    const tree = tempDir();
    run('git', ['init', '-q', '-b', 'main', gitOnly]);
    run('git', ['-C', gitOnly, 'config', 'core.worktree', tree]);
    writeFileSync(join(tree, 'mailguard.config.json'), JSON.stringify({ allow: { paths: ['keys/**'] } }));
    mkdirSync(join(tree, 'keys'));
    writeFileSync(join(tree, 'keys', '.env'), `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    run('git', ['-C', gitOnly, 'add', '-A']);
    // Read from the real top (tree), the config allows the key; read from gitOnly, nothing would.
    expect(mailguard(['scan', '--staged'], { cwd: gitOnly }).code).toBe(0);
  });
});
