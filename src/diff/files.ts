// fs.promises, not node:fs/promises: loaded on first use, and a commit never uses it.
import { createReadStream, promises as fsp, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { decodeUtf16, sniffUtf16, type Utf16 } from './encoding.js';
import type { AddedLineSink, DiffStats } from './parse.js';
import { splitLines } from './split.js';

/** Folders that hold other people's code or git's own data, not the user's. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const BINARY_SNIFF_BYTES = 8000;

/**
 * Plain files on disk, every line treated as added: `mailguard scan PATH…` runs the same engine without git.
 */
export async function scanFiles(paths: readonly string[], cwd: string, sink: AddedLineSink): Promise<DiffStats> {
  const stats: DiffStats = { files: 0, binaryFiles: 0, addedLines: 0, bytes: 0 };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const info = await fsp.lstat(abs).catch(() => {
      throw new UsageError(`no such file or folder: ${p}`);
    });
    await visit(abs, info, cwd, stats, sink);
  }
  return stats;
}

async function visit(abs: string, info: Stats, cwd: string, stats: DiffStats, sink: AddedLineSink): Promise<void> {
  if (info.isDirectory()) {
    const entries = await fsp.readdir(abs, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.isDirectory() && SKIPPED_DIRS.has(e.name)) continue;
      const child = join(abs, e.name);
      await visit(child, await fsp.lstat(child), cwd, stats, sink);
    }
  } else if (info.isFile()) {
    await scanFile(abs, displayPath(abs, cwd), stats, sink);
  }
}

function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return (rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

async function scanFile(abs: string, file: string, stats: DiffStats, sink: AddedLineSink): Promise<void> {
  let lineNo = 0;
  let binary: boolean | null = null;
  let utf16: Utf16 | null = null;
  let counted = false;
  let offset = 0;
  const splitter = {
    line(buf: Buffer, start: number, end: number, complete = true, overlap = 0): void {
      // The first call sees the start of the file: look for a NUL where git would; UTF-16 text is decoded.
      if (binary === null) {
        const head = buf.subarray(0, Math.min(buf.length, BINARY_SNIFF_BYTES));
        utf16 = head.includes(0) ? sniffUtf16(head) : null;
        binary = head.includes(0) && utf16 === null;
      }
      if (binary) return;
      if (!counted) {
        counted = true;
        stats.files++;
      }
      if (offset === 0 && overlap === 0) lineNo++;
      if (complete && end > start && buf[end - 1] === 0x0d && !utf16) end--;
      const text = utf16 ? decodeUtf16(buf.subarray(start, end), utf16) : buf.toString('utf8', start, end);
      sink({ file, line: lineNo, text, offset: Math.max(0, offset - overlap), commit: null });
      stats.bytes += end - start;
      if (complete) {
        stats.addedLines++;
        offset = 0;
      } else {
        offset = offset - overlap + (end - start);
      }
    },
  };
  await splitLines(createReadStream(abs), splitter);
  if (binary) stats.binaryFiles++;
}

