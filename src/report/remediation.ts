import { posix } from 'node:path';
import type { Finding } from '../engine/finding.js';

/** What kind of file a secret sits in decides how the repository is fixed. */
export type FileKind = 'dotenv' | 'env-example' | 'config' | 'ci' | 'source' | 'other';

export interface FileFix {
  file: string;
  kind: FileKind;
  /** One line saying what is wrong with the file holding a secret. */
  summary: string;
  /** Commands or edits, in order. */
  steps: string[];
}

const CI_FILES = [/^\.github\/workflows\//, /(^|\/)\.gitlab-ci\.ya?ml$/, /(^|\/)\.circleci\//, /(^|\/)Jenkinsfile$/, /(^|\/)azure-pipelines\.ya?ml$/, /(^|\/)bitbucket-pipelines\.ya?ml$/];
const CONFIG_FILES = [/\.local\./, /(^|\/)config\.json$/, /(^|\/)settings\.ya?ml$/, /(^|\/)appsettings[^/]*\.json$/, /(^|\/)docker-compose[^/]*\.ya?ml$/, /(^|\/)compose\.ya?ml$/, /\.(properties|ini|cfg|conf|toml)$/, /(^|\/)secrets?\.[^/]+$/, /(^|\/)credentials[^/]*$/];
const EXAMPLE_SUFFIX = /\.(example|sample|template|dist|defaults?)$/;

/** How each language reads an environment variable. */
const ENV_READERS: Array<[RegExp, (name: string) => string, string]> = [
  [/\.(m|c)?(t|j)sx?$/, (n) => `process.env.${n}`, 'JavaScript/TypeScript'],
  [/\.py$/, (n) => `os.environ["${n}"]`, 'Python'],
  [/\.rb$/, (n) => `ENV.fetch("${n}")`, 'Ruby'],
  [/\.go$/, (n) => `os.Getenv("${n}")`, 'Go'],
  [/\.php$/, (n) => `getenv('${n}')`, 'PHP'],
  [/\.(java|kt|kts|scala|groovy)$/, (n) => `System.getenv("${n}")`, 'JVM'],
  [/\.cs$/, (n) => `Environment.GetEnvironmentVariable("${n}")`, 'C#'],
  [/\.rs$/, (n) => `std::env::var("${n}")?`, 'Rust'],
  [/\.(sh|bash|zsh)$/, (n) => `"$${n}"`, 'shell'],
  [/\.ex(s)?$/, (n) => `System.fetch_env!("${n}")`, 'Elixir'],
];

export function fileKind(file: string): FileKind {
  const base = posix.basename(file);
  if (/^\.env/.test(base) || base.endsWith('.env')) return EXAMPLE_SUFFIX.test(base) ? 'env-example' : 'dotenv';
  if (CI_FILES.some((re) => re.test(file))) return 'ci';
  if (ENV_READERS.some(([re]) => re.test(base))) return 'source';
  if (CONFIG_FILES.some((re) => re.test(file))) return 'config';
  return 'other';
}

/** The fix for one file, from the findings in it. */
export function fileFix(file: string, findings: readonly Finding[]): FileFix {
  const kind = fileKind(file);
  const vars = [...new Set(findings.map((f) => f.envVar))];
  switch (kind) {
    case 'dotenv':
      return {
        file,
        kind,
        summary: 'a dotenv file holds real secrets and must not be tracked',
        steps: [
          `git rm --cached ${shellQuote(file)}`,
          `echo ${shellQuote(`/${file}`)} >> .gitignore`,
          `commit ${shellQuote(exampleFileFor(file))} instead, with placeholders: ${vars.map((v) => `${v}=your-${v.toLowerCase().replace(/_/g, '-')}`).join(' ')}`,
        ],
      };
    case 'env-example':
      return {
        file,
        kind,
        summary: 'an example file must hold placeholders, not a real key',
        steps: [`replace the value with a placeholder, e.g. ${vars[0]}=your-${(vars[0] ?? 'api-key').toLowerCase().replace(/_/g, '-')}`],
      };
    case 'ci':
      return {
        file,
        kind,
        summary: 'CI files are public to everyone who can read the repository',
        steps: [`store the key in the CI platform's secret store and reference it, e.g. \${{ secrets.${vars[0]} }} on GitHub Actions`],
      };
    case 'source':
      return sourceFix(file, findings, vars);
    default:
      return {
        file,
        kind,
        summary: 'configuration with a literal key',
        steps: [
          `move the value to .env as ${vars.join(', ')} (keep .env in .gitignore) and read it from the environment`,
          `or, if this file only holds local settings, untrack it: git rm --cached ${shellQuote(file)} and add it to .gitignore`,
        ],
      };
  }
}

function sourceFix(file: string, findings: readonly Finding[], vars: string[]): FileFix {
  const reader = ENV_READERS.find(([re]) => re.test(posix.basename(file)))!;
  const steps = [`put ${vars.map((v) => `${v}=<the key>`).join(', ')} in .env and make sure .env is in .gitignore`];
  for (const f of findings) {
    const after = replaceLiteral(f.snippet, f.redacted, reader[1](f.envVar));
    steps.push(`line ${f.line}:`, `  - ${f.snippet}`, `  + ${after}`);
  }
  return { file, kind: 'source', summary: `read the key from the environment (${reader[2]})`, steps };
}

/** Swaps the redacted token, with its quotes when it has them, for the environment lookup. */
export function replaceLiteral(snippet: string, redacted: string, expression: string): string {
  const at = snippet.indexOf(redacted);
  if (at === -1) return snippet;
  const before = snippet[at - 1];
  const after = snippet[at + redacted.length];
  if (before !== undefined && before === after && `'"\``.includes(before)) {
    return snippet.slice(0, at - 1) + expression + snippet.slice(at + redacted.length + 1);
  }
  return snippet.slice(0, at) + expression + snippet.slice(at + redacted.length);
}

function exampleFileFor(file: string): string {
  return `${file}.example`;
}

export function shellQuote(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
