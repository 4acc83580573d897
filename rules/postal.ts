import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const postal: ProviderSpec = {
  id: 'postal',
  name: 'Postal (self-hosted)',
  docs: ['https://docs.postalserver.io/developer/api', 'https://docs.postalserver.io/features/credentials'],
  rules: [
    {
      id: 'postal-server-api-key',
      credential: 'server API key (24 characters) — also an SMTP password',
      severity: 'high',
      context: [
        'x-server-api-key', 'postal_api', 'postal_key', 'postal_server', 'postal_token', 'postal_secret', 'postal::client',
        'postal.client', 'postal-api', 'postal_smtp', 'postalserver',
      ],
      pattern: bare('[A-Za-z0-9]{24}'),
      entropy: 3.5,
      minClasses: 2,
      envVar: 'POSTAL_API_KEY',
      examples: {
        detect: [
          'POSTAL_API_KEY=Zy532zpiMoGY1VELQhLqAFWF',
          'curl -X POST https://postal.example.com/api/v1/send/message -H "X-Server-API-Key: vt3vS0Ue7EPuFGxHUblZabUk"',
          "client = Postal::Client.new('https://postal.example.com', 'z13dcOk8kjMDMsNMeBvCsWMU')",
          'const client = new Postal.Client("https://postal.example.com", "Zy532zpiMoGY1VELQhLqAFWF");',
        ],
        ignore: ['POSTAL_CODE_REGEX=vt3vS0Ue7EPuFGxHUblZabUk', 'X-Server-API-Key: ${POSTAL_KEY}', ...placeholderLines('POSTAL_API_KEY')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'In the Postal web UI: the organisation → the mail server → Credentials → the key → Delete.',
      detail: 'Postal is self-hosted: the UI is at your own Postal host. SMTP credentials live on the same page.',
    },
    { step: 'audit', short: 'Check the server\'s Messages list and your Postal host\'s logs for sends you did not make.' },
    { step: 'rotate', short: 'Create a new API credential on the one mail server the app needs, named after the app.' },
    { step: 'update', short: 'Deploy the new key to every sender before deleting the old one.' },
    { step: 'harden', short: 'Keep the Postal web UI and API behind your network/firewall, one credential per app, keys in a secrets manager.' },
  ],
};

export default postal;
