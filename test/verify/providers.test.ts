import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providers } from '../../rules/index.js';
import { attachSecret, type Finding } from '../../src/engine/finding.js';
import { baseUrlOverrideVar, buildRequest, checkableRules, NO_CHECK, verifyFindings } from '../../src/verify/verify.js';
import { CASES, type ProviderCase } from './cases.js';
import { FakeProvider, type Answer, type RecordedRequest } from './fake-provider.js';

const rules = checkableRules(providers);

function finding(ruleId: string, provider: string, parts: string[]): Finding {
  const f: Finding = { ruleId, provider, providerName: provider, credential: 'key', severity: 'high', file: '.env', line: 1, column: 1, commit: null, redacted: '…', fingerprint: '0'.repeat(32), envVar: 'KEY', snippet: '' };
  attachSecret(f, parts[0]!, ...parts.slice(1));
  return f;
}

/** Per test: which case a request prefix belongs to, and which keys are live or rate limited there. */
interface Scenario {
  c: ProviderCase;
  live: string[][];
  limited: string[][];
  revoked?: Answer;
}

const scenarios = new Map<string, Scenario>();
const server = new FakeProvider((req) => {
  const prefix = /^\/(s\d+)/.exec(req.path)?.[1];
  const s = prefix ? scenarios.get(prefix) : undefined;
  if (!s) return 404;
  const credential = s.c.credential(req);
  if (s.live.some((parts) => credential === s.c.expected(parts))) return 200;
  if (s.limited.some((parts) => credential === s.c.expected(parts))) return { status: 429, body: { message: 'Too many requests' } };
  return s.revoked ?? s.c.revoked ?? 401;
});
let base = '';
let next = 0;

/** A scenario on the fake: its own path prefix, pointed at by the provider's override variable. */
function scenario(s: Scenario): { env: NodeJS.ProcessEnv; prefix: string; requests: () => RecordedRequest[] } {
  const prefix = `s${next++}`;
  scenarios.set(prefix, s);
  return {
    env: { [baseUrlOverrideVar(s.c.provider)]: `${base}/${prefix}` },
    prefix,
    requests: () => server.requests.filter((r) => r.path.startsWith(`/${prefix}/`)),
  };
}

beforeAll(async () => {
  base = await server.start();
});
afterAll(() => server.stop());

describe('every provider check against a fake of its API', () => {
  it('covers every rule that declares a check, and only those', () => {
    const expected = providers.flatMap((p) =>
      p.rules.filter((r) => r.verify).flatMap((r) => {
        const needsOther = /\{other\}/.test(JSON.stringify(r.verify));
        return needsOther ? [r.pair!.id] : [r.id, ...(r.pair ? [r.pair.id] : [])];
      }),
    );
    expect(CASES.map((c) => c.ruleId).sort()).toEqual(expected.sort());
  });

  it.each(CASES.map((c) => [c.ruleId, c] as const))('%s: exact request; live, revoked and rate-limited keys', async (_id, c) => {
    const [live, revoked, limited] = [c.key(), c.key(), c.key()];
    const s = scenario({ c, live: [live], limited: [limited] });
    const fs = [finding(c.ruleId, c.provider, live), finding(c.ruleId, c.provider, revoked), finding(c.ruleId, c.provider, limited)];
    const results = await verifyFindings(fs, rules, { env: s.env, timeoutMs: 3000 });

    expect(fs.map((f) => results.get(f)?.status)).toEqual(['live', 'invalid', 'unknown']);
    expect(results.get(fs[2]!)?.detail).toMatch(/429/);
    const spec = rules.get(c.ruleId)!.verify!;
    expect(s.requests()).toHaveLength(spec.eitherOrder ? 4 : 3); // a revoked pair is also tried the other way round
    const sent = s.requests().find((r) => c.credential(r) === c.expected(live));
    expect(sent, 'the live key was sent as the provider reads it').toBeDefined();
    expect(sent!.method).toBe(c.method);
    expect(sent!.path).toBe(`/${s.prefix}${c.path(live)}`);
    expect(sent!.headers['user-agent']).toBe('mailguard-verify');
    for (const [name, value] of Object.entries(c.headers ?? {})) expect(sent!.headers[name]).toBe(value);
    for (const r of s.requests()) expect(r.method).toBe(c.method);
    const printed = JSON.stringify([...results.values()]);
    for (const part of [...live, ...revoked, ...limited]) expect(printed).not.toContain(part);
  });
});

