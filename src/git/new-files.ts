import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineSplitter, type LineReceiver } from '../diff/split.js';
import { GitError } from '../errors.js';
import { BatchFrames, type BatchObjectSink } from './batch-frames.js';
import { startGit, type RunningGit } from './diff-source.js';

/**
 * Big new files, read whole from their blobs instead of through `git diff`. For a new file every line is
 * an added line, but git still diffs it line by line against nothing before it prints the first one: a
 * 100 MB file of a million lines costs 0.5 s of silence. `git cat-file --batch` streams the same bytes from
 * the first moment. Small files stay in the diff, which reads them from the work tree without inflating
 * them (2,000 small new files: 0.10 s through the diff, 0.14 s through cat-file), and so do files of long
 * lines (minified), which git diffs cheaply.
 */

/** Where each new file's lines begin and end (DiffParser). */
export interface NewFileReceiver extends LineReceiver {
  beginNewFile(path: string): void;
  endNewFile(): void;
}

export interface NewFile {
  path: string;
  oid: string;
}

/** Regular files (plain or executable); submodules and symlinks hold no text of the user's. */
const REGULAR_MODES = new Set(['100644', '100755']);

/** New files at least this big (in the work tree) are worth reading from their blobs. */
const BIG_FILE_BYTES = 1 << 20;
/** How much of a big file is looked at to tell ordinary text from minified lines. */
const SNIFF_BYTES = 64 * 1024;
/** Lines longer than this on average make a file "minified": git diffs it fast enough. */
const DENSE_LINE_BYTES = 1024;
/**
 * At most this many new files are looked at (a stat each: 2,000 cost 20 ms, more than a bulk import of
 * small files gains); in a bigger import, files past these go through the diff whatever their size.
 */
const MAX_LOOKED_AT = 200;

/**
 * Starts listing the files the staged changes add, with the same rename detection as the staged diff, so
 * that a file left out of that diff is one that this list names.
 */
export function startNewFilesListing(cwd: string, paths: readonly string[]): RunningGit {
  return startGit(cwd, ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--find-renames', '--ignore-submodules=none', '--diff-filter=A', '--', ...paths]);
}

/**
 * The new files worth reading from their blobs: big ones of ordinary lines. Only a guess from the work tree
 * (the staged blob is what gets read), so a wrong guess costs time, never a line.
 */
export async function bigNewFiles(listing: RunningGit, root: string): Promise<NewFile[]> {
  return (await readListing(listing)).slice(0, MAX_LOOKED_AT).filter((f) => isBigAndDense(join(root, f.path)));
}

function isBigAndDense(path: string): boolean {
  let fd: number | undefined;
  try {
    if (statSync(path).size < BIG_FILE_BYTES) return false;
    fd = openSync(path, 'r');
    const head = Buffer.allocUnsafe(SNIFF_BYTES);
    const read = readSync(fd, head, 0, SNIFF_BYTES, 0);
    let lines = 0;
    for (let at = head.indexOf(0x0a); at !== -1 && at < read; at = head.indexOf(0x0a, at + 1)) lines++;
    return lines >= read / DENSE_LINE_BYTES;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Streams each file's blob through `receiver`, one file after another. */
export async function streamNewFiles(cwd: string, files: readonly NewFile[], receiver: NewFileReceiver): Promise<void> {
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
