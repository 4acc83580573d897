import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrlOverrideVar } from '../../src/verify/verify.js';
import { CLI, fake, TempRepo, type RunResult } from '../helpers.js';
import { basicAuth, FakeProvider } from './fake-provider.js';

/** The CLI as a child process that does not block this process: the fake provider answers from here. */
function mailguardAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 128, stdout, stderr }));
  });
}

describe('mailguard scan --staged --verify, end to end', () => {
  const live = fake.mailgunKey();
  const revoked = fake.sendgridKey();
  const server = new FakeProvider((req) => {
    if (req.path.startsWith('/mailgun/')) return basicAuth(req.headers) === `api:${live}` ? 200 : 401;
    if (req.path.startsWith('/sendgrid/')) return req.headers.authorization === `Bearer ${revoked}` ? 401 : 500;
    return 404;
  });
  let env: NodeJS.ProcessEnv;
  let repo: TempRepo;

  beforeAll(async () => {
    const base = await server.start();
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAILGUARD_') && k !== 'FORCE_COLOR'));
    env = {
      ...clean,
      NO_COLOR: '1',
      [baseUrlOverrideVar('mailgun')]: `${base}/mailgun`,
      [baseUrlOverrideVar('sendgrid')]: `${base}/sendgrid`,
    };
    repo = new TempRepo()
      .add('.env', `MAILGUN_API_KEY=${live}\n`)
      .add('src/mail.ts', `sgMail.setApiKey('${revoked}');\nconst host = 'zeptomail';\n`)
      .add('config/zepto.env', `ZEPTOMAIL_TOKEN="Zoho-enczapikey ${fake.base62(90)}"\n`);
  });
  afterAll(() => server.stop());

  const secretsIn = (r: RunResult) => [live, revoked].filter((k) => r.stdout.includes(k) || r.stderr.includes(k));

  it('text: each finding says what its provider answered, and a live key puts "LIVE — rotate now" on its checklist', async () => {
    const before = server.requests.length;
    const r = await mailguardAsync(['scan', '--staged', '--verify'], repo.dir, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('live check: LIVE: the provider accepted it just now (HTTP 200)');
    expect(r.stdout).toContain('live check: revoked or invalid: the provider refused it (HTTP 401)');
    expect(r.stdout).toContain(`live check: unknown (no safe read-only check exists for this credential)`);
    const checklist = r.stdout.slice(r.stdout.indexOf('What to do at the provider'));
    expect(checklist).toMatch(/ {2}Mailgun {2}\(full checklist: mailguard explain mailgun\)\n {4}LIVE — rotate now \(\.env:1 still works/);
    expect(checklist.match(/LIVE — rotate now/g)).toHaveLength(1);
    expect(r.stderr).toContain('checking 2 of 3 keys');
    expect(server.requests.length - before).toBe(2);
    expect(secretsIn(r)).toEqual([]);
  });

  it('json: a verification field per finding', async () => {
    const r = await mailguardAsync(['scan', '--staged', '--verify', '--format', 'json'], repo.dir, env);
    expect(r.code).toBe(1);
    const byRule = Object.fromEntries(JSON.parse(r.stdout).findings.map((f: { ruleId: string; verification: unknown }) => [f.ruleId, f.verification]));
    expect(byRule).toEqual({
      'mailgun-private-key': { status: 'live', detail: 'HTTP 200' },
      'sendgrid-api-key': { status: 'invalid', detail: 'HTTP 401' },
      'zeptomail-send-token': { status: 'unknown', detail: 'no safe read-only check exists for this credential' },
    });
    expect(secretsIn(r)).toEqual([]);
  });

  it('sarif: the answer is in each result\'s properties', async () => {
    const r = await mailguardAsync(['scan', '--staged', '--verify', '--format', 'sarif'], repo.dir, env);
    const results = JSON.parse(r.stdout).runs[0].results as Array<{ ruleId: string; properties: Record<string, string> }>;
    expect(results.find((x) => x.ruleId === 'mailgun-private-key')?.properties).toMatchObject({ verification: 'live', verificationDetail: 'HTTP 200' });
  });

  it('`mailguard verify` with no source checks the staged changes', async () => {
    const r = await mailguardAsync(['verify', '--format', 'json'], repo.dir, env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { verification: { status: string } }) => f.verification.status).sort()).toEqual(['invalid', 'live', 'unknown']);
  });

  it('never by default: no flag, no config, no request; the hook checks only when the config says verify: true', async () => {
    const before = server.requests.length;
    const plain = await mailguardAsync(['scan', '--staged', '--format', 'json'], repo.dir, env);
    expect(JSON.parse(plain.stdout).findings.every((f: object) => !('verification' in f))).toBe(true);
    const hook = await mailguardAsync(['hook', 'pre-commit'], repo.dir, env);
    expect(hook.code).toBe(1);
    expect(hook.stdout).not.toContain('live check');
    expect(server.requests.length).toBe(before);

    repo.write('mailguard.config.json', JSON.stringify({ verify: true }));
    const configured = await mailguardAsync(['hook', 'pre-commit'], repo.dir, env);
    expect(configured.code).toBe(1);
    expect(configured.stdout).toContain('LIVE — rotate now');
    expect(server.requests.length - before).toBe(2);
    expect(secretsIn(configured)).toEqual([]);
  });
});
