import { describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, fake, run, TempRepo } from '../helpers.js';

/** A repo whose pre-commit hook runs the built mailguard, as after `mailguard install`. */
function guardedRepo(): TempRepo {
  const repo = new TempRepo();
  const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
  writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" hook pre-commit\n`);
  chmodSync(hook, 0o755);
  return repo;
}

/** The acceptance scenario: a staged .env with a Mailgun key and a mailer.ts with a SendGrid key. */
function leakyRepo() {
  const mailgun = fake.mailgunKey();
  const sendgrid = fake.sendgridKey();
  const repo = guardedRepo()
    .add('.env', `PORT=3000\nMAILGUN_API_KEY=${mailgun}\n`)
    .add('mailer.ts', `import sgMail from '@sendgrid/mail';\nsgMail.setApiKey('${sendgrid}');\nexport default sgMail;\n`);
  return { repo, mailgun, sendgrid };
}

function read(repo: TempRepo, file: string): string {
  return readFileSync(join(repo.dir, file), 'utf8');
}

function commit(repo: TempRepo) {
  return run('git', ['commit', '-m', 'mail setup'], { cwd: repo.dir });
}

function committedFiles(repo: TempRepo): string[] {
  return repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort();
}

function expectNoSecret(outputs: string[], ...secrets: string[]) {
  for (const out of outputs) for (const s of secrets) expect(out).not.toContain(s);
}

