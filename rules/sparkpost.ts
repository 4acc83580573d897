import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, hex, placeholderLines } from './shapes.js';

const sparkpost: ProviderSpec = {
  id: 'sparkpost',
  name: 'SparkPost (Bird)',
  docs: ['https://developers.sparkpost.com/api/#header-authentication', 'https://support.sparkpost.com/docs/getting-started/create-api-keys'],
  rules: [
    {
      id: 'sparkpost-api-key',
      credential: 'API key (40 hex)',
      severity: 'high',
      context: ['sparkpost', 'spark_post', 'sparky'],
      pattern: bare(hex(40)),
      entropy: 3.2,
      envVar: 'SPARKPOST_API_KEY',
      verify: {
        method: 'GET',
        baseUrl: 'https://api.sparkpost.com',
        regions: [{ id: 'eu', baseUrl: 'https://api.eu.sparkpost.com' }],
        path: '/api/v1/account',
        auth: { kind: 'header', name: 'Authorization', value: '{secret}' },
        live: [200, 403],
        invalid: [401],
      },
      examples: {
        detect: [
          'SPARKPOST_API_KEY=9c5c95405bef3e75fe0bb525cb294524f1b863a2',
          "const client = new SparkPost('a1f051d2918c6807472304e3a6b73b3c2ee32f21');",
          'sp = SparkPost("43c2f8df39641f1e7b406957cb3bf57b60c5b466")',
          'curl https://api.sparkpost.com/api/v1/account -H "Authorization: 9c5c95405bef3e75fe0bb525cb294524f1b863a2"',
          'sparkpost:\n  api_key: a1f051d2918c6807472304e3a6b73b3c2ee32f21\n  endpoint: https://api.eu.sparkpost.com',
          'smtp://SMTP_Injection:43c2f8df39641f1e7b406957cb3bf57b60c5b466@smtp.sparkpostmail.com:587',
        ],
        ignore: [
          { file: 'yarn.lock', text: 'sparkpost@^2.1.4:\n  resolved "https://registry.yarnpkg.com/sparkpost/-/sparkpost-2.1.4.tgz#9c5c95405bef3e75fe0bb525cb294524f1b863a2"' },
          'commit a1f051d2918c6807472304e3a6b73b3c2ee32f21 bumps sparkpost to 2.1.4',
          'sparkpost_transmission_id: 43c2f8df39641f1e7b406957cb3bf57b60c5b466',
          'GIT_SHA=9c5c95405bef3e75fe0bb525cb294524f1b863a2',
          ...placeholderLines('SPARKPOST_API_KEY'),
        ],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Configuration → API Keys → the key → Delete.',
      url: 'https://app.sparkpost.com/account/api-keys',
    },
    {
      step: 'audit',
      short: 'Review Events and Reports for transmissions you did not send; check for new sending domains, webhooks and keys.',
      url: 'https://app.sparkpost.com/reports/message-events',
    },
    {
      step: 'rotate',
      short: 'Create a key with only the grants needed (Transmissions: Read/Write for sending) and, if possible, a subaccount.',
    },
    { step: 'update', short: 'Deploy the new key to every sender (API and SMTP injection) before deleting the old one.' },
    { step: 'harden', short: 'Set the key\'s IP allowlist, one key per environment, keys in a secrets manager, 2FA on users.' },
  ],
};

export default sparkpost;
