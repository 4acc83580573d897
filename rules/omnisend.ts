import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const omnisend: ProviderSpec = {
  id: 'omnisend',
  name: 'Omnisend',
  docs: ['https://api-docs.omnisend.com/reference/authentication'],
  rules: [
    {
      id: 'omnisend-api-key',
      credential: 'API key (24 hex, dash, ~50 characters)',
      severity: 'high',
      context: ['omnisend'],
      pattern: bare('[0-9a-f]{24}-[A-Za-z0-9]{40,60}'),
      entropy: 3.8,
      envVar: 'OMNISEND_API_KEY',
      examples: {
        detect: [
          'OMNISEND_API_KEY=352d5b70b0df4072e967fa6e-dS9opNcyk40C9k29AbH4o5XRqachzQPE80J0lQ3E4JzgAHShj0',
          'curl https://api.omnisend.com/v3/contacts -H "X-API-KEY: e27eda78b8e40592097aa74f-Xg2um5jY1A0nVBZKq1W9FpTRsJj8AV8RwkwTKwqhJQdpnD7Y92" # omnisend',
          "const omnisend = new Omnisend({ apiKey: '352d5b70b0df4072e967fa6e-dS9opNcyk40C9k29AbH4o5XRqachzQPE80J0lQ3E4JzgAHShj0' });",
        ],
        ignore: ['omnisend_cart_id: 352d5b70b0df4072e967fa6e-dS9opNcyk40C9k29AbH4o5XRqachzQPE80J0lQ3E4JzgAHShj0', ...placeholderLines('OMNISEND_API_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Store settings → Integrations & API → API keys → the key → Delete.', url: 'https://app.omnisend.com/integrations/api-keys' },
    { step: 'audit', short: 'Check contact exports, campaigns and automations, and orders/events pushed, for the exposure window.' },
    { step: 'rotate', short: 'Create a key with only the permissions the integration needs (read/write per resource).' },
    { step: 'update', short: 'Deploy the new key to every integration before deleting the old one.' },
    { step: 'harden', short: 'One key per integration, kept in a secrets manager; two-factor authentication on the store account.' },
  ],
};

export default omnisend;
