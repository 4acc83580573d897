import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const postageapp: ProviderSpec = {
  id: 'postageapp',
  name: 'PostageApp',
  docs: ['https://dev.postageapp.com/api'],
  rules: [
    {
      id: 'postageapp-api-key',
      credential: 'project API key (32 characters)',
      severity: 'high',
      context: ['postageapp', 'postage_app', 'postage_api', 'postage.api', 'postage-app'],
      pattern: bare('[A-Za-z0-9]{32}'),
      entropy: 3.2,
      minClasses: 2,
      envVar: 'POSTAGEAPP_API_KEY',
      examples: {
        detect: [
          'POSTAGEAPP_API_KEY=QTypvODObBjcJgZJszMaoYWP4vGwaRxq',
          "PostageApp.configure do |config|\n  config.api_key = 'hyGf7E2N9Li2RFHMBfqNdZ7RNS5Ouzvx'\nend",
          '{"api_key": "ohR3mO8zoFN1iW4gTFdig44PVxCfLrQt", "method": "send_message"} # https://api.postageapp.com/v.1.0/send_message.json',
        ],
        ignore: ['postageapp_message_uid: QTypvODObBjcJgZJszMaoYWP4vGwaRxq', ...placeholderLines('POSTAGEAPP_API_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'The project → API keys (project settings) → regenerate the key.', url: 'https://secure.postageapp.com/' },
    { step: 'audit', short: 'Check the project\'s message list and transmissions for the exposure window.' },
    { step: 'rotate', short: 'Use one project (and so one key) per app and environment.' },
    { step: 'update', short: 'Deploy the new key to every sender right after regenerating.' },
    { step: 'harden', short: 'Keep the key in a secrets manager; two-factor authentication on the account.' },
  ],
};

export default postageapp;
