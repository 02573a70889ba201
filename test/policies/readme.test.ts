import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allPolicies } from "../../policies/registry";
import { renderReadme } from "../../policies/write-readme";

describe("policies/README.md", () => {
  it("is what write-readme.ts generates (run `npx tsx policies/write-readme.ts`)", () => {
    expect(readFileSync(join(__dirname, "..", "..", "policies", "README.md"), "utf8")).toBe(renderReadme());
  });

  it("has one row per policy with its levels per environment", () => {
    const text = renderReadme();
    for (const p of allPolicies) expect(text).toContain(`| \`${p.name}\` | ${p.severity} |`);
    expect(text).toContain("| `switchyard-keys-allowed-ips` | medium | advisory / advisory / mandatory |");
    expect(text).toContain("pulumi preview --policy-pack ./policies --policy-pack-config ./policies/config/prod.json");
  });
});
