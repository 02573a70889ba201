/**
 * The project's own docs carry what users need: every link in README.md and docs/ resolves to a
 * file inside the repository (users never see the design folder next to it), and the generated
 * field reference names a whole type and a meaning on every row.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fieldReference } from "../../stacks/field-reference";
import { stackJsonSchema } from "../../stacks/json-schema";

const ROOT = join(__dirname, "..", "..");
const DOCS = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`), "policies/README.md"];

/** Markdown link targets that are not URLs or in-page anchors. */
function localLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string).filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith("#"));
}

describe("links in README.md and docs/", () => {
  it.each(DOCS)("%s links only to files inside the repository", (doc) => {
    for (const target of localLinks(readFileSync(join(ROOT, doc), "utf8"))) {
      const file = resolve(ROOT, dirname(doc), target.replace(/#.*$/, ""));
      expect({ target, inside: !relative(ROOT, file).startsWith("..") }).toEqual({ target, inside: true });
      expect({ target, exists: existsSync(file) }).toEqual({ target, exists: true });
    }
  });

  it("the README points at the stack-file contract in docs/", () => {
    expect(localLinks(readFileSync(join(ROOT, "README.md"), "utf8"))).toContain("docs/stack-file.md");
  });
});

describe("docs/stack-file-reference.md", () => {
  const rows = fieldReference(stackJsonSchema())
    .split("\n")
    .filter((l) => l.startsWith("| `"))
    .map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));

  it("is the committed file", () => {
    expect(readFileSync(join(ROOT, "docs", "stack-file-reference.md"), "utf8")).toBe(fieldReference(stackJsonSchema()));
  });

  it("gives every field a meaning", () => {
    expect(rows.length).toBeGreaterThan(90);
    expect(rows.filter(([, , , , meaning]) => !meaning).map(([field]) => field)).toEqual([]);
  });

  it("names a map's entry type instead of cutting it off", () => {
    expect(rows.filter(([, type]) => /→\s*$/.test(type as string)).map(([field]) => field)).toEqual([]);
    expect(rows.find(([field]) => field === "`routes`")?.[1]).toBe("map of name → object");
  });

  it("writes angle brackets in meanings as entities, which GitHub would drop as tags", () => {
    expect(rows.filter(([, , , , meaning]) => /<|>/.test(meaning as string)).map(([field]) => field)).toEqual([]);
  });
});
