import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fake, TempRepo } from '../helpers.js';

const require = createRequire(import.meta.url);
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 with one rule per mailguard rule, fingerprints and no raw secret', () => {
    const mailgun = fake.mailgunKey();
    const sendgrid = fake.sendgridKey();
    const repo = new TempRepo()
      .add('.env', `MAILGUN_API_KEY=${mailgun}\n`)
      .add('src/my mailer.ts', `sgMail.setApiKey('${sendgrid}'); // mailguard:allow revoked fixture\n`);
    const r = repo.mailguard(['scan', '--staged', '--format', 'sarif']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(mailgun);
    expect(r.stdout).not.toContain(sendgrid);
    const log = JSON.parse(r.stdout);
    const validate = validator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = log.runs[0];
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('mailgun-private-key');
    const mg = run.tool.driver.rules.find((x: { id: string }) => x.id === 'mailgun-private-key');
    expect(mg.help.markdown).toMatch(/Revoke/);
    expect(run.results).toHaveLength(2);
    const [active, allowed] = run.results;
    expect(active).toMatchObject({
      ruleId: 'mailgun-private-key',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: '.env' }, region: { startLine: 1, startColumn: 17 } } }],
    });
    expect(active.partialFingerprints['mailguard/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(allowed.locations[0].physicalLocation.artifactLocation.uri).toBe('src/my%20mailer.ts');
    expect(allowed.suppressions).toEqual([{ kind: 'inSource', justification: 'inline: revoked fixture' }]);
  });

  it('is valid when nothing is found', () => {
    const repo = new TempRepo().add('a.txt', 'hello\n');
    const r = repo.mailguard(['scan', '--staged', '--format', 'sarif']);
    expect(r.code).toBe(0);
    expect(validator()(JSON.parse(r.stdout))).toBe(true);
  });
});

describe('--format junit', () => {
  it('writes one failing test case per finding, redacted', () => {
    const key = fake.mailgunKey();
    const repo = new TempRepo().add('config/<odd>&.env', `MAILGUN_API_KEY=${key}\n`);
    const r = repo.mailguard(['scan', '--staged', '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<testsuites name="mailguard" tests="1" failures="1"');
    expect(r.stdout).toContain('classname="config/&lt;odd&gt;&amp;.env"');
    expect(r.stdout).not.toContain(key);
  });
});
