import type { ProviderSpec, VerifySpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const CHECK_SUMMARY = {
  method: 'POST',
  baseUrl: 'https://api.smtp2go.com',
  path: '/v3/stats/email_summary',
  auth: { kind: 'json-body', body: { api_key: '{secret}' } },
  live: [200, 403],
  invalid: [401],
} satisfies VerifySpec;

const smtp2go: ProviderSpec = {
  id: 'smtp2go',
  name: 'SMTP2GO',
  docs: ['https://developers.smtp2go.com/docs/getting-started', 'https://support.smtp2go.com/hc/en-gb/articles/20733554117145-API-Keys'],
  rules: [
    {
      id: 'smtp2go-api-key',
      credential: 'API key (api-…)',
      severity: 'high',
      keywords: ['api-'],
      // Uppercase hex after `api-` is SMTP2GO's form; `api-gateway-…` and other names are lowercase words.
      pattern: String.raw`(?<![\w-])api-[0-9A-F]{32}(?![\w-])`,
      prefix: 'api-',
      entropy: 3.2,
      envVar: 'SMTP2GO_API_KEY',
      verify: CHECK_SUMMARY,
      examples: {
        detect: [
          'SMTP2GO_API_KEY=api-0E004AAD7246E7965ED47192DEF23C36',
          'curl -X POST https://api.smtp2go.com/v3/email/send -H "X-Smtp2go-Api-Key: api-6F18BF4D442F10C3BD63A3724F6B1B27"',
          "client = Smtp2goClient(api_key='api-A5FF4CDEFD5A74120C3473E9D4E0D24F')",
          '{"api_key": "api-0E004AAD7246E7965ED47192DEF23C36", "to": ["x@example.com"]}',
        ],
        ignore: ['SMTP2GO_API_KEY=api-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'x-api-6F18BF4D442F10C3BD63A3724F6B1B27', 'api-7C8726FCB9FD5AF0EAD5B8E8C582F6A', ...placeholderLines('SMTP2GO_API_KEY')],
      },
    },
    {
      id: 'smtp2go-api-key-context',
      credential: 'API key (api-… in mixed case)',
      severity: 'high',
      context: ['smtp2go'],
      pattern: bare('api-[0-9A-Za-z]{32}'),
      prefix: 'api-',
      entropy: 3.5,
      minClasses: 3,
      envVar: 'SMTP2GO_API_KEY',
      verify: CHECK_SUMMARY,
      examples: {
        detect: ['SMTP2GO_API_KEY=api-29XiaknMTpy1xKvhOdhcLkHl66vBVf9L'],
        ignore: ['SMTP2GO_REGION=api-7lrhqoc4a0udnbx6h4j3rzl1bs73wz8l', 'smtp2go api_key: api-dgequamc4qfmiq7qc28d23acdh97posu', ...placeholderLines('SMTP2GO_API_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Sending → API Keys → the key → Delete (or Disable).', url: 'https://app.smtp2go.com/sending/apikeys/' },
    { step: 'audit', short: 'Check Reports → Activity for sends you did not make; look for new SMTP users and API keys.', url: 'https://app.smtp2go.com/reports/activity/' },
    {
      step: 'rotate',
      short: 'Create a key with only the API permissions it needs (e.g. email/send) and its own sending limits.',
    },
    { step: 'update', short: 'Deploy the new key to every sender before deleting the old one.' },
    { step: 'harden', short: 'Restrict the key to your servers\' IPs, one key per environment, keys in a secrets manager.' },
  ],
};

export default smtp2go;
