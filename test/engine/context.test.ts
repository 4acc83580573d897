import { describe, expect, it } from 'vitest';
import { providers } from '../../rules/index.js';
import { compileRules } from '../../src/engine/compile.js';
import { keyNameBefore, keyNameKind } from '../../src/engine/context.js';
import { secretsOf } from '../../src/engine/finding.js';
import { scanText } from '../../src/engine/scan-text.js';
import { fake, randomFrom } from '../helpers.js';

const rules = compileRules(providers);
const ids = (text: string, file = 'example.txt') => scanText(rules, text, file).map((f) => f.ruleId);

describe('keyNameBefore', () => {
  const at = (line: string, token = 'TOKEN') => keyNameBefore(line, line.indexOf(token));
  it.each([
    ['API_KEY=TOKEN', 'API_KEY'],
    ['  "apiKey": "TOKEN",', 'apiKey'],
    ["$mail->Password = 'TOKEN';", 'Password'],
    ['X-Postmark-Server-Token: TOKEN', 'X-Postmark-Server-Token'],
    ['Authorization: Bearer TOKEN', 'Bearer'],
    ["define('MJ_KEY', 'TOKEN');", 'MJ_KEY'],
    ['config.api_key = "TOKEN"', 'api_key'],
    ['ENV["SECRET"] = "TOKEN"', 'SECRET'],
    ['<ApiKey>TOKEN</ApiKey>', 'ApiKey'],
    ["connect('TOKEN')", ''],
    ["    'TOKEN',", ''],
    ['smtp://user:TOKEN@host', ''],
    ["curl -u 'TOKEN'", 'user'],
  ])('%s → %s', (line, name) => expect(at(line)).toBe(name));
});

describe('keyNameKind', () => {
  it.each([
    ['api_key', 'generic'],
    ['X-API-Key', 'generic'],
    ['smtp_password', 'generic'],
    ['email_host_password', 'generic'],
    ['client_id', 'qualifier'],
    ['private', 'qualifier'],
    ['checksum', 'other'],
    ['cacheKey', 'other'],
    ['message_id', 'other'],
    ['uuid', 'other'],
  ])('%s is %s', (name, kind) => expect(keyNameKind(name)).toBe(kind));
});

describe('the context window', () => {
  it('arms a bare token from the same line, a section above, or the path', () => {
    const hex = fake.hex32();
    expect(ids(`MJ_APIKEY_PRIVATE=${hex}`)).toEqual(['mailjet-api-key']);
    expect(ids(`mailjet:\n  enabled: true\n  secret_key: ${hex}`)).toEqual(['mailjet-api-key']);
    expect(ids(`secret: ${hex}`, 'config/mailjet.yml')).toEqual(['mailjet-api-key']);
    expect(ids(`secret: ${hex}`)).toEqual([]);
  });

  it('ends a section when the indentation comes back', () => {
    const hex = fake.hex32();
    expect(ids(`mailjet:\n  from: team\ncache:\n  key: ${hex}`)).toEqual([]);
    expect(ids(`[mailjet]\nfrom = team\n[cache]\nkey = ${hex}`)).toEqual([]);
    expect(ids(`[mailjet]\nfrom = team\nkey = ${hex}`)).toEqual(['mailjet-api-key']);
  });

  it('lets a plain mention reach only a few lines', () => {
    const hex = fake.hex32();
    const filler = Array.from({ length: 8 }, (_, i) => `LINE_${i}=x`).join('\n');
    expect(ids(`# mailjet\napi_key=${hex}`)).toEqual(['mailjet-api-key']);
    expect(ids(`# mailjet\n${filler}\napi_key=${hex}`)).toEqual([]);
  });

  it('takes a token only as the value of a credential-like name', () => {
    const hex = fake.hex32();
    expect(ids(`mailjet:\n  checksum: ${hex}`)).toEqual([]);
    expect(ids(`MAILJET_TEMPLATE_HASH=${hex}`)).toEqual([]);
  });

  it('never arms context rules in lock files', () => {
    const sha = randomFrom('0123456789abcdef', 40);
    expect(ids(`sparkpost@^2.1.4:\n  resolved "https://registry.yarnpkg.com/sparkpost/-/sparkpost-2.1.4.tgz#${sha}"`, 'yarn.lock')).toEqual([]);
  });
});

describe('two-part credentials', () => {
  it('reports Mailjet key + secret as one finding carrying both secrets', () => {
    const [key, secret] = [fake.hex32(), fake.hex32()];
    const found = scanText(rules, `MJ_APIKEY_PUBLIC=${key}\nMJ_APIKEY_PRIVATE=${secret}`);
    expect(found.map((f) => [f.ruleId, f.line])).toEqual([['mailjet-api-key-pair', 2]]);
    expect(secretsOf(found[0]!)).toEqual([secret, key]);
    expect(found[0]!.pairedWith).toEqual({ line: 1, column: 18 });
  });

  it('reports the public half alone as nothing, the secret half alone as a finding', () => {
    expect(ids(`MJ_APIKEY_PUBLIC=${fake.hex32()}`)).toEqual([]);
    expect(ids(`MJ_APIKEY_PRIVATE=${fake.hex32()}`)).toEqual(['mailjet-api-key']);
  });

  it('pairs an SES user with its password, in either order, and needs no SES word', () => {
    const user = `AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const password = Buffer.concat([Buffer.from([4]), Buffer.from(randomFrom('0123456789abcdef', 64), 'hex')]).toString('base64');
    expect(ids(`SMTP_USERNAME=${user}\nSMTP_PASSWORD=${password}`)).toEqual(['amazon-ses-smtp-credentials']);
    expect(ids(`SES_SMTP_PASSWORD=${password}\nSES_SMTP_USERNAME=${user}`)).toEqual(['amazon-ses-smtp-credentials']);
    expect(ids(`AWS_ACCESS_KEY_ID=${user}`)).toEqual([]);
  });

  it('keeps halves more than a few lines apart separate', () => {
    const filler = Array.from({ length: 12 }, (_, i) => `LINE_${i}=x`).join('\n');
    expect(ids(`MJ_APIKEY_PRIVATE=${fake.hex32()}\n${filler}\nMJ_SECRET_KEY=${fake.hex32()}`)).toEqual(['mailjet-api-key', 'mailjet-api-key']);
  });
});

describe('generic SMTP passwords', () => {
  const password = () => `${randomFrom('ABCDEFGHJKLMNPQRSTUVWXYZ', 4)}${randomFrom('abcdefghijkmnpqrstuvwxyz', 6)}${randomFrom('23456789', 4)}!`;
  it('reports a literal password and ignores lookups and stand-ins', () => {
    expect(ids(`SMTP_PASSWORD=${password()}`)).toEqual(['smtp-password']);
    for (const value of ['${SMTP_PASSWORD}', 'process.env.SMTP_PASSWORD', 'changeme', 'password123', '****', 'getenv("X")']) {
      expect(ids(`SMTP_PASSWORD=${value}`)).toEqual([]);
    }
  });

  it('yields to a provider rule on the same text', () => {
    expect(ids(`SMTP_PASSWORD=${fake.sendgridKey()}`)).toEqual(['sendgrid-api-key']);
  });
});
