/**
 * docs/limits.md says what vendor/limits.ts says: one row per limit with its figure, whether it is
 * adjustable and its source, and one row naming what checks it and the field that grows it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { limitText, VENDOR_LIMITS } from "../../vendor/limits";

const DOC = readFileSync(join(__dirname, "..", "..", "docs", "limits.md"), "utf8");
const rows = (name: string) => DOC.split("\n").filter((line) => line.startsWith("| ") && line.includes(`\`${name}\``));

describe("docs/limits.md", () => {
  it.each(Object.keys(VENDOR_LIMITS))("%s: its figure, adjustability and source, and what checks it", (name) => {
    const limit = VENDOR_LIMITS[name as keyof typeof VENDOR_LIMITS];
    expect(rows(name)).toContain(`| \`${name}\` | ${limit.appliesTo} | ${limitText(limit)} | ${limit.adjustable} | ${limit.source.replace(/\|/g, "\\|")} |`);
    expect(rows(name).filter((row) => /\| (loader|policy)/.test(row))).toHaveLength(1);
  });

  it("lists no limit vendor/limits.ts does not have", () => {
    const named = [...DOC.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(named.filter((n) => !(n in VENDOR_LIMITS))).toEqual([]);
  });
});
