import { LineSplitter, type LineReceiver } from '../diff/split.js';
import { GitError } from '../errors.js';
import { BatchFrames, type BatchObjectSink } from './batch-frames.js';
import { startGit, type RunningGit } from './diff-source.js';

/**
 * Files the index adds, read whole from their blobs instead of through `git diff`. For a new file every
 * line is an added line, but git still diffs it line by line against nothing before it prints the first
 * one; `git cat-file --batch` streams the same bytes from the first moment.
 */

/** Where each new file's lines begin and end (DiffParser). */
export interface NewFileReceiver extends LineReceiver {
  beginNewFile(path: string): void;
  endNewFile(): void;
}

interface NewFile {
  path: string;
  oid: string;
}

/** Regular files (plain or executable); submodules and symlinks hold no text of the user's. */
const REGULAR_MODES = new Set(['100644', '100755']);

/**
 * Starts listing the files the staged changes add, with the same rename detection as the staged diff, so
 * that a file is either in this list or in that diff (`--diff-filter=ad`), never in both or neither.
 */
export function startNewFilesListing(cwd: string, paths: readonly string[]): RunningGit {
  return startGit(cwd, ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--find-renames', '--ignore-submodules=none', '--diff-filter=A', '--', ...paths]);
}

/** Streams every new file of the listing through `receiver`, one after another. */
export async function streamNewFiles(cwd: string, listing: RunningGit, receiver: NewFileReceiver): Promise<void> {
  const files = await readListing(listing);
  if (files.length === 0) return;
  const blobs = new NewFileBlobs(files, receiver);
  const frames = new BatchFrames(blobs);
  await startGit(cwd, ['cat-file', '--batch'], files.map((f) => `${f.oid}\n`).join('')).consume(async (out) => {
    for await (const chunk of out) frames.push(chunk as Buffer);
  });
  blobs.end(frames);
}

async function readListing(listing: RunningGit): Promise<NewFile[]> {
  const chunks: Buffer[] = [];
  await listing.consume(async (out) => {
    for await (const chunk of out) chunks.push(chunk as Buffer);
  });
  // `:<old mode> <new mode> <old oid> <new oid> A` NUL `<path>` NUL, for each file.
  const fields = Buffer.concat(chunks).toString('utf8').split('\0');
  const files: NewFile[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, mode, , oid] = fields[i]!.split(' ');
    if (mode !== undefined && oid !== undefined && REGULAR_MODES.has(mode)) files.push({ path: fields[i + 1]!, oid });
  }
  return files;
}

/** Hands each blob of `git cat-file --batch` output on as the lines of its file. */
class NewFileBlobs implements BatchObjectSink {
  private next = 0;
  private readonly splitter: LineSplitter;

  constructor(
    private readonly files: readonly NewFile[],
    private readonly receiver: NewFileReceiver,
  ) {
    this.splitter = new LineSplitter(receiver);
  }

  begin([oid, type, size]: string[]): number {
    const file = this.files[this.next];
    if (!file || oid !== file.oid || type !== 'blob' || !/^\d+$/.test(size ?? '')) {
      throw new GitError(`git cat-file could not read the staged ${file ? `blob ${file.oid}` : 'blobs'}: ${[oid, type].join(' ')}`);
    }
    this.receiver.beginNewFile(file.path);
    return Number(size);
  }

  content(buf: Buffer, start: number, end: number): void {
    this.splitter.push(buf.subarray(start, end));
  }

  finish(): void {
    this.splitter.end();
    this.receiver.endNewFile();
    this.next++;
  }

  /** Every object asked for must have come, whole. */
  end(frames: BatchFrames): void {
    if (frames.midObject || this.next < this.files.length) throw new GitError('git cat-file ended before the last new file was read');
  }
}
