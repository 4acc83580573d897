export const HOOK_NAMES = ['pre-commit', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** One file install or uninstall touched (or looked at and left alone), for the report. */
export interface Change {
  file: string;
  /** What happened to it, in a few words ("created", "added a line", …). */
  action: string;
  /** False when the file was already as it should be. */
  changed: boolean;
}

/** Files are read and written as latin1 so that bytes mailguard did not write go back exactly as they were. */
export const BYTES = 'latin1';
