import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, fake, mailguard, run, TempRepo, tempDir } from '../helpers.js';

function json(r: { stdout: string }) {
  return JSON.parse(r.stdout) as { findings: Array<{ file: string; line: number }>; suppressed: Array<{ file: string; line: number; reason: string }> };
}

describe('inline mailguard:allow on a real repository', () => {
  it('a marker without a reason is accepted, and the report says no reason was given', () => {
    const key = fake.mailgunKey();
    const repo = new TempRepo().add('test/mail.test.ts', `const key = '${key}'; // mailguard:allow\n`);
    const text = repo.mailguard(['scan', '--staged']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 finding allowed: 1 by mailguard:allow (1 with no reason given: test/mail.test.ts:1)');
    const doc = json(repo.mailguard(['scan', '--staged', '--format', 'json']));
    expect(doc.suppressed).toEqual([expect.objectContaining({ file: 'test/mail.test.ts', line: 1, reason: 'inline (no reason given)' })]);
    expect(text.stdout + JSON.stringify(doc)).not.toContain(key);
  });

  it('mailguard:allow-next-line on an added line allows the line below, and only that one', () => {
    const repo = new TempRepo().add(
      'fixtures.py',
      [
        '# mailguard:allow-next-line revoked key used by the parser tests',
        `KEY_A = "${fake.mailgunKey()}"`,
        `KEY_B = "${fake.mailgunKey()}"`,
        '',
      ].join('\n'),
    );
    const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = json(r);
    expect(doc.suppressed).toEqual([expect.objectContaining({ line: 2, reason: 'inline: revoked key used by the parser tests' })]);
    expect(doc.findings).toEqual([expect.objectContaining({ line: 3 })]);
  });

  it('mailguard:allow-next-line on an unchanged line is read from the staged file', () => {
    const repo = new TempRepo().add('a.ts', 'const x = 1;\n// mailguard:allow-next-line sandbox key, no sending rights\nconst key = process.env.K;\n').commit();
    repo.add('a.ts', `const x = 1;\n// mailguard:allow-next-line sandbox key, no sending rights\nconst key = '${fake.mailgunKey()}';\n`);
    const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r).suppressed).toEqual([expect.objectContaining({ file: 'a.ts', line: 3, reason: 'inline: sandbox key, no sending rights' })]);
  });

  it('in the hook of `git commit -- <path>`, reads the line above from the index git is committing', () => {
    const repo = new TempRepo().add('src/my mailer.ts', '// mailguard:allow-next-line sandbox key\nconst key = 0;\n').commit();
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" hook pre-commit\n`);
    chmodSync(hook, 0o755);
    // The regular index drops the marker; the commit of the path takes the working tree, which keeps it.
    repo.add('src/my mailer.ts', '// a comment\nconst key = 0;\n');
    repo.write('src/my mailer.ts', `// mailguard:allow-next-line sandbox key\nconst key = '${fake.mailgunKey()}';\n`);
    const r = run('git', ['commit', '-m', 'mailer', '--', 'src/my mailer.ts'], { cwd: repo.dir });
    expect(r.stdout + r.stderr).toContain('1 finding allowed: 1 by mailguard:allow');
    expect(r.code).toBe(0);
  });

  it('scan --range reads the line above from the commit that added the key', () => {
    const repo = new TempRepo().add('a.ts', '// mailguard:allow-next-line revoked in 2023\nconst key = 0;\n').commit('one');
    repo.add('a.ts', `// mailguard:allow-next-line revoked in 2023\nconst key = '${fake.mailgunKey()}';\n`).commit('two');
    // A later commit drops the marker: the commit that added the key still carried it.
    repo.add('a.ts', `// nothing\nconst key = 0;\n`).commit('three');
    const r = repo.mailguard(['scan', '--range', 'HEAD~2..HEAD', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r).suppressed).toEqual([expect.objectContaining({ line: 2, reason: 'inline: revoked in 2023' })]);
    expect(repo.mailguard(['scan', '--range', 'HEAD~2..HEAD', '--no-inline-allow']).code).toBe(1);
  });

  it('reads the staged version, not the working tree', () => {
    const repo = new TempRepo().add('a.ts', '// a comment\nconst key = process.env.K;\n').commit();
    repo.add('a.ts', `// a comment\nconst key = '${fake.mailgunKey()}';\n`);
    // The marker exists only in the working tree, not in what is being committed.
    repo.write('a.ts', `// mailguard:allow-next-line\nconst key = 'changed';\n`);
    expect(repo.mailguard(['scan', '--staged']).code).toBe(1);
  });

  describe('misuse: a marker on another line does not allow', () => {
    it.each([
      ['two lines above', (k: string) => `// mailguard:allow-next-line fixture\n\nconst key = '${k}';\n`, 3],
      ['same-line form on the line above', (k: string) => `// mailguard:allow fixture\nconst key = '${k}';\n`, 2],
      ['next-line form on the line below', (k: string) => `const key = '${k}';\n// mailguard:allow-next-line fixture\n`, 1],
      ['next-line form on the same line', (k: string) => `const key = '${k}'; // mailguard:allow-next-line fixture\n`, 1],
      ['a misspelt marker', (k: string) => `const key = '${k}'; // mailguard:allowed fixture\n`, 1],
    ])('%s', (_name, content, line) => {
      const repo = new TempRepo().add('a.ts', content(fake.mailgunKey()));
      const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
      expect(r.code).toBe(1);
      expect(json(r).findings).toEqual([expect.objectContaining({ file: 'a.ts', line })]);
    });

    it('an unchanged marker two lines above the staged line', () => {
      const repo = new TempRepo().add('a.ts', '// mailguard:allow-next-line fixture\nconst x = 1;\nconst key = 0;\n').commit();
      repo.add('a.ts', `// mailguard:allow-next-line fixture\nconst x = 1;\nconst key = '${fake.mailgunKey()}';\n`);
      expect(repo.mailguard(['scan', '--staged']).code).toBe(1);
    });
  });

  it('scan --diff sees a marker on a context line of the diff; without context it cannot, and the finding stands', () => {
    const repo = new TempRepo().add('a.ts', '// mailguard:allow-next-line fixture\nconst key = 0;\n').commit();
    repo.add('a.ts', `// mailguard:allow-next-line fixture\nconst key = '${fake.mailgunKey()}';\n`);
    const withContext = repo.git('diff', '--cached');
    const withoutContext = repo.git('diff', '--cached', '-U0');
    const outside = tempDir();
    expect(mailguard(['scan', '--diff', '-'], { cwd: outside, input: withContext }).code).toBe(0);
    expect(mailguard(['scan', '--diff', '-'], { cwd: outside, input: withoutContext }).code).toBe(1);
  });

  it('scan PATH honours both markers (every line of a file is scanned)', () => {
    const dir = tempDir();
    const repo = new TempRepo(dir);
    repo.write('conf/a.env', `# mailguard:allow-next-line staging key\nMAILGUN_API_KEY=${fake.mailgunKey()}\nB=${fake.mailgunKey()} # mailguard:allow\n`);
    const r = mailguard(['scan', 'conf', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(json(r).suppressed.map((s) => s.reason)).toEqual(['inline: staging key', 'inline (no reason given)']);
  });

  describe('strict mode: only the config allowlist counts', () => {
    const content = (k: string) => `const key = '${k}'; // mailguard:allow fixture\n`;

    it('--no-inline-allow reports marked findings and names the marker', () => {
      const repo = new TempRepo().add('a.ts', content(fake.mailgunKey()));
      const r = repo.mailguard(['scan', '--staged', '--no-inline-allow']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('marked mailguard:allow (fixture), but inline allows are off here');
      expect(r.stdout).toMatch(/mailguard allow [0-9a-f]{32} --reason/);
      expect(r.stdout).not.toContain('Add a comment with `mailguard:allow');
    });

    it('config allow.inline: false does the same, also for the hook and next-line markers', () => {
      const repo = new TempRepo()
        .add('mailguard.config.json', JSON.stringify({ allow: { inline: false } }))
        .add('a.ts', `// mailguard:allow-next-line\nconst key = '${fake.mailgunKey()}';\n`);
      const r = repo.mailguard(['hook', 'pre-commit']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('marked mailguard:allow (no reason given), but inline allows are off here');
    });

    it('a fingerprint in the config still allows in strict mode', () => {
      const repo = new TempRepo().add('a.ts', content(fake.mailgunKey()));
      const fp = JSON.parse(repo.mailguard(['scan', '--staged', '--format', 'json', '--no-inline-allow']).stdout).findings[0].fingerprint;
      expect(repo.mailguard(['allow', fp, '--reason', 'revoked on 2024-05-01']).code).toBe(0);
      const r = repo.mailguard(['scan', '--staged', '--no-inline-allow', '--format', 'json']);
      expect(r.code).toBe(0);
      expect(json(r).suppressed[0]!.reason).toBe('fingerprint: revoked on 2024-05-01');
    });
  });
});
