import type { ProviderSpec, VerifySpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

/** users/ping2 answers 500 with `"name": "Invalid_Key"` for a bad key: other 500s are outages. */
const CHECK_PING = {
  method: 'POST',
  baseUrl: 'https://mandrillapp.com',
  path: '/api/1.0/users/ping2.json',
  auth: { kind: 'json-body', body: { key: '{secret}' } },
  live: [200],
  invalid: [],
  body: [{ status: 500, field: 'name', equals: 'Invalid_Key', means: 'invalid', detail: 'unknown or deleted key' }],
} satisfies VerifySpec;

const mandrill: ProviderSpec = {
  id: 'mandrill',
  name: 'Mandrill (Mailchimp Transactional)',
  docs: ['https://mailchimp.com/developer/transactional/guides/quick-start/#generate-your-api-key'],
  rules: [
    {
      id: 'mandrill-api-key',
      credential: 'Transactional API key (md-…)',
      severity: 'high',
      keywords: ['md-'],
      // Both cases must appear: class names such as md-input-container are lowercase words.
      pattern: String.raw`(?<![\w-])md-(?=[a-z0-9_-]{0,21}[A-Z])(?=[A-Z0-9_-]{0,21}[a-z])[A-Za-z0-9_-]{22}(?![\w-])`,
      prefix: 'md-',
      entropy: 3.5,
      envVar: 'MANDRILL_API_KEY',
      verify: CHECK_PING,
      examples: {
        detect: [
          'MANDRILL_API_KEY=md-EnW16UvUwO0bJFo1wvujEH',
          "const mailchimpTx = require('@mailchimp/mailchimp_transactional')('md-dV0uV6gZ8QCThlbGeW0gF6');",
          'mandrill_client = MailchimpTransactional.Client("md-sGVFRDjXx0K1Sskj346FVW")',
          'curl -X POST https://mandrillapp.com/api/1.0/users/ping2 -d \'{"key":"md-EnW16UvUwO0bJFo1wvujEH"}\'',
        ],
        ignore: [
          '<md-input-container class="md-block md-autocomplete-wrap">',
          'MANDRILL_API_KEY=md-xxxxxxxxxxxxxxxxxxxxxx',
          'MANDRILL_API_KEY=md-your-api-key-goes-here',
          'MANDRILL_API_KEY=md-VDEy-p1dE_EtrcRZGD8l1',
          ...placeholderLines('MANDRILL_API_KEY'),
        ],
      },
    },
    {
      id: 'mandrill-api-key-legacy',
      credential: 'Transactional API key (22 characters, older form)',
      severity: 'high',
      context: ['mandrill', 'mailchimp_transactional', 'mailchimp-transactional', 'mailchimptransactional'],
      pattern: bare('[A-Za-z0-9_-]{22}'),
      entropy: 3.5,
      minClasses: 2,
      envVar: 'MANDRILL_API_KEY',
      verify: CHECK_PING,
      examples: {
        detect: [
          'MANDRILL_API_KEY=EnW16UvUwO0bJFo1wvujEH',
          "Configure::write('Mandrill.apiKey', 'kRq26bejG6NGC7YOoFefKT');",
          'mandrill:\n  api_key: pmm3b8ZhV4yeCXNahR7OgB',
          'SMTP_HOST=smtp.mandrillapp.com\nSMTP_PASSWORD=K4emOxG5bsoQCaWEPacH6v',
        ],
        ignore: ['MANDRILL_SUBACCOUNT=marketing-newsletters1', 'mandrill_template: kRq26bejG6NGC7YOoFefKT', ...placeholderLines('MANDRILL_API_KEY')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Mandrill → Settings → SMTP & API Info → the key → Delete.',
      detail: 'The same key is the SMTP password of the account, so deleting it also stops SMTP sends that use it.',
      url: 'https://mandrillapp.com/settings',
    },
    {
      step: 'audit',
      short: 'Review Outbound → Activity and the API logs for sends, templates and webhooks you did not make.',
      url: 'https://mandrillapp.com/activity',
    },
    {
      step: 'rotate',
      short: 'Create a new key limited to the API calls the app needs ("Only allow this key to use certain API calls").',
      detail: 'Mandrill keys can be restricted to a list of calls (e.g. messages/send only) and test keys exist for development.',
    },
    { step: 'update', short: 'Deploy the new key (API and SMTP users) everywhere before deleting the old one.' },
    {
      step: 'harden',
      short: 'Set the key\'s IP allowlist, use sub-accounts per product, keep keys in a secrets manager.',
    },
  ],
};

export default mandrill;
