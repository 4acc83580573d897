import { decodeUtf16, sniffUtf16, type Utf16 } from './encoding.js';

/**
 * Unified diff → added lines. Works on raw bytes, one line at a time, so a diff of any size streams through
 * in constant memory; only added lines are decoded to strings.
 */

/** One added line (or a segment of a very long one) in the new version of a file. */
export interface AddedLine {
  /** Repo-relative path with `/`. */
  file: string;
  /** 1-based line number in the new version. */
  line: number;
  /** The line's text without the leading `+` and without `\r\n`/`\n`. */
  text: string;
  /** 0-based character offset of `text` inside the real line (non-zero only for segments of huge lines). */
  offset: number;
  /** Commit that added the line; null for staged changes and plain diffs. */
  commit: string | null;
}

export interface DiffStats {
  files: number;
  binaryFiles: number;
  addedLines: number;
  bytes: number;
}

export type AddedLineSink = (line: AddedLine) => void;

/** Asked before an added line is decoded: true means the line cannot matter and is only counted. */
export type SkipLine = (file: string, commit: string | null, buf: Buffer, start: number, end: number) => boolean;

export interface DiffParserOptions {
  /** Unchanged lines of the hunks, so a marker on the line above an added one can be seen. */
  context?: AddedLineSink;
  skip?: SkipLine;
}

const PLUS = 0x2b;
const MINUS = 0x2d;
const SPACE = 0x20;
const BACKSLASH = 0x5c;
const NUL = 0x00;
const CR = 0x0d;

const HUNK_HEADER = /^@@@* -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface FileState {
  path: string | null;
  /** A submodule pointer or a symlink: its "content" is a commit id or a path, not the user's text. */
  gitlink: boolean;
  /** undefined: plain bytes (UTF-8); a byte order once a NUL showed UTF-16 text; null: binary. */
  utf16?: Utf16 | null;
  binary: boolean;
  counted: boolean;
}

export class DiffParser {
  readonly stats: DiffStats = { files: 0, binaryFiles: 0, addedLines: 0, bytes: 0 };
  private file: FileState = newFile();
  private gitHeader = false;
  private oldLeft = 0;
  private newLeft = 0;
  private nextLine = 0;
  /** Offset within the current added line when it arrives in segments. */
  private segmentOffset = 0;
  /** First byte of a line that is arriving in segments, until its last segment. */
  private continuing: number | null = null;
  private commit: string | null = null;

  /** Between beginNewFile and endNewFile: every line is an added line, without a `+` in front. */
  private wholeFile = false;

  private readonly contextSink: AddedLineSink | undefined;
  private readonly skip: SkipLine | undefined;

  constructor(
    private readonly sink: AddedLineSink,
    options: DiffParserOptions = {},
  ) {
    this.contextSink = options.context;
    this.skip = options.skip;
  }

  /** Lines that follow belong to this commit (range and history scans). */
  setCommit(sha: string | null): void {
    this.commit = sha;
    this.file = newFile();
    this.oldLeft = this.newLeft = 0;
    this.continuing = null;
    this.segmentOffset = 0;
  }

  /**
   * The lines that follow, until endNewFile, are the whole content of a file this diff adds: they come
   * straight from the blob (no header, no `+`) and are handled exactly as that file's added lines would be.
   */
  beginNewFile(path: string): void {
    this.file = newFile();
    this.file.path = path;
    this.wholeFile = true;
    this.oldLeft = this.newLeft = 0;
    this.nextLine = 1;
    this.segmentOffset = 0;
    this.continuing = null;
  }

  endNewFile(): void {
    this.wholeFile = false;
    this.file = newFile();
  }

  /**
   * One line of the diff, `buf[start, end)` without its `\n`. A line too long to hold arrives as several
   * calls with `complete = false` on all but the last; segments may overlap (see splitLines).
   */
  line(buf: Buffer, start: number, end: number, complete = true, overlap = 0): void {
    if (this.wholeFile) this.newFileLine(buf, start, end, complete, overlap);
    else if (this.oldLeft > 0 || this.newLeft > 0) this.hunkLine(buf, start, end, complete, overlap);
    else if (complete) this.headerLine(buf.toString('utf8', start, end));
  }

  private hunkLine(buf: Buffer, start: number, end: number, complete: boolean, overlap: number): void {
    const kind = this.continuing ?? buf[start];
    this.continuing = complete ? null : kind;
    if (kind === PLUS) {
      this.added(buf, overlap > 0 || this.segmentOffset > 0 ? start : start + 1, end, complete, overlap);
      if (complete) {
        this.newLeft--;
        this.nextLine++;
      }
    } else if (kind === MINUS) {
      if (complete) this.oldLeft--;
    } else if (kind === SPACE) {
      if (complete) {
        if (this.contextSink) this.context(buf, start, end);
        this.oldLeft--;
        this.newLeft--;
        this.nextLine++;
      }
    } else if (kind !== BACKSLASH) {
      // Malformed hunk (its counts disagree with its content): resynchronise on headers.
      // ("\ No newline at end of file" is not a line of either version and is skipped.)
      this.oldLeft = this.newLeft = 0;
      if (complete) this.headerLine(buf.toString('utf8', start, end));
    }
  }

