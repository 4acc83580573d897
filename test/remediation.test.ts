import { describe, expect, it } from 'vitest';
import { providers } from '../rules/index.js';
import { compileRules } from '../src/engine/compile.js';
import { secretOf, type Finding } from '../src/engine/finding.js';
import { Scanner } from '../src/engine/match.js';
import { scanText } from '../src/engine/scan-text.js';
import { dotenvLine, parseDotenv, placeholderFor } from '../src/report/dotenv.js';
import { fixLines } from '../src/report/fix-steps.js';
import { historyAdvice, historyCommands, replacementLine } from '../src/report/history.js';
import { languageOf, replaceLiteral } from '../src/report/languages.js';
import { exampleName, fileKind, gitignoreLine, planFixes, type FixFacts } from '../src/report/remediation.js';
import { fake, run } from './helpers.js';

const rules = compileRules(providers);

function findingsIn(file: string, text: string): Finding[] {
  return scanText(rules, text, file);
}

function facts(over: Partial<FixFacts> = {}): FixFacts {
  return { ignored: new Set(), tracked: new Set(), committed: new Set(), dotenvKeys: new Map(), exampleKeys: new Map(), ...over };
}

describe('fileKind', () => {
  it.each([
    ['.env', 'dotenv'],
    ['api/.env.production', 'dotenv'],
    ['deploy/prod.env', 'dotenv'],
    ['.env.example', 'env-example'],
    ['.env.sample', 'env-example'],
    ['src/mailer.ts', 'source'],
    ['app/settings.py', 'source'],
    ['config/mail.php', 'source'],
    ['config.json', 'local-config'],
    ['config/settings.yaml', 'local-config'],
    ['src/Api/appsettings.Development.json', 'local-config'],
    ['config.local.js', 'source'],
    ['app.local.yaml', 'local-config'],
    ['terraform.tfvars', 'local-config'],
    ['docker-compose.yml', 'compose'],
    ['compose.prod.yaml', 'compose'],
    ['.github/workflows/deploy.yml', 'ci'],
    ['.gitlab-ci.yml', 'ci'],
    ['infra/mail.tf', 'infra'],
    ['k8s/deployment.yaml', 'infra'],
    ['README.md', 'docs'],
    ['notes/keys.bin', 'other'],
  ])('%s is %s', (file, kind) => {
    expect(fileKind(file)).toBe(kind);
  });
});

describe('replaceLiteral: the one-line change per language', () => {
  const cases: Array<[string, string, string]> = [
    ['mailer.ts', "sgMail.setApiKey('TOKEN');", 'sgMail.setApiKey(process.env.SENDGRID_API_KEY);'],
    ['mailer.js', 'const h = { Authorization: "Bearer TOKEN" };', 'const h = { Authorization: "Bearer " + process.env.SENDGRID_API_KEY };'],
    ['mailer.mjs', 'const url = `https://api:TOKEN@host/v3`;', 'const url = `https://api:${process.env.SENDGRID_API_KEY}@host/v3`;'],
    ['mail.py', 'sg = SendGridAPIClient(api_key="TOKEN")', 'sg = SendGridAPIClient(api_key=os.environ["SENDGRID_API_KEY"])'],
    ['mail.rb', "client = SendGrid::API.new(api_key: 'TOKEN')", 'client = SendGrid::API.new(api_key: ENV.fetch("SENDGRID_API_KEY"))'],
    ['mail.go', 'client := sendgrid.NewSendClient("TOKEN")', 'client := sendgrid.NewSendClient(os.Getenv("SENDGRID_API_KEY"))'],
    ['mail.php', "$key = 'TOKEN';", "$key = getenv('SENDGRID_API_KEY');"],
    ['Mail.java', 'String key = "TOKEN";', 'String key = System.getenv("SENDGRID_API_KEY");'],
    ['Mail.cs', 'var key = "TOKEN";', 'var key = Environment.GetEnvironmentVariable("SENDGRID_API_KEY");'],
    ['send.sh', 'curl -H "Authorization: Bearer TOKEN" https://api', 'curl -H "Authorization: Bearer ${SENDGRID_API_KEY}" https://api'],
    ['send.sh', 'KEY=TOKEN', 'KEY="${SENDGRID_API_KEY}"'],
    ['main.tf', '  api_key = "TOKEN"', '  api_key = var.sendgrid_api_key'],
  ];
  it.each(cases)('%s: %s', (file, line, expected) => {
    expect(replaceLiteral(line, 'TOKEN', line.indexOf('TOKEN'), languageOf(file)!, 'SENDGRID_API_KEY')).toBe(expected);
  });

  it('refuses what it cannot rewrite safely: comments, f-strings, bytes', () => {
    const py = languageOf('x.py')!;
    expect(replaceLiteral('# old key: TOKEN', 'TOKEN', 11, py, 'K')).toBeNull();
    expect(replaceLiteral('h = f"Bearer TOKEN"', 'TOKEN', 13, py, 'K')).toBeNull();
    expect(replaceLiteral('h = b"TOKEN"', 'TOKEN', 6, py, 'K')).toBeNull();
    expect(replaceLiteral('// TOKEN', 'TOKEN', 3, languageOf('x.ts')!, 'K')).toBeNull();
  });

  it('does not mistake a quote inside another string for the literal', () => {
    const line = `const a = "it's", b = 'TOKEN';`;
    expect(replaceLiteral(line, 'TOKEN', line.indexOf('TOKEN'), languageOf('x.js')!, 'K')).toBe(`const a = "it's", b = process.env.K;`);
  });
});

