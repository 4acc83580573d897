import { parseArgs } from 'node:util';
import { runCi } from './commands/ci.js';
import { runAllow } from './commands/allow.js';
import { runConfigCheck } from './commands/config.js';
import { runFix } from './commands/fix.js';
import { runHook } from './commands/hook.js';
import { runInstall, runUninstall } from './commands/install.js';
import { failureText, writeAll } from './commands/output.js';
import { runExplain, runRules } from './commands/rules.js';
import { commitScanFor } from './commands/scan-commits.js';
import { FORMATS, render, runScan, type Format } from './commands/scan.js';
import { ExitCode, UsageError } from './errors.js';
import { HELP, VERSION } from './messages.js';

type Handler = (args: string[]) => Promise<ExitCode>;

const COMMANDS: Record<string, Handler> = {
  scan: scanCommand,
  // The JSON report holds no secrets: verifying means scanning again (the staged changes unless told otherwise).
  verify: async (args) => scanCommand(args, { verify: true, stagedByDefault: true }),
  hook: runHook,
  ci: ciCommand,
  rules: async (args) => runRules(parse(args, { provider: { type: 'string' } }).values.provider),
  explain: async (args) => runExplain(parse(args, {}).positionals),
  allow: allowCommand,
  config: async (args) => {
    const { values, positionals } = parse(args, { config: { type: 'string' } });
    return runConfigCheck(positionals, values.config, process.cwd());
  },
  fix: fixCommand,
  install: async (args) => runInstall(parse(args, INSTALL_FLAGS).values, process.cwd()),
  uninstall: async (args) => {
    parse(args, {});
    return runUninstall(process.cwd());
  },
  help: async () => print(HELP),
  version: async () => print(`${VERSION}\n`),
};

const INSTALL_FLAGS = {
  husky: { type: 'boolean' },
  'hooks-path': { type: 'boolean' },
  'git-hooks': { type: 'boolean' },
  'pre-push': { type: 'boolean' },
  'no-pre-push': { type: 'boolean' },
} as const;

async function main(argv: string[]): Promise<ExitCode> {
  const [command = 'help', ...rest] = argv;
  if (command === '--help' || command === '-h') return print(HELP);
  if (command === '--version' || command === '-v') return print(`${VERSION}\n`);
  const handler = COMMANDS[command];
  if (!handler) throw new UsageError(`unknown command "${command}"`, 'run `mailguard help` for the list of commands');
  return handler(rest);
}

async function scanCommand(args: string[], mode: { verify?: boolean; stagedByDefault?: boolean } = {}): Promise<ExitCode> {
  const { values, positionals } = parse(args, {
    staged: { type: 'boolean' },
    diff: { type: 'string' },
    format: { type: 'string', default: 'text' },
    config: { type: 'string' },
    'no-inline-allow': { type: 'boolean' },
    range: { type: 'string' },
    history: { type: 'boolean' },
    all: { type: 'boolean' },
    verify: { type: 'boolean' },
  });
  const format = checkFormat(values.format);
  if (mode.stagedByDefault && values.diff === undefined && values.range === undefined && !values.history && positionals.length === 0) values.staged = true;
  const sources = [values.staged, values.diff !== undefined, values.range !== undefined, values.history].filter(Boolean).length;
  if (sources === 0 && positionals.length === 0) {
    throw new UsageError('scan needs something to scan', 'use --staged, --range A..B, --history, --diff FILE|-, or one or more paths');
  }
  if (sources > 1) throw new UsageError('--staged, --range, --history and --diff cannot be combined');
  if (values.all && !values.history) throw new UsageError('--all goes with --history');
  if ((values.range !== undefined || values.history) && positionals.length > 0) throw new UsageError('--range and --history take no paths');
  const { result, exitCode } = await runScan({
    staged: values.staged,
    diff: values.diff,
    paths: positionals,
    format,
    config: values.config,
    inlineAllow: !values['no-inline-allow'],
    cwd: process.cwd(),
    commits: commitScanFor(values),
    verify: values.verify === true || mode.verify === true,
  });
  await writeAll(process.stdout, render(result, format, process.stdout));
  return exitCode;
}

async function ciCommand(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, {
    base: { type: 'string' },
    format: { type: 'string', default: 'text' },
    output: { type: 'string' },
    config: { type: 'string' },
    'no-inline-allow': { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError('ci takes no paths', 'it works out the commits to scan from the CI run, or from --base REF');
  const format = checkFormat(values.format);
  const { base, output, config } = values;
  return runCi({ base, format, output, config, inlineAllow: !values['no-inline-allow'], cwd: process.cwd(), env: process.env });
}

async function allowCommand(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, { reason: { type: 'string' }, config: { type: 'string' } });
  return runAllow({ fingerprints: positionals, reason: values.reason, config: values.config, cwd: process.cwd() });
}

async function fixCommand(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' }, config: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError('fix takes no paths: it fixes everything staged', 'run `mailguard fix` or `mailguard fix --dry-run`');
  return runFix({ cwd: process.cwd(), dryRun: values['dry-run'] ?? false, config: values.config });
}

function checkFormat(format: string | undefined): Format {
  const known = FORMATS.find((f) => f === format);
  if (known) return known;
  throw new UsageError(`unknown format "${format}"`, `use --format ${FORMATS.join('|')}`);
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!, 'run `mailguard help` for usage');
  }
}

function print(text: string): ExitCode {
  process.stdout.write(text);
  return ExitCode.Clean;
}

function fail(err: unknown): ExitCode {
  const failure = failureText(err);
  process.stderr.write(failure.text);
  return failure.exitCode;
}

// A closed stdout (`mailguard … | head -1`) is not a failure of the scan, and must not end it before its
// verdict is known: the process ends as usual, with the scan's exit code (writeAll stops waiting).
process.stdout.on('error', () => undefined);

main(process.argv.slice(2))
  .catch(fail)
  .then((code) => {
    process.exitCode = code;
  });
