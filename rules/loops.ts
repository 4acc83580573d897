import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, hex, placeholderLines } from './shapes.js';

const loops: ProviderSpec = {
  id: 'loops',
  name: 'Loops',
  docs: ['https://loops.so/docs/api-reference/intro#authentication'],
  rules: [
    {
      id: 'loops-api-key',
      credential: 'API key (32 hex)',
      severity: 'high',
      // "loops" alone is an ordinary word in code; only names that mean the Loops service arm the rule.
      context: ['loops_api', 'loops_key', 'loops_token', 'loops_secret', 'loops.so', 'loopsclient', 'new loops(', 'loops-api', 'loopsapikey', 'loops:'],
      pattern: bare(hex(32)),
      entropy: 3.0,
      envVar: 'LOOPS_API_KEY',
      verify: { method: 'GET', baseUrl: 'https://app.loops.so', path: '/api/v1/api-key', auth: { kind: 'bearer' }, live: [200], invalid: [401] },
      examples: {
        detect: [
          'LOOPS_API_KEY=ae07cafc0af7bb4dcff300ffdab14d19',
          'const loops = new LoopsClient("542d61d26dbf81217a8416928fdaf218");',
          'curl https://app.loops.so/api/v1/api-key -H "Authorization: Bearer d6e68286f358edf68fd7cfca6efd8961"',
          'loops = LoopsClient(api_key="ae07cafc0af7bb4dcff300ffdab14d19")',
        ],
        ignore: ['for (const x of loops) hash = "542d61d26dbf81217a8416928fdaf218";', 'LOOPS_COUNT=d6e68286f358edf68fd7cfca6efd8961', ...placeholderLines('LOOPS_API_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Settings → API → the key → Revoke.', url: 'https://app.loops.so/settings?page=api' },
    { step: 'audit', short: 'Check sent transactional emails, contact changes and audience exports for the exposure window.' },
    { step: 'rotate', short: 'Generate a new key for this one integration (keys are team-wide: one per app keeps revocation easy).' },
    { step: 'update', short: 'Deploy the new key to every service before revoking the old one.' },
    { step: 'harden', short: 'Call Loops only from the server, keep the key in a secrets manager, one key per environment.' },
  ],
};

export default loops;
