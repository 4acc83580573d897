import { spawn } from 'node:child_process';
import { configArgs, gitEnv } from './diff-source.js';
import { asGitError, type Repo } from './repo.js';

export interface BlobRef {
  file: string;
  /** null: the index version (what is being committed). */
  commit: string | null;
}

/**
 * The lines of several files at once, as the index or a commit holds them, through one
 * `git cat-file --batch` (a process per file costs ~10 ms each). null for a file git does not have.
 * Meant for the few files that need it, never for the diff itself.
 */
export function blobLines(repo: Repo): (refs: readonly BlobRef[]) => Promise<Array<string[] | null>> {
  return async (refs) => {
    if (refs.length === 0) return [];
    // The batch protocol is line-based: a path with a newline cannot be asked for (it stays unread).
    const specs = refs.map((r) => (r.file.includes('\n') ? 'missing' : `${r.commit ?? ''}:${r.file}`));
    const out = await catFileBatch(repo.root, specs);
    return parseBatch(out, refs.length).map((blob) => (blob === null ? null : toLines(blob)));
  };
}

function catFileBatch(cwd: string, specs: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...configArgs(), 'cat-file', '--batch'], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', (err) => reject(asGitError(err, 'git cat-file')));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(asGitError(new Error(Buffer.concat(stderr).toString('utf8') || `exit code ${code}`), 'git cat-file'));
    });
    child.stdin.end(`${specs.join('\n')}\n`);
  });
}

/** `<oid> <type> <size>\n<content>\n` per object, or `<spec> missing\n` (also `ambiguous`). */
function parseBatch(out: Buffer, count: number): Array<Buffer | null> {
  const blobs: Array<Buffer | null> = [];
  let pos = 0;
  while (blobs.length < count && pos < out.length) {
    const eol = out.indexOf(0x0a, pos);
    const header = out.toString('utf8', pos, eol).split(' ');
    pos = eol + 1;
    const size = Number(header[2]);
    if (header.length !== 3 || !/^[0-9a-f]{40,64}$/.test(header[0]!) || !Number.isInteger(size)) {
      blobs.push(null);
      continue;
    }
    blobs.push(header[1] === 'blob' ? out.subarray(pos, pos + size) : null);
    pos += size + 1;
  }
  return blobs;
}

function toLines(blob: Buffer): string[] {
  return blob.toString('utf8').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Every path in the index, repo-relative with `/`. */
export async function trackedFiles(repo: Repo): Promise<string[]> {
  try {
    return (await repo.git.raw(['ls-files', '-z'])).split('\0').filter((p) => p !== '');
  } catch (err) {
    throw asGitError(err, 'git ls-files');
  }
}
