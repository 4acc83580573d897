import kleur from 'kleur';
import { ExitCode } from '../errors.js';
import { apply, prepare, refuseDuringMerge, refusePartiallyStaged, touchedFiles } from '../fix/apply.js';
import { gatherFixFacts, ignoredPaths } from '../fix/facts.js';
import { renderWork } from '../fix/render.js';
import type { Repo } from '../git/repo.js';
import { openRepo } from '../git/root.js';
import { redactPathSecrets } from '../report/redact.js';
import { ENV_FILE, planFixes } from '../report/remediation.js';
import { setColour } from '../report/text.js';
import { runScan } from './scan.js';

export interface FixOptions {
  cwd: string;
  dryRun: boolean;
  config?: string;
}

/**
 * `mailguard fix`: scan what is staged, plan the repository fix of every finding, refuse when it cannot be
 * applied safely, print the plan, apply it (unless --dry-run), and scan again to show the result.
 */
export async function runFix(opts: FixOptions): Promise<ExitCode> {
  setColour(process.stdout);
  const repo = await openRepo(opts.cwd);
  await refuseDuringMerge(repo);
  const scan = () => runScan({ staged: true, paths: [], format: 'json', config: opts.config, cwd: opts.cwd });
  const { result } = await scan();
  if (result.findings.length === 0) {
    process.stdout.write(`${kleur.green('mailguard fix:')} nothing to fix, no email-provider credentials in staged changes\n`);
    return ExitCode.Clean;
  }
  const facts = await gatherFixFacts(repo, result.findings, true);
  const plan = planFixes(result.findings, facts);
  await refusePartiallyStaged(repo, touchedFiles(plan));
  const work = await prepare(repo, plan, facts);
  process.stdout.write(redactPathSecrets(renderWork(work, opts.dryRun), result.findings.map((f) => f.file)));
  if (opts.dryRun) {
    process.stdout.write(`\nNothing was changed. Run ${kleur.bold('mailguard fix')} to apply this.\n`);
    return ExitCode.Clean;
  }
  await apply(repo, work);
  const notIgnored = await notIgnoredAfter(repo, work.env.size > 0 ? [ENV_FILE, ...work.untrack] : work.untrack);
  const after = (await scan()).result;
  process.stdout.write(`\n${outcome(after.findings.length, notIgnored, [...new Set(result.findings.map((f) => f.provider))])}`);
  return after.findings.length > 0 ? ExitCode.Findings : ExitCode.Clean;
}

async function notIgnoredAfter(repo: Repo, files: string[]): Promise<string[]> {
  const ignored = await ignoredPaths(repo, files);
  return files.filter((f) => !ignored.has(f));
}

function outcome(remaining: number, notIgnored: string[], providerIds: string[]): string {
  const lines: string[] = [];
  for (const file of notIgnored) {
    lines.push(kleur.yellow(`Warning: ${file} is still not ignored by git (a "!" rule in a .gitignore re-includes it?): do not git add it.`));
  }
  if (remaining === 0) lines.push(`${kleur.green('Done:')} the staged changes are clean now (mailguard scan --staged). Commit again.`);
  else lines.push(kleur.red(`${remaining} finding(s) are still staged: fix them as shown above, then run mailguard scan --staged.`));
  lines.push(
    'The keys are kept in your ignored .env files. If a key was ever pushed or shared, it is leaked: rotate it',
    `(${providerIds.map((id) => `mailguard explain ${id}`).join(', ')}).`,
  );
  return `${lines.join('\n')}\n`;
}
