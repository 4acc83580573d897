/** Exit codes are a contract (README "Exit codes and failure behaviour"): scripts and hooks rely on them. */
export const ExitCode = {
  Clean: 0,
  Findings: 1,
  Usage: 2,
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error mailguard expects and can explain in one line. */
export class MailguardError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** What the user can do about it, shown after the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong flags, unreadable or invalid input, not a git repository: exit 2. */
export class UsageError extends MailguardError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
  }
}

/** git missing or failing, or mailguard itself broken: exit 3. */
export class GitError extends MailguardError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Internal, hint);
  }
}

/** First line of a message, without trailing noise: errors are shown on one line. */
export function oneLine(text: string): string {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return (line ?? 'unknown error').replace(/^(fatal|error):\s*/i, '');
}

/** Turns anything thrown into the message and exit code shown to the user. */
export function describeFailure(err: unknown): { message: string; hint?: string; exitCode: ExitCode } {
  if (err instanceof MailguardError) return { message: oneLine(err.message), hint: err.hint, exitCode: err.exitCode };
  const message = err instanceof Error ? err.message : String(err);
  return { message: `internal error: ${oneLine(message)}`, exitCode: ExitCode.Internal };
}
