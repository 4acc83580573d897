import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const pepipost: ProviderSpec = {
  id: 'pepipost',
  name: 'Pepipost (Netcore Email)',
  docs: ['https://docs.netcorecloud.com/docs/authentication'],
  rules: [
    {
      id: 'pepipost-api-key',
      credential: 'API key (32 characters)',
      severity: 'high',
      context: ['pepipost', 'netcore', 'emailapi.netcorecloud'],
      pattern: bare('[A-Za-z0-9]{32}'),
      entropy: 3.2,
      envVar: 'PEPIPOST_API_KEY',
      examples: {
        detect: [
          'PEPIPOST_API_KEY=54487dc46ccec80fc306e1783cafea56',
          'curl https://emailapi.netcorecloud.net/v5.1/mail/send -H "api_key: pDM1vfmEHtFD6eOwpFNeK7eIsFcYyXfd"',
          "client = PepipostClient(api_key='d01bb5d35c8524146de13929c5f4175e')",
        ],
        ignore: ['pepipost_message_hash: 54487dc46ccec80fc306e1783cafea56', ...placeholderLines('PEPIPOST_API_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Netcore Email dashboard → Settings → Integrations → API → regenerate or delete the key.', url: 'https://email.netcorecloud.com/' },
    { step: 'audit', short: 'Check the e-mail logs and reports for sends you did not make during the exposure window.' },
    { step: 'rotate', short: 'Issue a new key for this integration only.' },
    { step: 'update', short: 'Deploy the new key to every sender before removing the old one.' },
    { step: 'harden', short: 'Whitelist your sending IPs in the account settings, keep the key in a secrets manager.' },
  ],
};

export default pepipost;
