import { posix } from 'node:path';
import { secretOf, type Finding } from '../engine/finding.js';
import { keyOfLine, placeholderFor } from './dotenv.js';
import { languageOf, replaceLiteral, type Language } from './languages.js';

/**
 * The repository half of remediation: what to do with each file that holds a secret, chosen by what the file
 * is. One plan serves both the text report (shown as commands to copy) and `mailguard fix` (applied).
 */
export type FileKind = 'dotenv' | 'env-example' | 'local-config' | 'compose' | 'ci' | 'infra' | 'source' | 'docs' | 'other';

/** The file secrets are moved to. Relative to the repository root. */
export const ENV_FILE = '.env';

/** What git and the working tree say, gathered once per report by the command layer (src/fix/facts.ts). */
export interface FixFacts {
  /** Paths a .gitignore rule already matches (`git check-ignore --no-index`). */
  ignored: ReadonlySet<string>;
  /** Paths in the index. */
  tracked: ReadonlySet<string>;
  /** Paths in HEAD: untracking one deletes it from collaborators' checkouts when they pull. */
  committed: ReadonlySet<string>;
  /** Keys (names only) of each dotenv file with findings. */
  dotenvKeys: ReadonlyMap<string, readonly string[]>;
  /** Keys of the example files that already exist. */
  exampleKeys: ReadonlyMap<string, readonly string[]>;
  /** Entries of the root .env, name → value; only `mailguard fix` reads them, to avoid name clashes. */
  envValues?: ReadonlyMap<string, string>;
}

/** A secret that leaves its file: stored in .env under `variable`, its line rewritten to not hold it. */
export interface Move {
  finding: Finding;
  variable: string;
  /** The secret is not in .env yet and is appended. */
  append: boolean;
  /**
   * The matched line, redacted, before and after; `after` is null when it cannot be rewritten safely. When a
   * line holds several secrets, each later move's `after` includes the earlier ones.
   */
  before: string;
  after: string | null;
}

export type ExamplePlan =
  /** A dotenv example: `KEY=placeholder` lines to add (or to create the file with). */
  | { file: string; style: 'keys'; add: string[]; exists: boolean }
  /** A copy of a config file with every found secret replaced by a placeholder. */
  | { file: string; style: 'copy'; from: string };

export interface FilePlan {
  file: string;
  kind: FileKind;
  /** One line: why the file needs fixing and how, in words. */
  summary: string;
  language?: Language;
  findings: Finding[];
  /** `git rm --cached` it; the file stays on disk. */
  untrack: boolean;
  /** Already in HEAD (see FixFacts.committed). */
  committed: boolean;
  /** Lines to append to the root .gitignore for this file (already-ignored paths get none). */
  ignoreLines: string[];
  example?: ExamplePlan;
  moves: Move[];
  /** What only the developer can do (the CI secret store, a manual edit), as sentences. */
  manual: string[];
}

export interface FixPlan {
  files: FilePlan[];
  /** Whether .gitignore answers are known (false: the report says "if not already ignored"). */
  factsKnown: boolean;
}