describe('the report fix, copied and run as a new user would', () => {
  it('makes the next commit clean', () => {
    const { repo, mailgun, sendgrid } = leakyRepo();
    const report = repo.mailguard(['scan', '--staged']);
    expect(report.code).toBe(1);
    expectNoSecret([report.stdout, report.stderr], mailgun, sendgrid);
    const section = report.stdout.slice(report.stdout.indexOf('How to fix the repository'), report.stdout.indexOf('What to do at the provider'));
    // Top to bottom: commands are pasted into a shell, `#` lines are what a person does by hand.
    const lines = section.split('\n');
    const ran: string[] = [];
    lines.forEach((line, i) => {
      const text = line.trim();
      const put = /^# put (\w+)=<the key now on line \d+> in \.env/.exec(text);
      if (put) writeFileSync(join(repo.dir, '.env'), `${read(repo, '.env')}${put[1]}=${sendgrid}\n`);
      const change = /^# line (\d+), change:$/.exec(text);
      if (change) {
        const source = read(repo, 'mailer.ts').split('\n');
        source[Number(change[1]) - 1] = lines[i + 2]!.trim().replace(/^# {3}\+ /, '');
        writeFileSync(join(repo.dir, 'mailer.ts'), source.join('\n'));
      }
      if (/^ {4}\S/.test(line) && !text.startsWith('#')) {
        ran.push(text);
        expect(run('sh', ['-c', text], { cwd: repo.dir }).code).toBe(0);
      }
    });
    expect(ran).toEqual([
      'git rm --cached .env',
      "printf '\\n%s\\n' .env >> .gitignore",
      "printf '%s\\n' PORT=your-port MAILGUN_API_KEY=your-mailgun-api-key > .env.example",
      'git add .gitignore .env.example',
      'git add mailer.ts',
    ]);
    expect(read(repo, '.env')).toContain(`SENDGRID_API_KEY=${sendgrid}`);
    expect(repo.mailguard(['scan', '--staged']).code).toBe(0);
    expect(commit(repo).code).toBe(0);
    expect(committedFiles(repo)).toEqual(['.env.example', '.gitignore', 'mailer.ts']);
    expect(read(repo, 'mailer.ts')).toContain('sgMail.setApiKey(process.env.SENDGRID_API_KEY);');
  });

  it('does not ask to ignore what git already ignores', () => {
    const repo = guardedRepo().write('.gitignore', '.env*\n!.env.example\n').write('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    repo.git('add', '-f', '.env');
    const report = repo.mailguard(['scan', '--staged']);
    expect(report.stdout).toContain('git rm --cached .env');
    expect(report.stdout).not.toContain('>> .gitignore');
  });
});

describe('mailguard fix', () => {
  it('fixes the staged repository in one command; the keys stay in the ignored .env', () => {
    const { repo, mailgun, sendgrid } = leakyRepo();
    const r = repo.mailguard(['fix']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectNoSecret([r.stdout, r.stderr], mailgun, sendgrid);
    expect(r.stdout).toContain('Done');
    expect(read(repo, '.env')).toBe(`PORT=3000\nMAILGUN_API_KEY=${mailgun}\nSENDGRID_API_KEY=${sendgrid}\n`);
    expect(run('git', ['check-ignore', '-q', '.env'], { cwd: repo.dir }).code).toBe(0);
    expect(repo.git('ls-files')).not.toMatch(/^\.env$/m);
    expect(read(repo, '.env.example')).toBe('PORT=your-port\nMAILGUN_API_KEY=your-mailgun-api-key\n');
    expect(read(repo, 'mailer.ts')).toBe("import sgMail from '@sendgrid/mail';\nsgMail.setApiKey(process.env.SENDGRID_API_KEY);\nexport default sgMail;\n");
    expect(repo.mailguard(['scan', '--staged']).code).toBe(0);
    expect(commit(repo).code).toBe(0);
    expect(committedFiles(repo)).toEqual(['.env.example', '.gitignore', 'mailer.ts']);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('--dry-run prints the plan and changes nothing', () => {
    const { repo, mailgun, sendgrid } = leakyRepo();
    const before = [repo.git('status', '--porcelain'), read(repo, '.env'), read(repo, 'mailer.ts'), repo.git('ls-files', '-s')];
    const r = repo.mailguard(['fix', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('git rm --cached');
    expect(r.stdout).toContain('+ sgMail.setApiKey(process.env.SENDGRID_API_KEY);');
    expect(r.stdout).toContain('Nothing was changed');
    expectNoSecret([r.stdout, r.stderr], mailgun, sendgrid);
    expect([repo.git('status', '--porcelain'), read(repo, '.env'), read(repo, 'mailer.ts'), repo.git('ls-files', '-s')]).toEqual(before);
  });

  it('refuses a partially staged file with one line, exit 2, and changes nothing', () => {
    const { repo } = leakyRepo();
    repo.write('mailer.ts', `${read(repo, 'mailer.ts')}// more work, not staged\n`);
    const before = repo.git('status', '--porcelain');
    const r = repo.mailguard(['fix']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mailer\.ts is partially staged/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(repo.git('status', '--porcelain')).toBe(before);
  });

  it('refuses to untrack a dotenv file whose staged version would be lost', () => {
    const { repo } = leakyRepo();
    repo.write('.env', 'PORT=4000\n');
    const r = repo.mailguard(['fix']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.env is partially staged/);
  });

  it('refuses during a merge', () => {
    const repo = new TempRepo().add('a.txt', 'base\n').commit('base');
    repo.git('checkout', '-q', '-b', 'other');
    repo.add('a.txt', 'other\n').commit('other');
    repo.git('checkout', '-q', 'main');
    repo.add('a.txt', 'main\n').commit('main');
    expect(run('git', ['merge', 'other'], { cwd: repo.dir }).code).not.toBe(0);
    const r = repo.mailguard(['fix']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a merge is in progress/);
  });

  it('Python: adds `import os` after the docstring, and never reuses a variable that holds another key', () => {
    const key = fake.mailgunKey();
    const repo = guardedRepo().write('.gitignore', '.env\n').write('.env', 'MAILGUN_API_KEY=an-older-value\n');
    repo.add('mail.py', `"""Mail settings."""\nfrom __future__ import annotations\nimport requests\n\nauth = ("api", "${key}")\n`);
    const r = repo.mailguard(['fix']);
    expect(r.code).toBe(0);
    expect(read(repo, 'mail.py')).toBe(
      '"""Mail settings."""\nfrom __future__ import annotations\nimport os\nimport requests\n\nauth = ("api", os.environ["MAILGUN_API_KEY_2"])\n',
    );
    expect(read(repo, '.env')).toBe(`MAILGUN_API_KEY=an-older-value\nMAILGUN_API_KEY_2=${key}\n`);
    expect(commit(repo).code).toBe(0);
  });

  it('creates .env readable by its owner only', () => {
    const repo = guardedRepo().add('send.js', `const key = "${fake.sendgridKey()}";\n`);
    expect(repo.mailguard(['fix']).code).toBe(0);
    expect(statSync(join(repo.dir, '.env')).mode & 0o777).toBe(0o600);
    expect(read(repo, '.gitignore')).toBe('.env\n');
  });

  it('stops tracking a committed .env (with local edits) before putting a key in it, and says what that means', () => {
    const repo = guardedRepo().add('.env', 'PORT=3000\n').commit('env');
    repo.add('send.js', `const key = "${fake.sendgridKey()}";\n`).write('.env', 'PORT=3000\nDEBUG=1\n');
    const r = repo.mailguard(['fix']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('collaborators lose their copy');
    expect(repo.git('ls-files')).not.toMatch(/^\.env$/m);
    expect(read(repo, '.env')).toMatch(/^PORT=3000\nDEBUG=1\nSENDGRID_API_KEY=SG\./);
    expect(commit(repo).code).toBe(0);
  });

  it('leaves a CI file to the developer, with the secret-store steps, and exits 1', () => {
    const key = fake.sendgridKey();
    const repo = guardedRepo().add('.github/workflows/mail.yml', `env:\n  SENDGRID_API_KEY: ${key}\n`);
    const r = repo.mailguard(['fix']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Left for you');
    expect(r.stdout).toContain('${{ secrets.SENDGRID_API_KEY }}');
    expectNoSecret([r.stdout, r.stderr], key);
    expect(repo.git('status', '--porcelain')).toBe('A  .github/workflows/mail.yml\n');
  });

  it('says there is nothing to fix on a clean index', () => {
    const r = new TempRepo().add('a.txt', 'hello\n').mailguard(['fix']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing to fix');
  });
});

describe('history advice', () => {
  it('a key found in commits: rotate first, then a filter-repo command whose file holds no key', () => {
    const key = fake.mailgunKey();
    const repo = new TempRepo().add('.env', `MAILGUN_API_KEY=${key}\n`).commit('oops');
    const log = repo.git('log', '-p', '--format=commit %H');
    const r = repo.mailguard(['scan', '--diff', '-'], { input: log });
    expect(r.code).toBe(1);
    expectNoSecret([r.stdout, r.stderr], key);
    expect(r.stdout).toContain('The keys are in git history');
    expect(r.stdout).toContain('Deleting the line in a new commit is not enough');
    const write = r.stdout.split('\n').find((l) => l.trim().startsWith("printf '%s\\n' 'regex:"))!.trim();
    expect(r.stdout).toContain('git filter-repo --replace-text');
    expect(run('sh', ['-c', write], { cwd: repo.dir }).code).toBe(0);
    const file = readFileSync(join(repo.dir, '.git', 'mailguard-replacements.txt'), 'utf8');
    expect(file).not.toContain(key);
    expect(file).toMatch(/^regex:.+==>\*\*\*MAILGUN_API_KEY\*\*\*\n$/);
  });

  it('scan --history: the same clean-up, and the key never on screen', () => {
    const key = fake.sendgridKey();
    const repo = new TempRepo().add('mail.js', `send('${key}');\n`).commit('add mail');
    repo.add('mail.js', 'send(process.env.SENDGRID_API_KEY);\n').commit('remove key');
    const r = repo.mailguard(['scan', '--history']);
    expect(r.code).toBe(1);
    expectNoSecret([r.stdout, r.stderr], key);
    expect(r.stdout).toContain('git filter-repo --replace-text');
    // Four visible characters after `SG.`, each possibly escaped (`\-`, `\_`: random keys contain them).
    expect(r.stdout).toMatch(/regex:.*SG\\\.(?:\\.|[^\\\s]){4}\[/);
  });
});