  private newFileLine(buf: Buffer, start: number, end: number, complete: boolean, overlap: number): void {
    this.added(buf, start, end, complete, overlap);
    if (complete) this.nextLine++;
  }

  private added(buf: Buffer, start: number, end: number, complete: boolean, overlap: number): void {
    const file = this.file;
    const offset = this.segmentOffset - overlap;
    this.segmentOffset = complete ? 0 : offset + (end - start);
    if (file.gitlink || file.path === null || file.binary) return;
    if (complete && end > start && buf[end - 1] === CR && !file.utf16) end--;
    const skipped = !file.utf16 && this.skip?.(file.path, this.commit, buf, start, end) === true;
    if (!skipped && !file.utf16 && buf.subarray(start, end).includes(NUL)) file.utf16 = sniffUtf16(buf.subarray(start, end));
    if (file.utf16 === null) {
      file.binary = true;
      this.stats.binaryFiles++;
      if (file.counted) this.stats.files--;
      return;
    }
    this.countFile();
    if (complete) this.stats.addedLines++;
    this.stats.bytes += end - start;
    if (skipped) return;
    const text = file.utf16 ? decodeUtf16(buf.subarray(start, end), file.utf16) : buf.toString('utf8', start, end);
    this.sink({ file: file.path, line: this.nextLine, text, offset, commit: this.commit });
  }

  /** A context line (for a line that came in segments, its last segment: enough to look for a marker). */
  private context(buf: Buffer, start: number, end: number): void {
    const file = this.file;
    if (file.gitlink || file.path === null || file.binary) return;
    this.contextSink!({ file: file.path, line: this.nextLine, text: buf.toString('utf8', start + 1, end), offset: 0, commit: this.commit });
  }

  private countFile(): void {
    if (this.file.counted) return;
    this.file.counted = true;
    this.stats.files++;
  }

  private headerLine(text: string): void {
    if (text.startsWith('diff --git ')) {
      this.file = newFile();
      this.gitHeader = true;
    } else if (text.startsWith('@@')) {
      this.hunkHeader(text);
    } else if (text.startsWith('+++ ')) {
      this.file.path = parseNewPath(text.slice(4), this.gitHeader);
    } else if (text.startsWith('--- ')) {
      if (!this.gitHeader) this.file = newFile();
    } else if (/^(new file mode|index [0-9a-f]+\.\.[0-9a-f]+) 1[26]0000\b/.test(text)) {
      this.file.gitlink = true;
    } else if (text.startsWith('Binary files ') || text === 'GIT binary patch') {
      this.stats.binaryFiles++;
    } else if (text.startsWith('commit ') && /^commit [0-9a-f]{7,64}\b/.test(text)) {
      this.setCommit(text.slice(7).split(' ')[0]!);
    }
  }

  private hunkHeader(text: string): void {
    const m = HUNK_HEADER.exec(text);
    if (!m) return;
    // Combined diffs (@@@) list several old ranges; only the new side matters and -U0 is not used for them.
    this.oldLeft = m[1] === undefined ? 1 : Number(m[1]);
    this.nextLine = Number(m[2]);
    this.newLeft = m[3] === undefined ? 1 : Number(m[3]);
    if (text.startsWith('@@@')) this.oldLeft = 0;
  }
}

function newFile(): FileState {
  return { path: null, gitlink: false, binary: false, counted: false };
}

/** The path on a `+++ ` line: `/dev/null` for deletions, C-quoted when it has odd characters. */
export function parseNewPath(raw: string, gitHeader: boolean): string | null {
  let path = raw.startsWith('"') ? unquoteC(raw) : raw;
  if (!raw.startsWith('"')) {
    const tab = path.indexOf('\t');
    if (tab !== -1) path = path.slice(0, tab);
    if (!gitHeader) path = path.trimEnd();
  }
  if (path === '/dev/null') return null;
  if (path.startsWith('b/') && (gitHeader || !path.startsWith('b//'))) path = path.slice(2);
  // git writes `/`; a backslash in a git diff is part of a file name. Other tools may write Windows paths.
  return gitHeader ? path : path.replace(/\\/g, '/');
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting (`"a/\303\251t\303\251.txt"`), octal escapes being UTF-8 bytes. */
export function unquoteC(quoted: string): string {
  const bytes: number[] = [];
  let i = 1;
  while (i < quoted.length && quoted[i] !== '"') {
    const ch = quoted[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      i++;
      continue;
    }
    const next = quoted[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(quoted.slice(i + 1, i + 4), 8));
      i += 4;
    } else {
      bytes.push(C_ESCAPES[next] ?? next.charCodeAt(0));
      i += 2;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