describe('answers that need more than the status', () => {
  const resend = CASES.find((c) => c.ruleId === 'resend-api-key')!;
  const mandrill = CASES.find((c) => c.ruleId === 'mandrill-api-key')!;

  it('Resend: 401 restricted_api_key is a live send-only key', async () => {
    const key = resend.key();
    const s = scenario({ c: resend, live: [], limited: [], revoked: { status: 401, body: { statusCode: 401, name: 'restricted_api_key', message: 'This API key is restricted to only send emails' } } });
    const f = finding(resend.ruleId, 'resend', key);
    const v = (await verifyFindings([f], rules, { env: s.env })).get(f)!;
    expect(v).toEqual({ status: 'live', detail: 'HTTP 401 restricted_api_key (a send-only key)' });
  });

  it('Mandrill: a 500 that is not Invalid_Key is an outage, not a revoked key', async () => {
    const s = scenario({ c: mandrill, live: [], limited: [], revoked: { status: 500, body: { status: 'error', name: 'GeneralError' } } });
    const f = finding(mandrill.ruleId, 'mandrill', mandrill.key());
    expect((await verifyFindings([f], rules, { env: s.env })).get(f)).toEqual({ status: 'unknown', detail: 'unexpected HTTP 500' });
  });

  it('Mandrill: 500 Invalid_Key is a revoked key', async () => {
    const s = scenario({ c: mandrill, live: [], limited: [] });
    const f = finding(mandrill.ruleId, 'mandrill', mandrill.key());
    expect((await verifyFindings([f], rules, { env: s.env })).get(f)?.detail).toBe('HTTP 500 Invalid_Key (unknown or deleted key)');
  });
});

describe('regions and pairs', () => {
  it('tries the EU host after a 401 from the US host, and says where the key is live', async () => {
    const c = CASES.find((x) => x.ruleId === 'mailgun-private-key')!;
    const [eu, revoked] = [c.key(), c.key()];
    const us = scenario({ c, live: [], limited: [] });
    const euHost = scenario({ c, live: [eu], limited: [] });
    const env = { ...us.env, [baseUrlOverrideVar('mailgun', 'eu')]: euHost.env[baseUrlOverrideVar('mailgun')] };
    const fs = [finding(c.ruleId, 'mailgun', eu), finding(c.ruleId, 'mailgun', revoked)];
    const results = await verifyFindings(fs, rules, { env });
    expect(results.get(fs[0]!)).toEqual({ status: 'live', detail: 'HTTP 200 (EU host)' });
    expect(results.get(fs[1]!)).toEqual({ status: 'invalid', detail: 'HTTP 401 from every host and order tried (2 requests)' });
    expect(us.requests()).toHaveLength(2);
    expect(euHost.requests()).toHaveLength(2);
  });

  it('never contacts a real host in a test: with an override set, a region without one is skipped', async () => {
    const c = CASES.find((x) => x.ruleId === 'sendgrid-api-key')!;
    const s = scenario({ c, live: [], limited: [] });
    const f = finding(c.ruleId, 'sendgrid', c.key());
    expect((await verifyFindings([f], rules, { env: s.env })).get(f)).toEqual({ status: 'invalid', detail: 'HTTP 401' });
  });

  it('tries a look-alike pair the other way round when the first order is refused', async () => {
    const c = CASES.find((x) => x.ruleId === 'mailjet-api-key-pair')!;
    const [secretHalf, keyHalf] = c.key();
    const s = scenario({ c, live: [[keyHalf!, secretHalf!]], limited: [] });
    const f = finding(c.ruleId, 'mailjet', [secretHalf!, keyHalf!]);
    expect((await verifyFindings([f], rules, { env: s.env })).get(f)).toEqual({ status: 'live', detail: 'HTTP 200 (halves in the other order)' });
    expect(s.requests()).toHaveLength(2);
  });

  it('a lone half of a pair is not sent: the answer is unknown', async () => {
    const c = CASES.find((x) => x.ruleId === 'mailjet-api-key-pair')!;
    const s = scenario({ c, live: [], limited: [] });
    const f = finding('mailjet-api-key', 'mailjet', [c.key()[0]!]);
    expect((await verifyFindings([f], rules, { env: s.env })).get(f)).toEqual({ status: 'unknown', detail: 'the check needs both halves of the pair; only one was found' });
    expect(s.requests()).toHaveLength(0);
  });
});

