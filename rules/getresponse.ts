import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const getresponse: ProviderSpec = {
  id: 'getresponse',
  name: 'GetResponse',
  docs: ['https://apidocs.getresponse.com/v3/authentication'],
  rules: [
    {
      id: 'getresponse-api-key',
      credential: 'API key (32 characters)',
      severity: 'high',
      context: ['getresponse', 'get_response', 'x-auth-token: api-key'],
      pattern: bare('[a-z0-9]{32}'),
      entropy: 3.2,
      envVar: 'GETRESPONSE_API_KEY',
      verify: {
        method: 'GET',
        baseUrl: 'https://api.getresponse.com',
        path: '/v3/accounts',
        auth: { kind: 'header', name: 'X-Auth-Token', value: 'api-key {secret}' },
        live: [200],
        invalid: [401],
      },
      examples: {
        detect: [
          'GETRESPONSE_API_KEY=kiew3hyn651cbja3odcjvb0ss9gd1rsa',
          'curl -H "X-Auth-Token: api-key e2tm3ixs2tcm4nyx5z46t5ch05bqvmxh" https://api.getresponse.com/v3/accounts',
          "$getresponse = new GetResponse('q4dtc44j5nvshgct1jzbas3qkk364kch');",
        ],
        ignore: ['getresponse_campaign_token: obiaa', 'getresponse_list_hash: e2tm3ixs2tcm4nyx5z46t5ch05bqvmxh', ...placeholderLines('GETRESPONSE_API_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Tools → Integrations and API → API → the key → Delete.', url: 'https://app.getresponse.com/api' },
    { step: 'audit', short: 'Check contact exports, newsletters and autoresponders sent, and new users for the exposure window.' },
    { step: 'rotate', short: 'Generate one key per integration, named after it.' },
    { step: 'update', short: 'Deploy the new key to every integration before deleting the old one.' },
    { step: 'harden', short: 'Two-factor authentication, keys in a secrets manager; GetResponse MAX accounts can restrict API access by IP.' },
  ],
};

export default getresponse;
