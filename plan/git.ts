/** The stack file as it was at a git ref (`git show REF:path`), for `--base`. */
import { execFileSync } from "node:child_process";
import { basename, dirname, resolve } from "node:path";

/** What went wrong with --base, and what to do. */
export class GitRefError extends Error {
  constructor(
    readonly what: string,
    readonly todo: string,
  ) {
    super(`${what}; ${todo}`);
  }
}

/** The file's text at `ref`, or undefined when the ref exists but the file did not exist there. */
export function fileAtRef(ref: string, file: string): string | undefined {
  const dir = dirname(resolve(file));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  if (ref.startsWith("-")) throw new GitRefError(`--base "${ref}" is not a git ref`, "give a commit, branch or tag");
  let prefix: string;
  try {
    prefix = git("rev-parse", "--show-prefix").trim();
  } catch {
    throw new GitRefError(`--base: ${file} is not inside a git work tree`, "plan without --base, or from a clone of the repository");
  }
  try {
    git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
  } catch {
    throw new GitRefError(`--base: no such git ref "${ref}"`, "give a commit, branch or tag that exists here (git fetch it first in a shallow clone)");
  }
  const path = `${prefix}${basename(file)}`;
  try {
    return git("show", `${ref}:${path}`);
  } catch {
    return undefined;
  }
}

/** Which of `files` (paths from `root`) differ between `ref` and the work tree, as paths from `root`. */
export function changedSince(ref: string, root: string, files: readonly string[]): string[] {
  if (files.length === 0) return [];
  const out = execFileSync("git", ["diff", "--name-only", "--relative", ref, "--", ...files], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  return out.split("\n").filter(Boolean).sort();
}
