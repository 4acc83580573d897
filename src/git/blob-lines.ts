import { asGitError, type Repo } from './repo.js';

/**
 * The lines of a file as the index holds it (commit null: what is being committed) or as a commit holds
 * it. Read whole through simple-git, so use it for the few files that need it, never for the diff itself.
 */
export function blobLines(repo: Repo): (file: string, commit: string | null) => Promise<string[]> {
  return async (file, commit) => {
    const spec = `${commit ?? ''}:${file}`;
    try {
      const text = await repo.git.raw(['cat-file', 'blob', spec]);
      return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    } catch (err) {
      throw asGitError(err, `git cat-file blob ${spec}`);
    }
  };
}

/** Every path in the index, repo-relative with `/`. */
export async function trackedFiles(repo: Repo): Promise<string[]> {
  try {
    return (await repo.git.raw(['ls-files', '-z'])).split('\0').filter((p) => p !== '');
  } catch (err) {
    throw asGitError(err, 'git ls-files');
  }
}
