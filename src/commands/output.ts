import { describeFailure } from '../errors.js';
import { redactSecrets } from '../report/redact.js';

/**
 * Writes text and waits until the stream has taken it (a large report to a pipe must not be cut short), or
 * until the reader has gone (`mailguard … | head -1`): the exit code still carries the verdict then.
 */
export function writeAll(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.write(text)) return resolve();
    const done = (): void => {
      for (const event of ['drain', 'error', 'close']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'error', 'close']) stream.on(event, done);
  });
}

/** An error as the user sees it: one line, the hint on the next, no secret even if git quoted one. */
export function failureText(err: unknown): { text: string; exitCode: ReturnType<typeof describeFailure>['exitCode'] } {
  const failure = describeFailure(err);
  const text = redactSecrets(`mailguard: ${failure.message}\n${failure.hint ? `mailguard: ${failure.hint}\n` : ''}`);
  return { text, exitCode: failure.exitCode };
}
