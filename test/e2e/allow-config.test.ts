import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake, mailguard, randomFrom, type RunResult, TempRepo, tempDir } from '../helpers.js';

function fingerprintOf(repo: TempRepo): string {
  return JSON.parse(repo.mailguard(['scan', '--staged', '--format', 'json']).stdout).findings[0].fingerprint;
}

/** A usage error: exit 2, one line (plus at most a hint), no stack trace. */
function expectUsageError(r: RunResult, message: string | RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  expect(r.stderr).not.toMatch(/\bat .*[.:]\d+/);
  expect(r.stdout).toBe('');
}

describe('config allowlist on a real repository', () => {
  it('allow.paths suppresses findings under a glob, with the glob as the reason', () => {
    const repo = new TempRepo()
      .add('mailguard.config.json', JSON.stringify({ allow: { paths: ['test/fixtures/**'] } }))
      .add('test/fixtures/mail.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).suppressed[0].reason).toBe('path: matches allow.paths "test/fixtures/**"');
    expect(repo.mailguard(['scan', '--staged']).stdout).toContain('1 finding allowed: 1 by allow.paths');
  });

  it('misuse: a glob that matches nothing allows nothing, and says so when the commit is blocked', () => {
    const repo = new TempRepo()
      .add('mailguard.config.json', JSON.stringify({ allow: { paths: ['fixtures/**'] } }))
      .add('test/fixtures/mail.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    const r = repo.mailguard(['scan', '--staged']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('mailguard: warning: allow.paths[0] "fixtures/**" matches no tracked file (paths are relative to the repository root)\n');
    const check = repo.mailguard(['config', 'check']);
    expect(check.code).toBe(2);
    expect(check.stdout).toContain('allow.paths[0] "fixtures/**": matches NO tracked file');
    expect(check.stderr).toContain('mailguard.config.json: allow.paths[0] "fixtures/**" matches no tracked file');
  });

  it('config check summarises every bypass for a reviewer', () => {
    const repo = new TempRepo()
      .add('mailguard.config.json', JSON.stringify({ allow: { paths: ['test/**'], inline: false }, rules: { disable: ['mailjet'] } }))
      .add('test/a.txt', 'x\n')
      .add('test/b.txt', 'y\n');
    const r = repo.mailguard(['config', 'check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mailguard.config.json is valid');
    expect(r.stdout).toContain('allow.paths[0] "test/**": 2 tracked files');
    expect(r.stdout).toContain('allow.inline: false (strict');
    expect(r.stdout).toContain('rules.disable: mailjet');
  });

  it('rules.disable by provider or rule id', () => {
    const repo = new TempRepo().add('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\nSENDGRID_API_KEY=${fake.sendgridKey()}\n`);
    repo.add('mailguard.config.json', JSON.stringify({ rules: { disable: ['mailgun', 'sendgrid-api-key'] } }));
    expect(repo.mailguard(['scan', '--staged']).code).toBe(0);
  });

  it('customRules detect with the same engine, under a new provider with a generic checklist', () => {
    const token = `acme_${randomFrom('0123456789abcdef', 24)}`;
    const rule = { id: 'acme-api-key', provider: 'acme', keywords: ['acme_'], pattern: 'acme_[0-9a-f]{24}', prefix: 'acme_', envVar: 'ACME_API_KEY' };
    const repo = new TempRepo().add('mailguard.config.json', JSON.stringify({ customRules: [rule] })).add('src/acme.ts', `const t = '${token}';\n`);
    const r = repo.mailguard(['scan', '--staged']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('src/acme.ts:1:12  acme credential (custom rule)');
    expect(r.stdout).toContain('process.env.ACME_API_KEY');
    expect(r.stdout).toContain('revoke: Delete or deactivate the leaked credential');
    expect(r.stdout).not.toContain(token);
  });

  it('package.json#mailguard is read when there is no mailguard.config.json', () => {
    const repo = new TempRepo()
      .add('package.json', JSON.stringify({ name: 'x', mailguard: { allow: { paths: ['fixtures/**'] } } }))
      .add('fixtures/a.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    expect(repo.mailguard(['scan', '--staged']).code).toBe(0);
  });
});

describe('misuse: an invalid config is a clear one-line error, exit 2', () => {
  const key = () => `MAILGUN_API_KEY=${fake.mailgunKey()}\n`;

  it.each([
    [{ customRules: [{ id: 'acme-key', keywords: ['acme'], pattern: 'acme_[0-9a-f{24}' }] }, 'invalid config mailguard.config.json: customRules[0].pattern: invalid regex ('],
    [{ allow: { path: ['fixtures/**'] } }, 'invalid config mailguard.config.json: allow.path: is not a known setting (known: paths, fingerprints, inline)'],
    [{ allow: { fingerprints: [{ fingerprint: 'not-a-fingerprint', reason: 'x' }] } }, 'allow.fingerprints[0].fingerprint: must be a 32-character hex fingerprint'],
    [{ rules: { disable: ['sendgird'] } }, 'rules.disable[0]: "sendgird" is not a rule or provider id (did you mean "sendgrid"?)'],
  ])('%j', (config, message) => {
    const repo = new TempRepo().add('mailguard.config.json', JSON.stringify(config)).add('.env', key());
    expectUsageError(repo.mailguard(['scan', '--staged']), message);
  });

  it('not JSON', () => {
    const repo = new TempRepo().add('mailguard.config.json', '{ "allow": { "paths": ["x"], } }').add('.env', key());
    expectUsageError(repo.mailguard(['scan', '--staged']), /invalid config mailguard\.config\.json: not valid JSON/);
  });

  it('in package.json#mailguard, the message names it', () => {
    const repo = new TempRepo().add('package.json', JSON.stringify({ name: 'x', mailguard: { allowlist: [] } })).add('.env', key());
    expectUsageError(repo.mailguard(['scan', '--staged']), 'invalid config package.json#mailguard: allowlist: is not a known setting');
  });

  it('the pre-commit hook blocks the commit and says why', () => {
    const repo = new TempRepo().add('mailguard.config.json', JSON.stringify({ rules: { disable: ['nope'] } })).add('a.txt', 'x\n');
    const r = repo.mailguard(['hook', 'pre-commit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules.disable[0]: "nope" is not a rule or provider id');
    expect(r.stderr).toContain('Commit blocked');
  });
});

describe('mailguard allow <fingerprint> --reason', () => {
  it('creates mailguard.config.json, then the finding is allowed; running it again changes nothing', () => {
    const repo = new TempRepo().add('a.ts', `const k = '${fake.mailgunKey()}';\n`);
    const fp = fingerprintOf(repo);
    const r = repo.mailguard(['allow', fp, '--reason', 'revoked test key']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`mailguard: allowed fingerprint ${fp} in mailguard.config.json ("revoked test key")\n`);
    const file = join(repo.dir, 'mailguard.config.json');
    const written = readFileSync(file, 'utf8');
    expect(JSON.parse(written)).toEqual({ allow: { fingerprints: [{ fingerprint: fp, reason: 'revoked test key' }] } });
    expect(repo.mailguard(['scan', '--staged']).code).toBe(0);
    const again = repo.mailguard(['allow', fp, '--reason', 'revoked test key']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already allowed');
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  it('adds to an existing config without disturbing the rest of it; a new reason updates the entry', () => {
    const original = '{\n    "rules": { "disable": ["mailjet"] },\n    "allow": {\n        "paths": ["docs/**"]\n    }\n}\n';
    const repo = new TempRepo().add('docs/x.md', 'x\n').add('mailguard.config.json', original).add('a.ts', `const k = '${fake.mailgunKey()}';\n`);
    const fp = fingerprintOf(repo);
    expect(repo.mailguard(['allow', fp, '--reason', 'first']).code).toBe(0);
    const updated = repo.mailguard(['allow', fp.toUpperCase(), '--reason', 'second']);
    expect(updated.stdout).toContain('updated the reason');
    const text = readFileSync(join(repo.dir, 'mailguard.config.json'), 'utf8');
    expect(text).toContain('\n    "rules": {');
    expect(JSON.parse(text)).toEqual({ rules: { disable: ['mailjet'] }, allow: { paths: ['docs/**'], fingerprints: [{ fingerprint: fp, reason: 'second' }] } });
  });

  it('writes into package.json#mailguard when the config lives there', () => {
    const pkg = { name: 'app', version: '1.0.0', scripts: { test: 'vitest' }, mailguard: { allow: { paths: ['a.ts'] } } };
    const repo = new TempRepo().add('package.json', `${JSON.stringify(pkg, null, 2)}\n`).add('b.ts', `const k = '${fake.mailgunKey()}';\n`).add('a.ts', 'x\n');
    const fp = fingerprintOf(repo);
    const r = repo.mailguard(['allow', fp, '--reason', 'reviewed']);
    expect(r.stdout).toContain('in package.json#mailguard');
    const after = JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8'));
    expect(after).toEqual({ ...pkg, mailguard: { allow: { paths: ['a.ts'], fingerprints: [{ fingerprint: fp, reason: 'reviewed' }] } } });
    expect(Object.keys(after)).toEqual(['name', 'version', 'scripts', 'mailguard']);
  });

  it('misuse: a malformed fingerprint is refused (exit 2) and never echoed, since it may be the secret', () => {
    const key = fake.mailgunKey();
    const repo = new TempRepo();
    const r = repo.mailguard(['allow', key, '--reason', 'x']);
    expectUsageError(r, `not a fingerprint: expected 32 hex characters, got ${key.length} characters`);
    expect(r.stderr).not.toContain(key.slice(4));
    expectUsageError(repo.mailguard(['allow', 'abc123', '--reason', 'x']), 'not a fingerprint');
    expectUsageError(repo.mailguard(['allow', fake.hex32()]), 'allow needs --reason');
    expectUsageError(repo.mailguard(['allow', '--reason', 'x']), 'allow needs a fingerprint');
  });

  it('misuse: a well-formed but wrong fingerprint allows nothing', () => {
    const repo = new TempRepo().add('a.ts', `const k = '${fake.mailgunKey()}';\n`);
    expect(repo.mailguard(['allow', fake.hex32(), '--reason', 'wrong one']).code).toBe(0);
    expect(repo.mailguard(['scan', '--staged']).code).toBe(1);
  });

  it('refuses to write into an invalid config', () => {
    const repo = new TempRepo().add('mailguard.config.json', '{ "alow": {} }\n');
    expectUsageError(repo.mailguard(['allow', fake.hex32(), '--reason', 'x']), 'alow: is not a known setting');
    expect(readFileSync(join(repo.dir, 'mailguard.config.json'), 'utf8')).toBe('{ "alow": {} }\n');
  });

  it('warns about an allow.paths glob that matches no tracked file', () => {
    const repo = new TempRepo().add('mailguard.config.json', JSON.stringify({ allow: { paths: ['fixturez/**'] } }));
    const r = repo.mailguard(['allow', fake.hex32(), '--reason', 'x']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: allow.paths[0] "fixturez/**" matches no tracked file');
  });

  it('works outside a git repository, in the current folder', () => {
    const dir = tempDir();
    expect(mailguard(['allow', fake.hex32(), '--reason', 'x'], { cwd: dir }).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'mailguard.config.json'), 'utf8')).allow.fingerprints).toHaveLength(1);
  });
});
