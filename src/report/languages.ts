import { posix } from 'node:path';

/** How a language reads an environment variable, and how its string literals are put together. */
export interface Language {
  name: string;
  /** The expression that reads variable `name` from the environment. */
  read: (name: string) => string;
  /** Joins string expressions (`+`, PHP `.`); null when the language has no plain infix operator for it. */
  concat: string | null;
  /** Characters that start a comment running to the end of the line, outside strings. */
  lineComment: string[];
  /** How the program gets `.env` into its environment, in one line; null when there is no common way. */
  loadEnv: string | null;
  /** mailguard fix rewrites files of this language itself (the others get the before/after in the report). */
  autoFix: boolean;
  /** An import the expression needs, and how to tell the file already has it. */
  needs?: { line: string; present: RegExp };
  /** How an expression is embedded inside a string literal, for languages that interpolate (HCL). */
  interpolate?: (expr: string) => string;
}

const JS: Language = {
  name: 'JavaScript/TypeScript',
  read: (n) => `process.env.${n}`,
  concat: '+',
  lineComment: ['//'],
  loadEnv: "start Node with --env-file=.env (Node 20.6+), or import 'dotenv/config' first",
  autoFix: true,
};

const PYTHON: Language = {
  name: 'Python',
  read: (n) => `os.environ["${n}"]`,
  concat: '+',
  lineComment: ['#'],
  loadEnv: 'python-dotenv: from dotenv import load_dotenv; load_dotenv() at start-up',
  autoFix: true,
  needs: { line: 'import os', present: /^\s*(import\s+os\b|import\s+[\w.,\s]*\bos\b)/m },
};

const LANGUAGES: Array<[RegExp, Language]> = [
  [/\.(m|c)?(t|j)sx?$/, JS],
  [/\.py$/, PYTHON],
  [
    /\.rb$/,
    { name: 'Ruby', read: (n) => `ENV.fetch("${n}")`, concat: '+', lineComment: ['#'], loadEnv: "the dotenv gem: require 'dotenv/load'", autoFix: false },
  ],
  [/\.go$/, { name: 'Go', read: (n) => `os.Getenv("${n}")`, concat: '+', lineComment: ['//'], loadEnv: 'github.com/joho/godotenv: godotenv.Load()', autoFix: false }],
  [/\.php$/, { name: 'PHP', read: (n) => `getenv('${n}')`, concat: '.', lineComment: ['//', '#'], loadEnv: 'vlucas/phpdotenv (Laravel loads .env itself)', autoFix: false }],
  [
    /\.(java|kt|kts|scala|groovy)$/,
    { name: 'JVM', read: (n) => `System.getenv("${n}")`, concat: '+', lineComment: ['//'], loadEnv: 'export the variables before starting the JVM', autoFix: false },
  ],
  [
    /\.cs$/,
    { name: 'C#', read: (n) => `Environment.GetEnvironmentVariable("${n}")`, concat: '+', lineComment: ['//'], loadEnv: 'dotnet user-secrets for development, or DotNetEnv: Env.Load()', autoFix: false },
  ],
  [/\.rs$/, { name: 'Rust', read: (n) => `std::env::var("${n}")?`, concat: null, lineComment: ['//'], loadEnv: 'the dotenvy crate: dotenvy::dotenv().ok()', autoFix: false }],
  [/\.(sh|bash|zsh)$/, { name: 'shell', read: (n) => `"$${n}"`, concat: null, lineComment: ['#'], loadEnv: 'set -a; . ./.env; set +a', autoFix: false }],
  [
    /\.tf$/,
    {
      name: 'Terraform',
      read: (n) => `var.${n.toLowerCase()}`,
      concat: null,
      lineComment: ['#', '//'],
      loadEnv: null,
      autoFix: false,
      interpolate: (e) => `\${${e}}`,
    },
  ],
  [/\.exs?$/, { name: 'Elixir', read: (n) => `System.fetch_env!("${n}")`, concat: '<>', lineComment: ['#'], loadEnv: null, autoFix: false }],
];

export function languageOf(file: string): Language | undefined {
  const base = posix.basename(file);
  return LANGUAGES.find(([re]) => re.test(base))?.[1];
}

/** Python string prefixes that change what `+ os.environ[...]` would mean (bytes, f-strings). */
const UNSAFE_PY_PREFIX = /[bBfF][rR]?$|[rR][bBfF]$/;

/**
 * The line with the string literal holding `token` replaced by a read of the environment, or null when that
 * cannot be done safely on this line (the token is in a comment, in an f-string, not in a string at all).
 * Works on the real line (fix, with the secret) and on the redacted snippet (report, with the redacted token).
 */
export function replaceLiteral(line: string, token: string, at: number, lang: Language, variable: string): string | null {
  if (at < 0 || line.slice(at, at + token.length) !== token) at = line.indexOf(token);
  if (at < 0) return null;
  const end = at + token.length;
  if (lang.name === 'shell') return replaceInShell(line, at, end, variable);
  const literal = enclosingLiteral(line, at, lang);
  if (!literal) return null;
  const { start, close, quote } = literal;
  const expr = lang.read(variable);
  const head = line.slice(start + 1, at);
  const tail = line.slice(end, close);
  if (lang === PYTHON && UNSAFE_PY_PREFIX.test(line.slice(Math.max(0, start - 2), start))) return null;
  let replacement: string;
  if (head === '' && tail === '') replacement = expr;
  else if (quote === '`') replacement = `\`${head}\${${expr}}${tail}\``;
  else if (lang.interpolate) replacement = `${quote}${head}${lang.interpolate(expr)}${tail}${quote}`;
  else if (lang.concat) {
    const parts = [head && `${quote}${head}${quote}`, expr, tail && `${quote}${tail}${quote}`].filter(Boolean);
    replacement = parts.join(` ${lang.concat} `);
  } else return null;
  return line.slice(0, start) + replacement + line.slice(close + 1);
}

/** Finds the quoted literal around position `at`, walking the line from its start (escapes honoured). */
function enclosingLiteral(line: string, at: number, lang: Language): { start: number; close: number; quote: string } | null {
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (i >= at) return null;
    if (lang.lineComment.some((c) => line.startsWith(c, i))) return null;
    if (ch === '"' || ch === "'" || (ch === '`' && lang === JS)) {
      const close = closingQuote(line, i + 1, ch);
      if (close === -1) return null;
      if (at > i && at < close) return { start: i, close, quote: ch };
      i = close + 1;
      continue;
    }
    i++;
  }
  return null;
}

function closingQuote(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === quote) return i;
  }
  return -1;
}

/** Shell: inside double quotes `${VAR}` expands; elsewhere close the quote around `"$VAR"`. */
function replaceInShell(line: string, at: number, end: number, variable: string): string {
  const before = line.slice(0, at);
  const quotes = (q: string) => before.split(q).length - 1;
  if (quotes("'") % 2 === 1) return `${before}'"\${${variable}}"'${line.slice(end)}`;
  if (quotes('"') % 2 === 1) return `${before}\${${variable}}${line.slice(end)}`;
  return `${before}"\${${variable}}"${line.slice(end)}`;
}
