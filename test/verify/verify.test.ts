import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachSecret, type Finding } from '../../src/engine/finding.js';
import type { RuleSpec } from '../../src/engine/rule.js';
import { baseUrlOverrideVar, buildRequest, verifyFindings } from '../../src/verify/verify.js';
import { fake } from '../helpers.js';
import { basicAuth, FakeProvider } from './fake-provider.js';

const rule: RuleSpec = {
  id: 'acme-api-key',
  credential: 'API key',
  severity: 'high',
  keywords: ['key-'],
  pattern: String.raw`key-[0-9a-z]{32}`,
  envVar: 'ACME_API_KEY',
  verify: { method: 'GET', baseUrl: 'https://api.acme.test', path: '/v3/domains', auth: { kind: 'basic', user: 'api', password: '{secret}' }, live: [200], invalid: [401] },
  examples: { detect: [], ignore: [] },
};

function finding(secret: string): Finding {
  const f: Finding = { ruleId: rule.id, provider: 'acme', providerName: 'Acme', credential: 'API key', severity: 'high', file: '.env', line: 1, column: 1, commit: null, redacted: 'key-…', fingerprint: '0'.repeat(32), envVar: 'ACME_API_KEY', snippet: '' };
  attachSecret(f, secret);
  return f;
}

describe('verification', () => {
  const live = fake.mailgunKey();
  const revoked = fake.mailgunKey();
  const limited = fake.mailgunKey();
  const server = new FakeProvider((req) => {
    const creds = basicAuth(req.headers);
    if (creds === `api:${live}`) return 200;
    if (creds === `api:${limited}`) return 429;
    return 401;
  });
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { [baseUrlOverrideVar('acme')]: `${await server.start()}/acme` };
  });
  afterAll(() => server.stop());

  it('says live, invalid or unknown from the provider answer, sending the exact read-only request', async () => {
    const fs = [finding(live), finding(revoked), finding(limited), finding(live)];
    const results = await verifyFindings(fs, new Map([[rule.id, rule]]), { env });
    expect(fs.map((f) => results.get(f)?.status)).toEqual(['live', 'invalid', 'unknown', 'live']);
    expect(results.get(fs[2]!)?.detail).toMatch(/429/);
    expect(server.requests).toHaveLength(3); // the same secret is checked once
    for (const r of server.requests) {
      expect(r.method).toBe('GET');
      expect(r.path).toBe('/acme/v3/domains');
    }
  });

  it('never sends a key anywhere but HTTPS or a loopback override', () => {
    expect(() => buildRequest(rule, { ...rule.verify!, baseUrl: 'http://api.acme.test' }, live, 'acme', {})).toThrow(/HTTPS/);
    expect(() => buildRequest(rule, rule.verify!, live, 'acme', { [baseUrlOverrideVar('acme')]: 'http://example.com' })).toThrow(/loopback/);
    expect(buildRequest(rule, rule.verify!, live, 'acme', {}).url.href).toBe('https://api.acme.test/v3/domains');
  });

  it('reports a network error as unknown', async () => {
    const gone = new FakeProvider(() => 200);
    const closedEnv = { [baseUrlOverrideVar('acme')]: await gone.start() };
    await gone.stop(); // its port is closed now: the connection is refused
    const results = await verifyFindings([finding(live)], new Map([[rule.id, rule]]), { env: closedEnv, timeoutMs: 500 });
    expect([...results.values()][0]).toEqual({ status: 'unknown', detail: 'network error: ECONNREFUSED' });
  });
});