describe('credentials without a safe check', () => {
  it.each(['zeptomail-send-token', 'postal-server-api-key', 'smtp-url-password', 'brevo-smtp-key', 'amazon-ses-smtp-credentials', 'mailgun-public-key'])('%s: unknown, nothing sent', async (ruleId) => {
    expect(rules.has(ruleId)).toBe(false);
    const before = server.requests.length;
    const f = finding(ruleId, ruleId.split('-')[0]!, ['x'.repeat(40)]);
    expect((await verifyFindings([f], rules, {})).get(f)).toEqual({ status: 'unknown', detail: NO_CHECK });
    expect(server.requests.length).toBe(before);
  });
});

describe('where a check may go', () => {
  it("every check is HTTPS to the provider's own host", () => {
    for (const c of CASES) {
      const rule = rules.get(c.ruleId)!;
      const [s, other] = c.key();
      const { url } = buildRequest(rule, rule.verify!, { secret: s!, other }, c.provider, {});
      expect(url.protocol).toBe('https:');
      expect(url.hostname).toMatch(/^[a-z0-9.-]+\.(com|net|io|so)$/);
      expect(url.hostname).not.toContain(s!.toLowerCase());
    }
  });

  it('fills the Mailchimp data centre into its host, and nothing else', () => {
    const c = CASES.find((x) => x.ruleId === 'mailchimp-api-key')!;
    const rule = rules.get(c.ruleId)!;
    expect(buildRequest(rule, rule.verify!, c.key()[0]!, 'mailchimp', {}).url.href).toBe('https://us14.api.mailchimp.com/3.0/ping');
  });

  it('refuses a host built from text that is not a plain DNS label', () => {
    const rule = rules.get('mailchimp-api-key')!;
    const spec = { ...rule.verify!, parts: { dc: '^(.*)$' } };
    expect(() => buildRequest(rule, spec, 'evil.example/x', 'mailchimp', {})).toThrow(/DNS label/);
  });

  it('all checks together stop at the overall time limit: nothing is sent or waited for past it', async () => {
    const hang = new FakeProvider(() => null);
    const url = await hang.start();
    const c = CASES[0]!;
    const findings = [1, 2, 3].map(() => finding(c.ruleId, c.provider, c.key()));
    const started = Date.now();
    const results = await verifyFindings(findings, rules, { env: { [baseUrlOverrideVar(c.provider)]: url }, timeoutMs: 5000, totalMs: 400, concurrency: 1 });
    expect(Date.now() - started).toBeLessThan(2500);
    for (const f of findings) expect(results.get(f)).toEqual({ status: 'unknown', detail: 'not checked: all checks together stop after 0.4 s' });
    await hang.stop();
  });

  it('a provider that never answers is a timeout, reported as unknown', async () => {
    const hang = new FakeProvider(() => null);
    const url = await hang.start();
    const c = CASES[0]!;
    const f = finding(c.ruleId, c.provider, c.key());
    const v = (await verifyFindings([f], rules, { env: { [baseUrlOverrideVar(c.provider)]: url }, timeoutMs: 300 })).get(f);
    expect(v).toEqual({ status: 'unknown', detail: 'timeout after 300 ms' });
    await hang.stop();
  });
});
