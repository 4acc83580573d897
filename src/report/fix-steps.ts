import { ENV_FILE, movesToEnv, shellPath, shellQuote, type FilePlan, type FixPlan, type Move } from './remediation.js';

/**
 * A file's fix as the report shows it: shell commands to copy and run, with what only the developer can do
 * (put the key in .env, edit a line) as `#` comments, so the whole block can be pasted into a shell.
 */
export interface FixLine {
  text: string;
  comment: boolean;
}

/** Kinds `mailguard fix` applies by itself; the others need a person (a CI secret store, a manifest). */
export function isAutomatic(plan: FilePlan): boolean {
  if (plan.kind === 'source') return plan.language?.autoFix === true && plan.moves.every((m) => m.after !== null);
  if (plan.kind === 'env-example' || plan.kind === 'docs') return plan.moves.every((m) => m.after !== null);
  return plan.kind === 'dotenv' || plan.kind === 'local-config';
}

export function fixLines(plan: FilePlan, fixPlan: FixPlan): FixLine[] {
  const out: FixLine[] = [];
  const cmd = (text: string) => out.push({ text, comment: false });
  const note = (text: string) => out.push({ text: `# ${text}`, comment: true });
  const staged: string[] = [];
  if (plan.untrack) {
    cmd(`git rm --cached ${shellPath(plan.file)}`);
    note('the file stays on disk; git stops tracking it');
    if (plan.committed) note(`${plan.file} is in earlier commits: collaborators lose their copy when they pull this change (ask them to back it up), and the old versions stay in history`);
  }
  for (const line of plan.ignoreLines) {
    cmd(`printf '\\n%s\\n' ${shellQuote(line)} >> .gitignore`);
    if (!fixPlan.factsKnown) note('skip the line above if git already ignores the file');
    staged.push('.gitignore');
  }
  if (movesToEnv(plan)) {
    for (const m of plan.moves.filter((m) => m.append)) note(`put ${m.variable}=<the key now on line ${m.finding.line}> in ${ENV_FILE} (git ignores it)`);
  }
  if (plan.example) staged.push(...exampleLines(plan, cmd, note));
  for (const moves of byLine(plan.moves)) moveLines(moves, note);
  for (const text of plan.manual) note(text);
  if (plan.kind === 'source' && plan.language?.loadEnv) note(`load .env at start-up: ${plan.language.loadEnv}`);
  if (plan.moves.length > 0) staged.push(plan.file);
  if (staged.length > 0) cmd(`git add ${[...new Set(staged)].map(shellPath).join(' ')}`);
  return out;
}

function exampleLines(plan: FilePlan, cmd: (t: string) => void, note: (t: string) => void): string[] {
  const example = plan.example!;
  if (example.style === 'keys') {
    if (example.add.length === 0) {
      cmd(`touch ${shellPath(example.file)}`);
      note(`list ${plan.file}'s variable names in ${example.file}, with placeholder values`);
    } else {
      cmd(`printf '%s\\n' ${example.add.map(shellQuote).join(' ')} ${example.exists ? '>>' : '>'} ${shellQuote(example.file)}`);
    }
  } else {
    cmd(`cp ${shellPath(example.from)} ${shellPath(example.file)}`);
    const lines = plan.findings.map((f) => f.line).join(', ');
    note(`in ${example.file}, replace the key on line ${lines} with a placeholder, and check it holds no other secret`);
  }
  return [example.file];
}

/** One before/after per line, however many secrets it holds. */
function moveLines(moves: readonly Move[], note: (t: string) => void): void {
  const first = moves[0]!;
  const after = moves.some((m) => m.after === null) ? null : moves[moves.length - 1]!.after;
  if (after === null) {
    note(`line ${first.finding.line}: ${first.before}`);
    note(`  take the key out of this line by hand and read ${moves.map((m) => m.variable).join(', ')} from the environment instead`);
    return;
  }
  note(`line ${first.finding.line}, change:`);
  note(`  - ${first.before}`);
  note(`  + ${after}`);
}

export function byLine(moves: readonly Move[]): Move[][] {
  const lines = new Map<number, Move[]>();
  for (const m of moves) lines.set(m.finding.line, [...(lines.get(m.finding.line) ?? []), m]);
  return [...lines.values()];
}
