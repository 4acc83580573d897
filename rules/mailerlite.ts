import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const CONTEXT = ['mailerlite', 'mailer_lite', 'mailer-lite', 'x-mailerlite-apikey', 'connect.mailerlite'];

const mailerlite: ProviderSpec = {
  id: 'mailerlite',
  name: 'MailerLite',
  docs: ['https://developers.mailerlite.com/docs/#authentication', 'https://www.mailerlite.com/help/where-to-find-the-mailerlite-api-key-and-documentation'],
  rules: [
    {
      id: 'mailerlite-api-token',
      credential: 'API token (JWT)',
      severity: 'high',
      context: CONTEXT,
      pattern: bare(String.raw`eyJ[A-Za-z0-9_-]{10,200}\.eyJ[A-Za-z0-9_-]{20,2000}\.[A-Za-z0-9_-]{40,1000}`),
      validator: 'jwt',
      prefix: 'eyJ',
      envVar: 'MAILERLITE_API_KEY',
      verify: { method: 'GET', baseUrl: 'https://connect.mailerlite.com', path: '/api/groups?limit=1', auth: { kind: 'bearer' }, live: [200], invalid: [401] },
      examples: {
        detect: [
          'MAILERLITE_API_KEY=eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiI0IiwianRpIjoiMjA4ZDU3MjVjMTIxYmJlNjUxNmZjMTkxNzIzYzk2Nzk3MTcxNWNmNGMzMmMyODU3MTdiODI0MTllMDI2NzY2ZjQ3YTIzNWQzNGFiZGU5NTQiLCJpYXQiOjE3MDMwNTAyMTAsInN1YiI6IjcxMTY4NyJ9.mx5imzGjKqqE3gWVPB22tRJ0xvnXJRmVTrNs3NGIVFbSvlz_NG-l6Lzz73vlKJpb-zKTDoROqwHAmWbM7UDsHm76UkdKAfy6d3LCLpN8CDfJTyzgRaS9q3bsc1ydQzlDkws1cbu-o7PUAHdmOz4bSJb19fG7a2j4GEYkGHT7_rzgOdYEa8bPmN251brxGWF2vCSYUq8cECUDsdGbEl8T2k5GF0yBD-ysqFY1vpgaDHRmnTZpjGaqvMksjgKGdtW6g-fjxrFd9-FFthArwvq5MT2fllVqxB1iiWLdlqkn5aLPS5myq-7puBgErMUbD0p45utcdCtVjMG7KfYldDSssj',
          "const mailerlite = new MailerLite({ api_key: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiI0IiwianRpIjoiOWJkMTU2MjEyYmRjOGNhZTc2NzIwZWY0YTAzOWFkNTg1ZTYxNzc0YjE3ZjUxNTRlYTk4NzNhNTFjNmI4YTI3OTYzYjRlZTI5NjIzZmY5NTgiLCJpYXQiOjE3MDU1MjY5NDYsInN1YiI6IjIyNDQ5NiJ9.6iDCTGhTHILGuFD_3U168lJsnSxMkFnuP49GwfcC9BjlOyXK_VO7N-3RTiEQL8DWc7rrEXPtOKbhMQrcF9bAgFCdvjsoOH3DRrFb1-HzySCgNCgsQkPQLgJ74qXBryYkU4GSYXtdG_rcHs4e8mXhovq1Gr99o1KguVae-1VoL6BZvQtxL3eMsxjsfbtblR3wQyGgCP3hwac-7wZeHkV-JQtuiDvMtAONNIy-AGfkkzzMw4FPkRQLw3rAn318ci94Sgjc0XY-23qT0EfJ1rkt5-L2AuerpSI46jxI1JP0PRTPn9J6DZ1B1qsTxrnSREVAjg6nf5ZU4LAylv-QH-2IO-' });",
          'curl -H "Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiI0IiwianRpIjoiYWY0ZWUxYzcxZWE4NzgxZmYyMDM0N2IyZmJmNGRjNjE0NDdjZThkODdhZDg4MjUxOGIxZmVlZDZlNGVjODRlOTI1NjQ4ZjRkNWI0N2U0OWYiLCJpYXQiOjE3MDY1MDg3NDUsInN1YiI6Ijk2NTg3NCJ9.9hgDsItWlbkMteerlvegbCRnNQLPy0PW1ci-R72HjyPR7M_zcnbOrfUKHx8Ld1H8EjU293ymUTsUkXilJukDpChWO9dipoAqtsjBpC8tLTuPTu-8steVUmDIz256qWvP-KgzKSTXVBXH0zpXwSy9NJn6EjwHSiUwidY9C1SwOja9DmI3T52z2Ovit_w-Z3vkay4gC_xykbwkTQEVWsMN91a2AvxmnIRm-59WO7VyksnRj4gyOA6IFcUdpbIoYW5TQTqXALMlYH1sC6GF9shehcC3jHB80_BEz961OQH_sEgOQTeib4axLbwX7etiGahwjRw39q2rhx3qe6M7z4ZOs7" https://connect.mailerlite.com/api/subscribers',
        ],
        ignore: ['ID_TOKEN=eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiI0IiwianRpIjoiMjA4ZDU3MjVjMTIxYmJlNjUxNmZjMTkxNzIzYzk2Nzk3MTcxNWNmNGMzMmMyODU3MTdiODI0MTllMDI2NzY2ZjQ3YTIzNWQzNGFiZGU5NTQiLCJpYXQiOjE3MDMwNTAyMTAsInN1YiI6IjcxMTY4NyJ9.mx5imzGjKqqE3gWVPB22tRJ0xvnXJRmVTrNs3NGIVFbSvlz_NG-l6Lzz73vlKJpb-zKTDoROqwHAmWbM7UDsHm76UkdKAfy6d3LCLpN8CDfJTyzgRaS9q3bsc1ydQzlDkws1cbu-o7PUAHdmOz4bSJb19fG7a2j4GEYkGHT7_rzgOdYEa8bPmN251brxGWF2vCSYUq8cECUDsdGbEl8T2k5GF0yBD-ysqFY1vpgaDHRmnTZpjGaqvMksjgKGdtW6g-fjxrFd9-FFthArwvq5MT2fllVqxB1iiWLdlqkn5aLPS5myq-7puBgErMUbD0p45utcdCtVjMG7KfYldDSssj', 'MAILERLITE_API_KEY=eyJhbGciOi.eyJzdWIiOiIxMjM0NTY3ODkwIn0.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ...placeholderLines('MAILERLITE_API_KEY')],
      },
    },
    {
      id: 'mailerlite-api-key-classic',
      credential: 'classic API key (32 characters)',
      severity: 'high',
      context: CONTEXT,
      pattern: bare('[a-z0-9]{32}'),
      entropy: 3.2,
      envVar: 'MAILERLITE_API_KEY',
      verify: {
        method: 'GET',
        baseUrl: 'https://api.mailerlite.com',
        path: '/api/v2/me',
        auth: { kind: 'header', name: 'X-MailerLite-ApiKey', value: '{secret}' },
        live: [200],
        invalid: [401],
      },
      examples: {
        detect: [
          'MAILERLITE_API_KEY=bfwy8hcdc5axxwhhljk4izc5dy05706g',
          "curl https://api.mailerlite.com/api/v2/me -H 'X-MailerLite-ApiKey: bq34iq9mf2q6l71a3ve5m7mxyw3gmpkm'",
          "$groupsApi = (new \\MailerLiteApi\\MailerLite('pqxgzp1zdqoe3za8x44su7xkifzsaolu'))->groups();",
        ],
        ignore: ['mailerlite_group_hash: bfwy8hcdc5axxwhhljk4izc5dy05706g', ...placeholderLines('MAILERLITE_API_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Integrations → MailerLite API → the token → Delete.', url: 'https://dashboard.mailerlite.com/integrations/api' },
    { step: 'audit', short: 'Check subscriber exports, campaign sends and automation changes for the exposure window.' },
    { step: 'rotate', short: 'Generate a new token per integration and name it after the app that uses it.' },
    { step: 'update', short: 'Deploy the new token to every integration before deleting the old one.' },
    { step: 'harden', short: 'Two-factor authentication for account users, tokens in a secrets manager, one per environment.' },
  ],
};

export default mailerlite;
