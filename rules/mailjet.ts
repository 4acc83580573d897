import type { ProviderSpec } from '../src/engine/rule.js';

const CONTEXT = ['mailjet', 'mj_apikey', 'mj_api', 'mj_secret', 'mjapikey'];

const mailjet: ProviderSpec = {
  id: 'mailjet',
  name: 'Mailjet',
  docs: ['https://dev.mailjet.com/email/guides/#authentication'],
  rules: [
    {
      id: 'mailjet-api-key',
      credential: 'API key or secret key (32 hex)',
      severity: 'high',
      context: CONTEXT,
      pattern: String.raw`(?<![0-9a-zA-Z])[0-9a-f]{32}(?![0-9a-zA-Z])`,
      entropy: 3.0,
      envVar: 'MJ_APIKEY_PRIVATE',
      examples: {
        detect: [
          'MJ_APIKEY_PRIVATE=e8bbc7252874fcc00387fc9bc3871bc2',
          'MJ_APIKEY_PUBLIC="d1106086e4f207cba45dc6b8a8ffe2b8"',
          "const mailjet = Mailjet.apiConnect('01cb0bd5b073c3652a7b09c93af700b6', '918598f22db14c09645fc1af80b309c9');",
          'mailjet:\n  api_key: 3dab83cc1d82226230969d885e43b659\n  secret_key: 163a6a308680d6608ce9c6c558828b26',
          { file: 'config/mailjet.yml', text: 'secret: 163a6a308680d6608ce9c6c558828b26' },
        ],
        ignore: [
          'checksum: e8bbc7252874fcc00387fc9bc3871bc2',
          'MJ_APIKEY_PRIVATE=00000000000000000000000000000000',
          'MJ_APIKEY_PRIVATE=${MJ_APIKEY_PRIVATE}',
          "mailjet = Mailjet.apiConnect(process.env.MJ_APIKEY_PUBLIC, process.env.MJ_APIKEY_PRIVATE)",
          'MJ_APIKEY_PRIVATE=0123456789abcdef0123456789abcdef',
        ],
      },
    },
  ],
  remediation: [
    {
      step: 'rotate',
      short: 'Create a new API key (with only the permissions needed): Account Settings → REST API → API Key Management.',
      url: 'https://app.mailjet.com/account/apikeys',
    },
    { step: 'update', short: 'Update every service that uses the key, test it with the new key, then deactivate the old key.' },
    { step: 'revoke', short: 'Deactivate the leaked key in API Key Management once nothing depends on it.' },
    { step: 'audit', short: 'Review access logs and usage for unfamiliar IPs or odd hours during the exposure window.' },
    { step: 'harden', short: 'Keep an inventory of services using each key; one key per environment, in a secrets manager.' },
  ],
};

export default mailjet;
