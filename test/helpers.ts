import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist', 'mailguard.cjs');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never throws on a non-zero exit. */
export function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return { code: r.status ?? 128, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** The built CLI, as a user runs it. */
export function mailguard(args: string[], opts: SpawnSyncOptions = {}): RunResult {
  return run(process.execPath, [CLI, ...args], opts);
}

export function tempDir(prefix = 'mailguard-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real git repository in a temporary folder. */
export class TempRepo {
  readonly dir: string;

  constructor(dir = tempDir()) {
    this.dir = dir;
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    const r = run('git', args, { cwd: this.dir });
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }

  write(path: string, content: string | Buffer): this {
    const abs = join(this.dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    return this;
  }

  /** Writes and stages. */
  add(path: string, content: string | Buffer): this {
    this.write(path, content);
    this.git('add', '--', path);
    return this;
  }

  commit(message = 'change'): this {
    this.git('commit', '-q', '--no-verify', '-m', message);
    return this;
  }

  mailguard(args: string[], opts: SpawnSyncOptions = {}): RunResult {
    return mailguard(args, { cwd: this.dir, ...opts });
  }
}

const LOWER36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = `${B62}-_`;

export function randomFrom(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** Fresh fake credentials, made at run time so no key-shaped literal lives in the test sources. */
export const fake = {
  mailgunKey: () => `key-${randomFrom(LOWER36, 32)}`,
  sendgridKey: () => `SG.${randomFrom(URLSAFE, 22)}.${randomFrom(URLSAFE, 43)}`,
  mailersendToken: () => `mlsn.${randomFrom(HEX, 64)}`,
  hex32: () => randomFrom(HEX, 32),
  base62: (n: number) => randomFrom(B62, n),
};
