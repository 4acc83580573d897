import type { ProviderSpec } from '../src/engine/rule.js';
import { hex, placeholderLines } from './shapes.js';

const mailchimp: ProviderSpec = {
  id: 'mailchimp',
  name: 'Mailchimp (Marketing API)',
  docs: ['https://mailchimp.com/developer/marketing/guides/quick-start/#generate-your-api-key', 'https://mailchimp.com/help/about-api-keys/'],
  rules: [
    {
      id: 'mailchimp-api-key',
      credential: 'Marketing API key (…-usNN)',
      severity: 'high',
      keywords: ['-us'],
      // 32 hex, then the data-centre suffix that also names the API host (us1 … us21).
      pattern: String.raw`(?<![\w-])${hex(32)}-us[0-9]{1,2}(?![\w-])`,
      entropy: 3.2,
      envVar: 'MAILCHIMP_API_KEY',
      verify: {
        method: 'GET',
        baseUrl: 'https://{dc}.api.mailchimp.com',
        parts: { dc: String.raw`-(us[0-9]{1,2})$` },
        path: '/3.0/ping',
        auth: { kind: 'basic', user: 'mailguard', password: '{secret}' },
        live: [200],
        invalid: [401],
      },
      examples: {
        detect: [
          'MAILCHIMP_API_KEY=ed4f45850534ab9f0dc4e51ef9f882ae-us21',
          "mailchimp.setConfig({ apiKey: 'f0fca8d5905bda886b43d637fa7c2f3f-us6', server: 'us6' });",
          'client.set_config({"api_key": "a6cf533967679f8d4d2f7d3312616ecc-us14", "server": "us14"})',
          "curl --user 'anystring:ed4f45850534ab9f0dc4e51ef9f882ae-us21' https://us21.api.mailchimp.com/3.0/ping",
          '$MailChimp = new MailChimp(\'f0fca8d5905bda886b43d637fa7c2f3f-us6\');',
          'mailchimp:\n  api_key: a6cf533967679f8d4d2f7d3312616ecc-us14\n  list_id: 38592a7c45',
        ],
        ignore: [
          'MAILCHIMP_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us21',
          'MAILCHIMP_API_KEY=00000000000000000000000000000000-us1',
          'MAILCHIMP_API_KEY=2da98e79a58a2ddb6cbba223a7fdaa5-us21',
          'build f0fca8d5905bda886b43d637fa7c2f3f-usa',
          'lang: en-us',
          ...placeholderLines('MAILCHIMP_API_KEY'),
        ],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Account & billing → Extras → API keys → Disable (then delete) the leaked key.',
      detail: 'The key is listed with its last characters and creation date; disabling is immediate.',
      url: 'https://admin.mailchimp.com/account/api/',
    },
    {
      step: 'audit',
      short: 'Check audiences for exports and new integrations, and campaigns for sends you did not schedule.',
      detail: 'A Marketing API key can read and export every audience: treat the contacts as exposed. Look at the account activity log and connected apps.',
    },
    {
      step: 'rotate',
      short: 'Create a new key for this one integration (one key per app makes the next revocation painless).',
      detail: 'Mailchimp keys are account-wide; the only limit is to give each integration its own key, or use OAuth for third-party apps.',
    },
    { step: 'update', short: 'Deploy the new key to every integration and CI secret before disabling the old one.' },
    {
      step: 'harden',
      short: 'Two-factor authentication on the account, keys in a secrets manager, never in front-end code.',
    },
  ],
};

export default mailchimp;
