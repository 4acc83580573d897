import { parseArgs } from 'node:util';
import { runInstall, runUninstall } from './commands/install.js';
import { runExplain, runRules } from './commands/rules.js';
import { render, runScan, type Format } from './commands/scan.js';
import { describeFailure, ExitCode, UsageError } from './errors.js';
import { HELP, VERSION } from './messages.js';
import { redactSecrets } from './report/redact.js';

type Handler = (args: string[]) => Promise<ExitCode>;

const COMMANDS: Record<string, Handler> = {
  scan: scanCommand,
  hook: hookCommand,
  rules: async (args) => runRules(parse(args, { provider: { type: 'string' } }).values.provider),
  explain: async (args) => runExplain(parse(args, {}).positionals),
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

async function scanCommand(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, {
    staged: { type: 'boolean' },
    diff: { type: 'string' },
    format: { type: 'string', default: 'text' },
    config: { type: 'string' },
  });
  const format = checkFormat(values.format);
  if (!values.staged && values.diff === undefined && positionals.length === 0) {
    throw new UsageError('scan needs something to scan', 'use --staged, --diff FILE|-, or one or more paths');
  }
  if (values.staged && values.diff !== undefined) throw new UsageError('--staged and --diff cannot be combined');
  const { result, exitCode } = await runScan({
    staged: values.staged,
    diff: values.diff,
    paths: positionals,
    format,
    config: values.config,
    cwd: process.cwd(),
  });
  await write(process.stdout, render(result, format, process.stdout));
  return exitCode;
}

/** Entry points of the installed hooks: they fail closed, so any error blocks the commit with one line. */
async function hookCommand(args: string[]): Promise<ExitCode> {
  const [name] = args;
  if (name !== 'pre-commit') throw new UsageError(`unknown hook "${name ?? ''}"`, 'the hooks are: pre-commit');
  try {
    return await scanCommand(['--staged']);
  } catch (err) {
    const failure = describeFailure(err);
    const reason = redactSecrets(`mailguard: ${failure.message}\n${failure.hint ? `mailguard: ${failure.hint}\n` : ''}`);
    const hint =
      'Commit blocked because the staged changes could not be checked. Fix the cause above and commit again; ' +
      'if mailguard itself is broken, check your staged changes by hand before `git commit --no-verify`.';
    process.stderr.write(`${reason}${hint}\n`);
    return failure.exitCode === ExitCode.Clean ? ExitCode.Internal : failure.exitCode;
  }
}

function checkFormat(format: string | undefined): Format {
  if (format === 'text' || format === 'json') return format;
  throw new UsageError(`unknown format "${format}"`, 'use --format text or --format json');
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

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', resolve);
  });
}

function fail(err: unknown): ExitCode {
  const failure = describeFailure(err);
  process.stderr.write(redactSecrets(`mailguard: ${failure.message}\n${failure.hint ? `mailguard: ${failure.hint}\n` : ''}`));
  return failure.exitCode;
}

// A closed stdout (`mailguard … | head -1`) is not a failure of the scan.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2))
  .catch(fail)
  .then((code) => {
    process.exitCode = code;
  });
