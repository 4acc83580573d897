import kleur from 'kleur';
import { byLine, fixLines } from '../report/fix-steps.js';
import { shownPath } from '../report/redact.js';
import { ENV_FILE, type FilePlan, type Move } from '../report/remediation.js';
import { stagedFiles, type Work } from './apply.js';

/** What `mailguard fix` does (or, with --dry-run, would do), file by file. Keys appear redacted only. */
export function renderWork(work: Work, dryRun: boolean): string {
  const n = work.plan.files.reduce((sum, p) => sum + p.findings.length, 0);
  const out = [kleur.bold(`mailguard fix${dryRun ? ' --dry-run' : ''}: ${n} credential${n === 1 ? '' : 's'} in staged changes`)];
  const shown = new Set<string>();
  for (const p of work.automatic) out.push(`  ${kleur.bold(shownPath(p.file))}`, ...actionLines(p, work, shown).map((l) => `    ${l}`));
  const stage = stagedFiles(work);
  if (stage.length > 0) out.push(`  stage: ${stage.map(shownPath).join(' ')}`);
  for (const file of work.keptExamples) out.push(kleur.yellow(`  ${file} exists already: left as it is (check that it holds placeholders only)`));
  if (work.manual.length > 0) {
    out.push('', kleur.yellow().bold('Left for you (mailguard fix does not change these files):'));
    for (const p of work.manual) out.push(...manualLines(p, work));
  }
  return `${out.join('\n')}\n`;
}

function actionLines(p: FilePlan, work: Work, shown: Set<string>): string[] {
  const lines: string[] = [];
  if (p.untrack) lines.push(`untrack it: git rm --cached (the file stays on disk${p.committed ? '; it is in earlier commits, so collaborators lose their copy when they pull' : ''})`);
  for (const line of p.ignoreLines) lines.push(`.gitignore += ${line}`);
  if (p.example?.style === 'keys' && work.examples.some((e) => e.file === p.example!.file)) {
    const keys = p.example.add.map((l) => l.split('=')[0]).join(', ');
    lines.push(`${p.example.file}: ${p.example.exists ? 'add' : 'create with'} ${keys || 'no keys'} (placeholder values)`);
  }
  if (p.example?.style === 'copy' && work.examples.some((e) => e.file === p.example!.file)) {
    lines.push(`${p.example.file}: a copy of ${p.file} with placeholders instead of the keys`);
  }
  for (const m of p.moves) if (work.env.has(m.variable) && !shown.has(m.variable) && shown.add(m.variable)) lines.push(`${ENV_FILE} += ${m.variable}=${m.finding.redacted} (the key stays on your machine, ignored by git)`);
  for (const moves of byLine(p.moves)) lines.push(...beforeAfter(moves));
  if (p.language?.needs && p.moves.length > 0) lines.push(kleur.dim(`adds \`${p.language.needs.line}\` if the file lacks it`));
  if (p.language?.loadEnv && p.moves.length > 0) lines.push(kleur.dim(`load .env at start-up: ${p.language.loadEnv}`));
  return lines;
}

function beforeAfter(moves: readonly Move[]): string[] {
  const first = moves[0]!;
  const after = moves[moves.length - 1]!.after ?? '';
  const label = `line ${first.finding.line}`;
  return [`${label}  ${kleur.red(`- ${first.before}`)}`, `${' '.repeat(label.length)}  ${kleur.green(`+ ${after}`)}`];
}

function manualLines(p: FilePlan, work: Work): string[] {
  const lines = [`  ${kleur.bold(shownPath(p.file))} — ${p.summary}`];
  for (const l of fixLines(p, work.plan)) lines.push(`    ${l.comment ? kleur.dim(l.text) : l.text}`);
  return lines;
}
