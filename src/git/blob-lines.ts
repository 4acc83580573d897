import { spawn } from 'node:child_process';
import { configArgs, gitEnv } from './diff-source.js';
import { asGitError, type Repo } from './repo.js';

export interface BlobRef {
  file: string;
  /** null: the index version (what is being committed). */
  commit: string | null;
  /** 1-based numbers of the lines wanted. */
  lines: readonly number[];
}

/** Of a line longer than this only the start is kept: a marker is a short comment, the line may be a 100 MB minified one. */
const MAX_LINE_BYTES = 1 << 20;

/**
 * Some lines of several files at once, as the index or a commit holds them, through one
 * `git cat-file --batch` (a process per file costs ~10 ms each): for each ref, its wanted lines by number,
 * or null for a file git does not have. The blobs are streamed, never held: a file may be hundreds of MB.
 */
export function blobLines(repo: Repo): (refs: readonly BlobRef[]) => Promise<Array<Map<number, string> | null>> {
  return async (refs) => {
    if (refs.length === 0) return [];
    // The batch protocol is line-based: a path with a newline cannot be asked for (it stays unread).
    const specs = refs.map((r) => (r.file.includes('\n') ? 'missing' : `${r.commit ?? ''}:${r.file}`));
    const reader = new BatchReader(refs.map((r) => new Set(r.lines)));
    await catFileBatch(repo.root, specs, reader);
    return reader.results;
  };
}

async function catFileBatch(cwd: string, specs: string[], reader: BatchReader): Promise<void> {
  const child = spawn('git', [...configArgs(), 'cat-file', '--batch'], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (c: Buffer) => stderr.push(c));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on('error', (err) => reject(asGitError(err, 'git cat-file')));
    child.on('close', resolve);
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(`${specs.join('\n')}\n`);
  for await (const chunk of child.stdout) reader.push(chunk as Buffer);
  const code = await closed;
  if (code !== 0) throw asGitError(new Error(Buffer.concat(stderr).toString('utf8') || `exit code ${code}`), 'git cat-file');
}

/**
 * Reads `<oid> <type> <size>\n<content>\n` per object, or `<spec> missing\n` (also `ambiguous`), as the
 * bytes arrive, keeping only the wanted lines of each blob.
 */
class BatchReader {
  readonly results: Array<Map<number, string> | null> = [];
  private header: Buffer[] = [];
  /** Bytes of the current object still to come, and the newline after it. */
  private left = -1;
  private blob: Map<number, string> | null = null;
  private line = 1;
  private kept: Buffer[] = [];
  private keptBytes = 0;

  constructor(private readonly wanted: ReadonlyArray<ReadonlySet<number>>) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.left < 0) {
        const eol = chunk.indexOf(0x0a, pos);
        this.header.push(chunk.subarray(pos, eol === -1 ? chunk.length : eol));
        if (eol === -1) return;
        pos = eol + 1;
        this.start(Buffer.concat(this.header).toString('utf8').split(' '));
        this.header = [];
        continue;
      }
      const end = Math.min(chunk.length, pos + this.left);
      if (this.blob) this.content(chunk, pos, Math.min(end, pos + this.left - 1));
      this.left -= end - pos;
      pos = end;
      if (this.left === 0) this.finish();
    }
  }

  private start(header: string[]): void {
    const size = Number(header[2]);
    if (header.length !== 3 || !/^[0-9a-f]{40,64}$/.test(header[0]!) || !Number.isInteger(size)) {
      this.results.push(null);
      return;
    }
    this.blob = header[1] === 'blob' ? new Map() : null;
    this.results.push(this.blob);
    this.line = 1;
    this.left = size + 1;
  }

  private content(buf: Buffer, start: number, end: number): void {
    const wanted = this.wanted[this.results.length - 1]!;
    let pos = start;
    while (pos < end) {
      const eol = buf.indexOf(0x0a, pos);
      const stop = eol === -1 || eol >= end ? end : eol;
      if (wanted.has(this.line)) this.keep(buf.subarray(pos, stop));
      if (stop === end) return;
      this.endLine(wanted);
      pos = stop + 1;
    }
  }

  private keep(bytes: Buffer): void {
    const room = MAX_LINE_BYTES - this.keptBytes;
    if (room <= 0) return;
    const part = bytes.subarray(0, room);
    this.kept.push(Buffer.from(part));
    this.keptBytes += part.length;
  }

  private endLine(wanted: ReadonlySet<number>): void {
    if (wanted.has(this.line)) {
      const text = Buffer.concat(this.kept).toString('utf8');
      this.blob!.set(this.line, text.endsWith('\r') ? text.slice(0, -1) : text);
    }
    this.kept = [];
    this.keptBytes = 0;
    this.line++;
  }

  private finish(): void {
    if (this.blob) this.endLine(this.wanted[this.results.length - 1]!);
    this.blob = null;
    this.left = -1;
  }
}

/** Every path in the index, repo-relative with `/`. */
export async function trackedFiles(repo: Repo): Promise<string[]> {
  try {
    return (await repo.git.raw(['ls-files', '-z'])).split('\0').filter((p) => p !== '');
  } catch (err) {
    throw asGitError(err, 'git ls-files');
  }
}
