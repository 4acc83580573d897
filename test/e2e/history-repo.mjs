// Builds a repository of many commits in one `git fast-import` run (2,000 commits in well under a second,
// where 2,000 `git commit` calls would take minutes), with fake keys planted at known commits.
// Shared by test/e2e/history.test.ts and bench/history.mjs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FILES = 40;
const START = 1_700_000_000;

/**
 * @param {string} dir  an empty folder: becomes the repository (branch main, plus an unmerged `wip` branch)
 * @param {{ commits: number, keys: { mailgun: () => string, sendgrid: () => string, mailersend: () => string } }} opts
 * @returns {{ expected: Array<{ name: string, file: string, sha: string, allOnly: boolean }>, shaOf: (mark: number) => string }}
 *   each planted key once, at the commit that introduced it
 */
export function buildHistoryRepo(dir, { commits, keys }) {
  const at = plantPoints(commits);
  const k = { removed: keys.mailgun(), kept: keys.sendgrid(), merged: keys.mailersend(), newest: keys.mailgun(), wip: keys.mailgun() };
  const out = [];
  const contents = new Map();
  let mark = 0;
  const marks = {};

  const commit = (ref, { message, from, merge, changes, time }) => {
    mark++;
    out.push(`commit ${ref}`, `mark :${mark}`, `author Dev <dev@example.com> ${time} +0000`, `committer Dev <dev@example.com> ${time} +0000`, ...data(message));
    if (from) out.push(`from :${from}`);
    if (merge) out.push(`merge :${merge}`);
    for (const [path, content] of changes) {
      if (content === null) out.push(`D ${path}`);
      else out.push(`M 100644 inline ${path}`, ...data(content));
    }
    return mark;
  };

  let previous = 0;
  let sideTip = 0;
  const sideFile = `const client = new MailerSend({ apiKey: '${k.merged}' });\n`;
  for (let i = 1; i <= commits; i++) {
    const time = START + i * 60;
    const file = `src/mod${i % FILES}.js`;
    const body = `${contents.get(file) ?? ''}export const v${i} = ${i};\n`;
    contents.set(file, body);
    const changes = [[file, body]];
    if (i === at.removed) changes.push(['.env', `MAILGUN_DOMAIN=mg.example.com\nMAILGUN_API_KEY=${k.removed}\n`]);
    if (i === at.removed + 1) changes.push(['.env', null]);
    if (i === at.readded) changes.push(['.env', `MAILGUN_API_KEY=${k.removed}\n`]);
    if (i === at.kept) changes.push(['config/mail.js', `sgMail.setApiKey('${k.kept}');\n`]);
    if (i === at.keptTouched) changes.push(['config/mail.js', `sgMail.setApiKey('${k.kept}');\nexport const from = 'noreply@example.com';\n`]);
    if (i === at.newest) changes.push(['deploy/mail.env', `MAILGUN_API_KEY=${k.newest}\n`]);
    if (i === at.merge) {
      changes.push(['src/mailer.ts', sideFile]); // a merge's tree is written out in full: carry the side's file
      previous = commit('refs/heads/main', { message: `merge side into main (${i})`, from: previous, merge: sideTip, changes, time });
    } else {
      previous = commit('refs/heads/main', { message: `commit ${i}`, from: previous || undefined, changes, time });
    }
    marks[i] = previous;
    if (i === at.branch) {
      sideTip = commit('refs/heads/side', {
        message: 'side: add the mailer',
        from: previous,
        changes: [['src/mailer.ts', sideFile]],
        time: time + 30,
      });
      marks.side = sideTip;
    }
  }
  marks.wip = commit('refs/heads/wip', {
    message: 'wip: try another provider',
    from: marks[at.branch],
    changes: [['scratch/.env', `MAILGUN_API_KEY=${k.wip}\n`]],
    time: START + (commits + 1) * 60,
  });

  const marksFile = join(dir, '.git', 'marks');
  run(dir, ['init', '-q', '-b', 'main']);
  run(dir, ['fast-import', '--quiet', `--export-marks=${marksFile}`], `${out.join('\n')}\n`);
  const shas = new Map(
    readFileSync(marksFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.slice(1).split(' '))
      .map(([m, sha]) => [Number(m), sha]),
  );
  const shaOf = (m) => shas.get(m);
  return {
    shaOf,
    expected: [
      { name: 'removed in the next commit, re-added later', file: '.env', sha: shaOf(marks[at.removed]), allOnly: false },
      { name: 'kept, file touched later', file: 'config/mail.js', sha: shaOf(marks[at.kept]), allOnly: false },
      { name: 'added on a branch, merged', file: 'src/mailer.ts', sha: shaOf(marks.side), allOnly: false },
      { name: 'newest commit', file: 'deploy/mail.env', sha: shaOf(marks[at.newest]), allOnly: false },
      { name: 'unmerged branch', file: 'scratch/.env', sha: shaOf(marks.wip), allOnly: true },
    ],
  };
}

function plantPoints(n) {
  const p = (fraction) => Math.max(2, Math.round(n * fraction));
  return { removed: p(0.075), kept: p(0.45), keptTouched: p(0.7), branch: p(0.6), merge: p(0.625), readded: p(0.85), newest: n };
}

function data(text) {
  return [`data ${Buffer.byteLength(text)}`, text.endsWith('\n') ? text.slice(0, -1) : text];
}

function run(cwd, args, input) {
  const r = spawnSync('git', args, { cwd, input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
}
