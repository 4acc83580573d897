import { BatchFrames, type BatchObjectSink } from './batch-frames.js';
import { startGit } from './diff-source.js';
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
  const frames = new BatchFrames(reader);
  await startGit(cwd, ['cat-file', '--batch'], `${specs.join('\n')}\n`).consume(async (out) => {
    for await (const chunk of out) frames.push(chunk as Buffer);
  });
}

/**
 * Reads `<oid> <type> <size>\n<content>\n` per object, or `<spec> missing\n` (also `ambiguous`), as the
 * bytes arrive, keeping only the wanted lines of each blob.
 */
class BatchReader implements BatchObjectSink {
  readonly results: Array<Map<number, string> | null> = [];
  private blob: Map<number, string> | null = null;
  private line = 1;
  private kept: Buffer[] = [];
  private keptBytes = 0;

  constructor(private readonly wanted: ReadonlyArray<ReadonlySet<number>>) {}

  begin(header: string[]): number {
    const size = Number(header[2]);
    if (header.length !== 3 || !/^[0-9a-f]{40,64}$/.test(header[0]!) || !Number.isInteger(size)) {
      this.results.push(null);
      return -1;
    }
    this.blob = header[1] === 'blob' ? new Map() : null;
    this.results.push(this.blob);
    this.line = 1;
    return size;
  }

  content(buf: Buffer, start: number, end: number): void {
    if (!this.blob) return;
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

  finish(): void {
    if (this.blob) this.endLine(this.wanted[this.results.length - 1]!);
    this.blob = null;
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
