// A real blocked commit, end to end: a throwaway repository, mailguard's hooks installed in it by `mailguard install`,
// a commit of a fake Mailgun key that is refused, then the fix and a commit that goes through.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'mailguard.cjs');
const repo = mkdtempSync(join(tmpdir(), 'mailguard-demo-'));
const bin = join(repo, 'node_modules', '.bin');
const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
const say = (text) => console.log(`\n\x1b[1m▸ ${text}\x1b[0m`);

say(`A throwaway repository: ${repo}`);
git('init', '-q', '-b', 'main');
git('config', 'user.name', 'Demo');
git('config', 'user.email', 'demo@example.com');

say('`npm install --save-dev mailguard` (here: a link to this checkout), then `npx mailguard install`');
mkdirSync(bin, { recursive: true });
writeFileSync(join(bin, 'mailguard'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
chmodSync(join(bin, 'mailguard'), 0o755);
execFileSync(join(bin, 'mailguard'), ['install'], { cwd: repo, stdio: 'inherit' });
writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const fakeKey = `key-${[...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('')}`;
say('Stage a .env holding a (fake) Mailgun key and try to commit it');
writeFileSync(join(repo, '.env'), `MAILGUN_DOMAIN=mg.example.com\nMAILGUN_API_KEY=${fakeKey}\n`);
git('add', '.env', '.gitignore');
const blocked = spawnSync('git', ['commit', '-m', 'Add mail settings'], { cwd: repo, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '1' } });
console.log(`\ngit commit exited with ${blocked.status}: ${blocked.status === 0 ? 'NOT blocked (unexpected!)' : 'the commit was blocked'}`);

say('Follow the report: untrack .env, ignore it, commit an example with placeholders');
git('rm', '-q', '--cached', '.env');
writeFileSync(join(repo, '.gitignore'), 'node_modules/\n/.env\n');
writeFileSync(join(repo, '.env.example'), 'MAILGUN_DOMAIN=mg.example.com\nMAILGUN_API_KEY=your-mailgun-api-key\n');
git('add', '.gitignore', '.env.example');
const ok = spawnSync('git', ['commit', '-m', 'Add mail settings'], { cwd: repo, stdio: 'inherit' });
console.log(`\ngit commit exited with ${ok.status}: ${ok.status === 0 ? 'committed, and the key stayed in the ignored .env' : 'still blocked (unexpected!)'}`);
process.exit(blocked.status !== 0 && ok.status === 0 ? 0 : 1);
