import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines, UUID } from './shapes.js';

const moosend: ProviderSpec = {
  id: 'moosend',
  name: 'Moosend',
  docs: ['https://docs.moosend.com/developers/api-documentation/en/index-en.html'],
  rules: [
    {
      id: 'moosend-api-key',
      credential: 'API key (UUID)',
      severity: 'high',
      context: ['moosend'],
      pattern: bare(UUID),
      entropy: 3.0,
      envVar: 'MOOSEND_API_KEY',
      examples: {
        detect: [
          'MOOSEND_API_KEY=f983c0d1-55fb-71bc-21e3-33b247510879',
          'https://api.moosend.com/v3/lists.json?apikey=20e3f66d-3f0e-c4b8-15b0-e62871f13f06',
          'moosend:\n  api_key: d2b76931-5904-9bde-5977-d9db0ed78bf9',
        ],
        ignore: ['moosend_list_id: f983c0d1-55fb-71bc-21e3-33b247510879', 'CAMPAIGN_ID=20e3f66d-3f0e-c4b8-15b0-e62871f13f06', ...placeholderLines('MOOSEND_API_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Settings → API key → Regenerate (the old key stops working).', url: 'https://identity.moosend.com/' },
    { step: 'audit', short: 'Check campaigns sent, mailing-list exports and subscriber changes for the exposure window.' },
    { step: 'rotate', short: 'Regenerating is the rotation: Moosend has one API key per account.' },
    { step: 'update', short: 'Deploy the new key to every integration right after regenerating.' },
    { step: 'harden', short: 'Two-factor authentication for users, the key in a secrets manager, server-side calls only.' },
  ],
};

export default moosend;
