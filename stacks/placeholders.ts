/**
 * Values that pass the stack-file loader but are plainly not real, for the stack files Switchyard
 * drafts from elsewhere (`switchyard discover`, `switchyard import`): each line that holds one is
 * marked `# TODO` with what a person must put there.
 */
export const PLACEHOLDER = {
  email: (who: string) => `${who}@example.invalid`,
  accountId: "0".repeat(32),
  awsAccount: "000000000000",
  hostname: "ai.example.invalid",
} as const;

const TODO_MARKS: ReadonlyArray<[RegExp, string]> = [
  [/@example\.invalid/, "TODO: the owning team's address"],
  [/0{32}/, "TODO: your Cloudflare account and zone"],
  [/::000000000000:/, "TODO: the role that reads this workload's secrets"],
  [/ai\.example\.invalid/, "TODO: the front door's hostname"],
  [/lastRotated:/, "TODO: when this key was last rotated"],
];

/** The YAML with a `# TODO` comment on every line that holds a placeholder (lines with a comment already are left alone). */
export function markTodos(yaml: string): string {
  return yaml
    .split("\n")
    .map((line) => {
      if (line.includes("#")) return line;
      const mark = TODO_MARKS.find(([pattern]) => pattern.test(line));
      return mark ? `${line} # ${mark[1]}` : line;
    })
    .join("\n");
}

/** A stack file with nothing declared yet, every account and owner a placeholder. */
export function skeletonStack(environment: string, heading: string[]): string {
  return [
    "# yaml-language-server: $schema=./stack.schema.json",
    ...heading.map((line) => `# ${line}`),
    `environment: ${environment}`,
    `owner: ${PLACEHOLDER.email("platform")}`,
    `cloudflare: { accountId: "${PLACEHOLDER.accountId}", zoneId: "${PLACEHOLDER.accountId}" }`,
    "aws: { region: us-east-1 }",
    `gateway: { id: ${environment}-gateway, frontDoor: { hostname: ${PLACEHOLDER.hostname} } }`,
    "providerKeys: {}",
    "routes: {}",
    "workloads: {}",
    `alerts: { platform: { email: ${PLACEHOLDER.email("platform")} } }`,
    "",
  ].join("\n");
}
