/** A throwaway git repository for tests that plan against a history (`--base`), with a fixed committer. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const COMMITTER = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };

export interface ScratchRepo {
  dir: string;
  git(...args: string[]): string;
  remove(): void;
}

/** A new repository on branch main in a temporary directory. */
export function scratchRepo(prefix: string): ScratchRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, ...COMMITTER } });
  git("init", "-q", "-b", "main");
  return { dir, git, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
