/**
 * The reader-role case of stacks/shared-credentials.ts: a reader role of another account is
 * refused per file (stacks/reader-accounts.ts), so prod can share dev's role only where both
 * environments deploy to one account. Here both stack files are the example dev file, one renamed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStackFile } from "../../stacks/load";
import { sharedAcrossStacks } from "../../stacks/shared-credentials";

const DEV = readFileSync("stacks/dev.yaml", "utf8");

function stack(file: string, source: string) {
  const result = parseStackFile(source, file);
  if (!result.ok) throw new Error(result.defects.map((d) => d.message).join("\n"));
  return { file, spec: result.spec, locate: () => ({ file, line: 1, col: 1 }) };
}

describe("environments sharing a reader role", () => {
  it("prod holding dev's reader role (same account) is refused at prod's readerRoleArn; staging gets a warning", () => {
    const dev = stack("stacks/dev.yaml", DEV);
    // Without the usage ledger, whose source checks (stacks/ledger-source.ts) prod adds to dev's file.
    const prodSource = DEV.replace(/^environment: dev$/m, "environment: prod").replace(/^usageLedger:$/m, "usageLedger:\n  enabled: false");
    const prod = stack("stacks/prod.yaml", prodSource);
    const refused = sharedAcrossStacks([dev, prod]).defects.filter((d) => d.path.endsWith("readerRoleArn"));
    expect(refused.length).toBeGreaterThan(0);
    for (const d of refused) expect(d).toMatchObject({ file: "stacks/prod.yaml", message: expect.stringMatching(/^reader role "arn:aws:iam::\d{12}:role\/[^"]+" is also used by dev \(stacks\/dev\.yaml\)/) });

    const staging = stack("stacks/staging.yaml", DEV.replace(/^environment: dev$/m, "environment: staging"));
    const shared = sharedAcrossStacks([dev, staging]);
    expect(shared.defects).toEqual([]);
    expect(shared.warnings.some((w) => w.path.endsWith("readerRoleArn"))).toBe(true);
  });
});
