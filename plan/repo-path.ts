/**
 * How the report names files: relative to the root of the git repository that holds them, with /
 * separators, the way GitHub links and SARIF's %SRCROOT% read them, whatever the directory the
 * plan ran from; the absolute path for a file outside any repository.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** The nearest directory at or above `path`'s directory with a .git (a folder, or a file in a worktree). */
export function repositoryRoot(path: string): string | undefined {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function repositoryPath(path: string): string {
  const root = repositoryRoot(path);
  const rel = root === undefined ? "" : relative(root, resolve(path));
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : resolve(path);
}
