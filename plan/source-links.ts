/**
 * Links from the report to stack-file lines, when the run knows the repository and the commit.
 * In GitHub Actions the default variables give both: GITHUB_SERVER_URL, GITHUB_REPOSITORY and
 * GITHUB_SHA. For a pull_request event GITHUB_SHA is "the last merge commit of the pull request
 * merge branch" (GitHub docs, "Events that trigger workflows", pull_request), which is what
 * actions/checkout checks out, so the linked lines are the lines the plan read.
 */
export interface SourceLinks {
  /** e.g. https://github.com/acme/gateway */
  repositoryUrl: string;
  commit: string;
}

export function githubSourceLinks(env: NodeJS.ProcessEnv): SourceLinks | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: commit } = env;
  if (!server || !repository || !commit || !/^[0-9a-f]{40}$/.test(commit) || !/^[\w.-]+\/[\w.-]+$/.test(repository)) return undefined;
  return { repositoryUrl: `${server.replace(/\/+$/, "")}/${repository}`, commit };
}

/** The URL of `line` in `file` (a path from the repository root), or undefined for a file outside the repository. */
export function lineUrl(links: SourceLinks, file: string, line: number): string | undefined {
  if (file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file)) return undefined;
  return `${links.repositoryUrl}/blob/${links.commit}/${file.split("/").map(encodeURIComponent).join("/")}#L${line}`;
}
