import type { ProviderSpec } from '../src/engine/rule.js';
import { B64_END, B64_START, placeholderLines } from './shapes.js';

const reachmail: ProviderSpec = {
  id: 'reachmail',
  name: 'ReachMail',
  docs: ['https://services.reachmail.net/'],
  rules: [
    {
      id: 'reachmail-api-token',
      credential: 'API token (~64 base64 characters)',
      severity: 'high',
      context: ['reachmail', 'reach_mail', 'reach-mail'],
      pattern: String.raw`${B64_START}[A-Za-z0-9+/]{56,72}={0,2}${B64_END}`,
      entropy: 4.2,
      minClasses: 2,
      envVar: 'REACHMAIL_API_TOKEN',
      examples: {
        detect: [
          'REACHMAIL_API_TOKEN=WwU6BGbQCo8eFUH/gHGJo+mKdkMRh3e8/ilY3mRmXP+UevPdPnKwWEsN87xILSjV',
          'curl https://services.reachmail.net/administration/users/current -H "Authorization: token ERYoOliaxnDO6XL3mIvlIqOBXvIanJVQUbPNOBd1W9I7A0PbSxcley3Pxqg94VyG"',
          'rm = ReachMail("zC3z8U9SPck2XvnDWeYiXeccJ6F/spTYcqIAPsIPfF9EOEma6ZFWrNs7gK0SoRfq")',
        ],
        ignore: ['reachmail_mailing_hash: WwU6BGbQCo8eFUH/gHGJo+mKdkMRh3e8/ilY3mRmXP+UevPdPnKwWEsN87xILSjV', ...placeholderLines('REACHMAIL_API_TOKEN')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Account → API → the token → Delete or regenerate it.', url: 'https://go.reachmail.net/' },
    { step: 'audit', short: 'Check mailings sent and list exports during the exposure window.' },
    { step: 'rotate', short: 'Issue a new token for this integration only.' },
    { step: 'update', short: 'Deploy the new token to every integration before deleting the old one.' },
    { step: 'harden', short: 'Token in a secrets manager, server-side calls only.' },
  ],
};

export default reachmail;