describe('planFixes', () => {
  const key = fake.mailgunKey();
  const sg = fake.sendgridKey();
  const all = [...findingsIn('.env', `PORT=3000\nMAILGUN_API_KEY=${key}\n`), ...findingsIn('mailer.ts', `sgMail.setApiKey('${sg}');\n`)];

  it('dotenv: untrack, ignore only when git does not, example with every key as a placeholder', () => {
    const plan = planFixes(all, facts({ tracked: new Set(['.env', 'mailer.ts']), dotenvKeys: new Map([['.env', ['PORT', 'MAILGUN_API_KEY']]]) }));
    const env = plan.files.find((f) => f.file === '.env')!;
    expect(env.untrack).toBe(true);
    expect(planFixes(all, facts()).files[0]!.untrack).toBe(false); // a history scan: the index no longer has it
    expect(env.ignoreLines).toEqual(['.env']);
    expect(env.example).toEqual({ file: '.env.example', style: 'keys', add: ['PORT=your-port', 'MAILGUN_API_KEY=your-mailgun-api-key'], exists: false });
    const ignoredAlready = planFixes(all, facts({ ignored: new Set(['.env']) }));
    expect(ignoredAlready.files.flatMap((f) => f.ignoreLines)).toEqual([]);
  });

  it('adds only the keys an existing example lacks', () => {
    const plan = planFixes(all, facts({ dotenvKeys: new Map([['.env', ['PORT', 'MAILGUN_API_KEY']]]), exampleKeys: new Map([['.env.example', ['PORT']]]) }));
    expect(plan.files[0]!.example).toMatchObject({ add: ['MAILGUN_API_KEY=your-mailgun-api-key'], exists: true });
  });

  it('source: moves the key to .env under the rule variable; the before/after is redacted', () => {
    const plan = planFixes(all, facts());
    const src = plan.files.find((f) => f.file === 'mailer.ts')!;
    expect(src.moves).toHaveLength(1);
    expect(src.moves[0]).toMatchObject({ variable: 'SENDGRID_API_KEY', append: true, after: 'sgMail.setApiKey(process.env.SENDGRID_API_KEY);' });
    expect(src.moves[0]!.before).toContain(all[1]!.redacted);
    const text = fixLines(src, plan)
      .map((l) => l.text)
      .join('\n');
    expect(text).not.toContain(sg);
    expect(text).toContain('git add mailer.ts');
  });

  it('ignores .env for moved keys when nothing else does, once', () => {
    const only = findingsIn('a.ts', `x('${sg}');\n`).concat(findingsIn('b.py', `k = "${key}"\n`));
    const plan = planFixes(only, facts());
    expect(plan.files.flatMap((f) => f.ignoreLines)).toEqual(['.env']);
    expect(planFixes(only, facts({ ignored: new Set(['.env']) })).files.flatMap((f) => f.ignoreLines)).toEqual([]);
  });

  it('untracks a tracked .env before moving keys into it', () => {
    const plan = planFixes(findingsIn('a.ts', `x('${sg}');\n`), facts({ tracked: new Set(['.env']), committed: new Set(['.env']) }));
    expect(plan.files[0]).toMatchObject({ file: '.env', untrack: true, committed: true });
  });

  it('never gives two different keys the same variable, and reuses the one already holding a key', () => {
    const other = fake.sendgridKey();
    const two = findingsIn('a.ts', `x('${sg}');\ny('${other}');\nz('${sg}');\n`);
    const plan = planFixes(two, facts({ envValues: new Map([['SENDGRID_API_KEY', 'something else']]) }));
    expect(plan.files[0]!.moves.map((m) => [m.variable, m.append])).toEqual([
      ['SENDGRID_API_KEY_2', true],
      ['SENDGRID_API_KEY_3', true],
      ['SENDGRID_API_KEY_2', false],
    ]);
    const held = planFixes(two, facts({ envValues: new Map([['SENDGRID_API_KEY', sg]]) }));
    expect(held.files[0]!.moves[0]).toMatchObject({ variable: 'SENDGRID_API_KEY', append: false });
  });

  it('CI: the platform secret store, never .env', () => {
    const plan = planFixes(findingsIn('.github/workflows/mail.yml', `      SENDGRID_API_KEY: ${sg}\n`), facts());
    const ci = plan.files[0]!;
    expect(ci.moves[0]!.after).toBe('SENDGRID_API_KEY: ${{ secrets.SENDGRID_API_KEY }}');
    expect(ci.manual.join(' ')).toContain('gh secret set SENDGRID_API_KEY');
    expect(ci.ignoreLines).toEqual([]);
  });

  it('Kubernetes: a Secret created from the ignored .env; Terraform: a sensitive variable', () => {
    const k8s = planFixes(findingsIn('k8s/deploy.yaml', `  value: ${sg}\n`), facts()).files[0]!;
    expect(k8s.manual.join('\n')).toMatch(/kubectl create secret generic .* --from-env-file=\.env/);
    expect(k8s.manual.join('\n')).toContain('secretKeyRef');
    const tf = planFixes(findingsIn('mail.tf', `  api_key = "${sg}"\n`), facts()).files[0]!;
    expect(tf.moves[0]!.after).toBe('api_key = var.sendgrid_api_key');
    expect(tf.manual.join('\n')).toContain('sensitive = true');
  });

  it('compose: ${VAR} from the .env beside it; local config: untrack and a placeholder copy', () => {
    const compose = planFixes(findingsIn('docker-compose.yml', `      - SENDGRID_API_KEY=${sg}\n`), facts()).files[0]!;
    expect(compose.moves[0]!.after).toBe('- SENDGRID_API_KEY=${SENDGRID_API_KEY}');
    const cfg = planFixes(findingsIn('config.json', `{ "mailgun": { "apiKey": "${key}" } }\n`), facts({ tracked: new Set(['config.json']) })).files[0]!;
    expect(cfg).toMatchObject({ untrack: true, ignoreLines: ['/config.json'], example: { file: 'config.example.json', style: 'copy' } });
  });
});

