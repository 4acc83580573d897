import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const mailmodo: ProviderSpec = {
  id: 'mailmodo',
  name: 'Mailmodo',
  docs: ['https://www.mailmodo.com/developers/'],
  rules: [
    {
      id: 'mailmodo-api-key',
      credential: 'API key (4 groups of 7)',
      severity: 'high',
      context: ['mailmodo', 'mmapikey', 'mm_api_key'],
      pattern: bare('[A-Z0-9]{7}-[A-Z0-9]{7}-[A-Z0-9]{7}-[A-Z0-9]{7}'),
      entropy: 3.5,
      envVar: 'MAILMODO_API_KEY',
      examples: {
        detect: [
          'MAILMODO_API_KEY=EIF7XYS-5PIVHPL-4IBVVU4-KRW54E3',
          "curl https://api.mailmodo.com/api/v1/triggerCampaign -H 'mmApiKey: UH8NX2D-WS51GYD-EIF7XYS-5PIVHPL'",
        ],
        ignore: ['LICENSE_KEY=EIF7XYS-5PIVHPL-4IBVVU4-KRW54E3', 'MAILMODO_API_KEY=XXXXXXX-XXXXXXX-XXXXXXX-XXXXXXX', ...placeholderLines('MAILMODO_API_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Settings → API keys → the key → Delete.', url: 'https://manage.mailmodo.com/app/settings/api-keys' },
    { step: 'audit', short: 'Check campaigns triggered and contact lists changed or exported during the exposure window.' },
    { step: 'rotate', short: 'Create a new key per integration, named after it.' },
    { step: 'update', short: 'Deploy the new key to every integration before deleting the old one.' },
    { step: 'harden', short: 'Keys in a secrets manager, server-side calls only, two-factor authentication.' },
  ],
};

export default mailmodo;