const CI_FILES = [
  /^\.github\/workflows\//,
  /(^|\/)\.gitlab-ci\.ya?ml$/,
  /(^|\/)\.circleci\//,
  /(^|\/)Jenkinsfile$/,
  /(^|\/)azure-pipelines\.ya?ml$/,
  /(^|\/)bitbucket-pipelines\.ya?ml$/,
  /(^|\/)\.travis\.ya?ml$/,
];
const COMPOSE_FILE = /(^|\/)(docker-)?compose[^/]*\.ya?ml$/;
const LOCAL_CONFIG = [
  /\.local(\.[^/]+)?$/,
  /(^|\/)config\.json$/,
  /(^|\/)settings\.ya?ml$/,
  /(^|\/)appsettings[^/]*\.json$/,
  /\.(properties|ini|cfg|conf|toml|tfvars)$/,
  /\.tfvars\.json$/,
  /(^|\/)secrets?\.[^/]+$/,
  /(^|\/)credentials[^/]*$/,
];
const INFRA = [/(^|\/)(k8s|kubernetes|manifests|helm|charts|kustomize|deploy|deployment)\//, /(^|\/)(values|kustomization|Chart)[^/]*\.ya?ml$/];
const DOCS = /\.(md|mdx|markdown|rst|txt|adoc|html?)$/i;
const EXAMPLE_SUFFIX = /[.-](example|sample|template|dist|defaults?)$/;

export function fileKind(file: string): FileKind {
  const base = posix.basename(file);
  if (/^\.env/.test(base) || base.endsWith('.env')) return EXAMPLE_SUFFIX.test(base) ? 'env-example' : 'dotenv';
  if (CI_FILES.some((re) => re.test(file))) return 'ci';
  if (COMPOSE_FILE.test(file)) return 'compose';
  if (languageOf(file)?.name === 'Terraform') return 'infra';
  if (languageOf(file)) return 'source';
  if (DOCS.test(base)) return 'docs';
  if (LOCAL_CONFIG.some((re) => re.test(file))) return 'local-config';
  if (INFRA.some((re) => re.test(file))) return 'infra';
  return 'other';
}

/** Plans the fix of every file with findings. `facts` is absent when there is no repository to ask. */
export function planFixes(findings: readonly Finding[], facts?: FixFacts): FixPlan {
  const planner = new Planner(facts);
  const files = [...groupByFile(findings)].map(([file, list]) => planner.plan(file, list));
  planner.finishEnvFile(files);
  return { files, factsKnown: facts !== undefined };
}

class Planner {
  /** .env variable → the secret (or, unknown secret, fingerprint) it holds. */
  private readonly variables = new Map<string, string>();
  private readonly ignoreLines = new Set<string>();
  /** The redacted text of each line of the file being planned, after the moves planned so far. */
  private lineText = new Map<number, string>();

  constructor(private readonly facts?: FixFacts) {
    for (const [name, value] of facts?.envValues ?? []) this.variables.set(name, value);
  }

  plan(file: string, findings: Finding[]): FilePlan {
    const kind = fileKind(file);
    this.lineText = new Map();
    const base = this.emptyPlan(file, kind, findings);
    switch (kind) {
      case 'dotenv':
        return this.untracked(base, 'a dotenv file holds real secrets: keep it on your machine, out of git', this.keysExample(file, findings));
      case 'local-config':
        return this.untracked(base, 'a local settings file with a real key: keep it on your machine, commit a copy with placeholders', {
          file: exampleName(file),
          style: 'copy',
          from: file,
        });
      case 'env-example':
      case 'docs':
        return this.placeholders(base);
      case 'source':
        return this.source(base, languageOf(file)!);
      case 'compose':
        return this.compose(base);
      case 'ci':
        return this.ci(base);
      case 'infra':
        return this.infra(base);
      default:
        return this.other(base);
    }
  }

  /** Moves go to the root .env: make sure git ignores it, and stops tracking it if it ever did. */
  finishEnvFile(files: FilePlan[]): void {
    const movers = files.filter((f) => f.moves.length > 0 && movesToEnv(f));
    if (movers.length === 0 || files.some((f) => f.file === ENV_FILE)) return;
    if (this.facts?.tracked.has(ENV_FILE)) {
      const summary = 'the keys move to .env, and git tracks .env: stop tracking it so they stay on your machine';
      files.unshift(this.untracked(this.emptyPlan(ENV_FILE, 'dotenv', []), summary, this.keysExample(ENV_FILE, [])));
    } else {
      movers[0]!.ignoreLines.push(...this.ignoreLine(ENV_FILE));
    }
  }

  private emptyPlan(file: string, kind: FileKind, findings: Finding[]): FilePlan {
    const committed = this.facts?.committed.has(file) ?? false;
    return { file, kind, summary: '', findings, untrack: false, committed, ignoreLines: [], moves: [], manual: [] };
  }

  private untracked(plan: FilePlan, summary: string, example: ExamplePlan | undefined): FilePlan {
    // A history scan can report a file the index no longer has: nothing to untrack then.
    const untrack = this.facts ? this.facts.tracked.has(plan.file) : true;
    return { ...plan, summary, untrack, ignoreLines: this.ignoreLine(plan.file), example };
  }

  /** `.env.example` beside a dotenv file: its keys with placeholders, only those the example lacks. */
  private keysExample(file: string, findings: readonly Finding[]): ExamplePlan | undefined {
    const target = `${file}.example`;
    const known = this.facts?.dotenvKeys.get(file) ?? [];
    const keys = known.length > 0 ? known : findings.map((f) => keyOfLine(f.snippet) ?? f.envVar);
    const existing = this.facts?.exampleKeys.get(target);
    const add = [...new Set(keys)].filter((k) => !existing?.includes(k)).map((k) => `${k}=${placeholderFor(k)}`);
    if (existing && add.length === 0) return undefined;
    return { file: target, style: 'keys', add, exists: existing !== undefined };
  }

  /** An example or a document should show a placeholder; the real key is kept in .env. */
  private placeholders(plan: FilePlan): FilePlan {
    const moves = plan.findings.map((f) => {
      const variable = keyOfLine(f.snippet) ?? f.envVar;
      return this.move(f, variable, rewriterFor(plan.kind, plan.file)!);
    });
    const what = plan.kind === 'docs' ? 'documentation' : 'an example file';
    return { ...plan, summary: `${what} must show a placeholder, not a real key (the key is kept in .env)`, moves };
  }

  private source(plan: FilePlan, lang: Language): FilePlan {
    const moves = plan.findings.map((f) => this.move(f, f.envVar, rewriterFor(plan.kind, plan.file)!));
    const manual = moves.some((m) => m.after === null) ? ['a line below cannot be rewritten safely: move the key out of it by hand'] : [];
    return { ...plan, language: lang, summary: `read the key from the environment (${lang.name})`, moves, manual };
  }

  private compose(plan: FilePlan): FilePlan {
    const moves = plan.findings.map((f) => this.move(f, f.envVar, rewriterFor(plan.kind, plan.file)!));
    return {
      ...plan,
      summary: 'Compose reads ${VAR} from the .env next to the compose file: reference the variable instead',
      moves,
      manual: ['keep the .env in the folder you run `docker compose` from (or point to it with --env-file)'],
    };
  }

  private ci(plan: FilePlan): FilePlan {
    const github = plan.file.startsWith('.github/');
    const gitlab = /\.gitlab-ci\.ya?ml$/.test(plan.file);
    const moves = plan.findings.map((f) => this.move(f, f.envVar, rewriterFor(plan.kind, plan.file)!, false));
    const store = github
      ? 'store the new key as a repository secret: gh secret set NAME (it prompts for the value), or Settings → Secrets and variables → Actions'
      : gitlab
        ? 'store the new key as a CI/CD variable: Settings → CI/CD → Variables, masked and protected'
        : "store the new key in the CI platform's secret settings and reference it as an environment variable";
    const names = [...new Set(moves.map((m) => m.variable))].join(', ');
    return {
      ...plan,
      summary: 'CI files are readable by everyone who can read the repository: use the CI secret store',
      moves,
      manual: [store.replace('NAME', names)],
    };
  }

  private infra(plan: FilePlan): FilePlan {
    if (plan.file.endsWith('.tf')) {
      const moves = plan.findings.map((f) => this.move(f, f.envVar, rewriterFor(plan.kind, plan.file)!, false));
      const vars = [...new Set(moves.map((m) => m.variable.toLowerCase()))];
      return {
        ...plan,
        summary: 'Terraform: take the key as a sensitive variable, never as a literal',
        moves,
        manual: vars.flatMap((v) => [
          `declare it: variable "${v}" { type = string, sensitive = true }`,
          `give it a value from the environment, not a committed .tfvars file: export TF_VAR_${v}=… in your shell or CI secret store`,
        ]),
      };
    }
    const names = [...new Set(plan.findings.map((f) => f.envVar))];
    return {
      ...plan,
      summary: 'Kubernetes manifests are committed: keep the key in a Secret and reference it',
      manual: [
        `put ${names.map((n) => `${n}=<the key>`).join(', ')} in your ignored .env, then create the Secret from it (the key never on the command line): kubectl create secret generic mail-credentials --from-env-file=.env`,
        `in the manifest, replace the literal with: valueFrom: { secretKeyRef: { name: mail-credentials, key: ${names.join(' | ')} } }`,
        'for GitOps, commit it encrypted (Sealed Secrets, SOPS) or use External Secrets, never as plain text',
      ],
    };
  }

  private other(plan: FilePlan): FilePlan {
    const names = [...new Set(plan.findings.map((f) => f.envVar))];
    return {
      ...plan,
      summary: 'a file with a literal key',
      manual: [
        `move the value to .env as ${names.join(', ')} (ignored by git) and read it from the environment`,
        `or, if the file only holds local settings: git rm --cached ${shellPath(plan.file)} and add it to .gitignore`,
      ],
    };
  }

  /** Plans moving one secret into .env under `base` (or a free variation of it). */
  private move(finding: Finding, base: string, rewrite: Rewrite, toEnv = true): Move {
    const identity = secretOf(finding) ?? finding.fingerprint;
    const { variable, append } = toEnv ? this.claim(base, identity) : { variable: base, append: false };
    const token = finding.redacted;
    const current = this.lineText.get(finding.line) ?? finding.snippet;
    const after = rewrite(current, token, current.indexOf(token), variable);
    if (after !== null) this.lineText.set(finding.line, after);
    return { finding, variable, append, before: finding.snippet, after };
  }

  /** A .env variable for this secret: the one already holding it, else `base`, else `base_2`, `base_3`… */
  private claim(base: string, identity: string): { variable: string; append: boolean } {
    for (let i = 1; ; i++) {
      const variable = i === 1 ? base : `${base}_${i}`;
      const held = this.variables.get(variable);
      if (held === identity) return { variable, append: false };
      if (held === undefined) {
        this.variables.set(variable, identity);
        return { variable, append: true };
      }
    }
  }

  private ignoreLine(file: string): string[] {
    if (this.facts?.ignored.has(file)) return [];
    const line = gitignoreLine(file);
    if (this.ignoreLines.has(line)) return [];
    this.ignoreLines.add(line);
    return [line];
  }
}

/** Rewrites a line so that it no longer holds the token; null when that cannot be done safely. */
export type Rewrite = (line: string, token: string, at: number, variable: string) => string | null;

/** Whether this file's keys go to .env (CI files and manifests use the platform's secret store instead). */
export function movesToEnv(plan: FilePlan): boolean {
  return plan.kind !== 'ci' && plan.kind !== 'infra';
}

/** How a line of this kind of file is rewritten to no longer hold a secret; undefined when it is not. */
export function rewriterFor(kind: FileKind, file: string): Rewrite | undefined {
  const lang = languageOf(file);
  switch (kind) {
    case 'env-example':
    case 'docs':
      return (line, token, at, v) => replaceToken(line, token, at, placeholderFor(v));
    case 'source':
      return (line, token, at, v) => replaceLiteral(line, token, at, lang!, v);
    case 'compose':
      return (line, token, at, v) => replaceToken(line, token, at, `\${${v}}`);
    case 'ci':
      return (line, token, at, v) => replaceToken(line, token, at, file.startsWith('.github/') ? `\${{ secrets.${v} }}` : `$${v}`);
    case 'infra':
      return lang ? (line, token, at, v) => replaceLiteral(line, token, at, lang, v) : undefined;
    default:
      return undefined;
  }
}

/** Swaps the token for `replacement`, in place, whatever surrounds it. */
export function replaceToken(line: string, token: string, at: number, replacement: string): string | null {
  if (at < 0 || line.slice(at, at + token.length) !== token) at = line.indexOf(token);
  if (at < 0) return null;
  return line.slice(0, at) + replacement + line.slice(at + token.length);
}

/**
 * The .gitignore line for a file: dotenv files by name (`.env.local` matches in every folder, the usual
 * convention), anything else anchored to its exact path. Special characters are escaped.
 */
export function gitignoreLine(file: string): string {
  const base = posix.basename(file);
  const pattern = fileKind(file) === 'dotenv' && /^\.env/.test(base) ? base : `/${file}`;
  // A newline cannot be written in a pattern: `?` matches it (and any other control character).
  return pattern
    .replace(/[\\*?[\]]/g, '\\$&')
    .replace(/^([#!])/, '\\$1')
    .replace(/ $/, '\\ ')
    .replace(/[\u0000-\u001f\u007f]/g, '?');
}

/** `config.json` → `config.example.json`, `app.local.yaml` → `app.example.yaml`, `credentials` → `credentials.example`. */
export function exampleName(file: string): string {
  const dir = posix.dirname(file);
  const base = posix.basename(file);
  const local = base.replace(/\.local(\.|$)/, '.example$1');
  const name = local !== base ? local : /^[^.].*\.[^.]+$/.test(base) ? base.replace(/\.([^.]+)$/, '.example.$1') : `${base}.example`;
  return dir === '.' ? name : `${dir}/${name}`;
}

export function shellQuote(text: string): string {
  if (/^[\w./@%+=:,-]+$/.test(text)) return text;
  if (TERMINAL_CONTROL.test(text)) return ansiQuote(text);
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Control characters a terminal acts on when printed (an escape sequence, a bell); a tab or newline is kept. */
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/**
 * bash's `$'…'`: every control character spelled out, so that printing the command cannot drive the
 * terminal (a name holding an escape sequence could otherwise recolour or rewrite the report).
 */
function ansiQuote(text: string): string {
  const spelled = text.replace(/[\\']/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return `$'${spelled}'`;
}

/** A file name as a command argument: quoted, and never taken for an option (`-dash.env` → `./-dash.env`). */
export function shellPath(path: string): string {
  return shellQuote(path.startsWith('-') ? `./${path}` : path);
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.file);
    if (list) list.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}