describe('small helpers', () => {
  it('gitignore lines: dotenv by name, other files anchored, special characters escaped', () => {
    expect(gitignoreLine('.env')).toBe('.env');
    expect(gitignoreLine('api/.env.local')).toBe('.env.local');
    expect(gitignoreLine('config/settings.yaml')).toBe('/config/settings.yaml');
    expect(gitignoreLine('odd[1]*.json')).toBe('/odd\\[1\\]\\*.json');
  });

  it('example names', () => {
    expect(exampleName('config.json')).toBe('config.example.json');
    expect(exampleName('src/app.local.yaml')).toBe('src/app.example.yaml');
    expect(exampleName('credentials')).toBe('credentials.example');
  });

  it('dotenv lines round-trip through the parser, and placeholders are not keys', () => {
    for (const value of ['plain-Value.1', 'with space', "it's \"odd\""]) {
      expect(parseDotenv(dotenvLine('K', value))[0]).toEqual({ key: 'K', value: value.includes("'") ? expect.any(String) : value });
    }
    expect(findingsIn('.env.example', `MAILGUN_API_KEY=${placeholderFor('MAILGUN_API_KEY')}\n`)).toEqual([]);
  });
});

describe('history clean-up', () => {
  const key = fake.mailgunKey();
  const sg = fake.sendgridKey();

  it('is silent for staged findings and speaks for findings in commits', () => {
    expect(historyAdvice(findingsIn('.env', `MAILGUN_API_KEY=${key}`), 'staged')).toBeNull();
    const inCommit: Finding[] = [];
    const scanner = new Scanner(rules, (f) => inCommit.push(f));
    scanner.scan({ file: '.env', line: 1, text: `MAILGUN_API_KEY=${key}`, offset: 0, commit: 'a1b2c3d4e5f60718293a' });
    const advice = historyAdvice(inCommit, 'history')!;
    expect(advice.commits).toEqual(['a1b2c3d4e5']);
    expect(advice.replacements).toHaveLength(1);
    expect(secretOf(inCommit[0]!)).toBe(key);
  });

  it('builds filter-repo replacements from the redacted prefix only, and they match the key', () => {
    const originals = [...findingsIn('.env', `MAILGUN_API_KEY=${key}`), ...findingsIn('mail.ts', `k('${sg}')`)];
    const lines = originals.map((f) => replacementLine(f)!);
    for (const [i, line] of lines.entries()) {
      expect(line).not.toContain(i === 0 ? key : sg);
      expect(line).toMatch(/^regex:.*==>\*\*\*[A-Z_]+\*\*\*$/);
      const pattern = new RegExp(line.slice('regex:'.length, line.indexOf('==>')));
      expect(pattern.test(`X=${i === 0 ? key : sg}\n`)).toBe(true);
      expect(pattern.test(`X=${i === 0 ? fake.mailgunKey() : fake.sendgridKey()}\n`)).toBe(false);
    }
    const commands = historyCommands({ commits: ['a1b2c3d4e5'], replacements: lines, unpatterned: [] }).join('\n');
    expect(commands).toContain('git filter-repo --replace-text');
    expect(commands).not.toContain(key);
    expect(commands).not.toContain(sg);
  });

  it('the patterns are valid Python regexes that git filter-repo can use', () => {
    const py = run('python3', ['--version']);
    if (py.code !== 0) return;
    const originals = findingsIn('.env', `MAILGUN_API_KEY=${key}`);
    const pattern = replacementLine(originals[0]!)!.slice('regex:'.length).split('==>')[0]!;
    const r = run('python3', ['-c', 'import re,sys; p=re.compile(sys.argv[1].encode()); sys.exit(0 if p.search(sys.stdin.buffer.read()) else 1)', pattern], { input: `MAILGUN_API_KEY=${key}\n` });
    expect(r.code).toBe(0);
  });
});

describe('provider checklists', () => {
  it.each(providers.map((p) => [p.id, p] as const))('%s has revoke, rotate and audit steps, each with a short line', (_id, provider) => {
    const steps = provider.remediation.map((s) => s.step);
    for (const needed of ['revoke', 'rotate', 'audit'] as const) expect(steps).toContain(needed);
    for (const s of provider.remediation) expect(s.short.trim().length).toBeGreaterThan(10);
  });
});
