/**
 * Indentation and layout mistakes are named at the line that is wrong, with what to do, and
 * without the follow-on errors the YAML parser produces after them. Each case edits one line of
 * test/fixtures/good/dev-base.yaml (fixed positions) and expects exactly the defects listed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { layoutDefects } from "../../stacks/indentation";
import { formatDefect, parseStackFile } from "../../stacks/load";
import { BAD_DIR, BAD_FILES, DEV_BASE, GOOD_FILES } from "./corpus-files";

const BASE = readFileSync(DEV_BASE, "utf8");

/** dev-base.yaml with `find` (which must occur once) replaced, validated; its defects as text. */
function defectsAfter(find: string, replace: string): string[] {
  expect(BASE.split(find), find).toHaveLength(2);
  const result = parseStackFile(BASE.replace(find, replace), "dev.yaml");
  return result.ok ? [] : result.defects.map(formatDefect);
}

describe("an indentation mistake is named at its line", () => {
  // Was: dev.yaml:17:14: invalid YAML: Nested mappings are not allowed in compact mappings (line 17, the line before), twice.
  it("a field indented deeper than its siblings", () => {
    expect(defectsAfter("    collect: true\n    maxStored:", "    collect: true\n      maxStored:")).toEqual([
      'dev.yaml:18:7: gateway.logs: "maxStored" starts at column 7, its siblings at column 5 ("collect", line 17): indent it to column 5',
    ]);
  });

  // Was: dev.yaml:18:1: All mapping items must start at the same column, then two follow-ons at 18:15.
  it("a field indented less than its siblings", () => {
    expect(defectsAfter("    collect: true\n    maxStored:", "    collect: true\n   maxStored:")).toEqual([
      'dev.yaml:18:4: gateway.logs: "maxStored" starts at column 4, its siblings at column 5 ("collect", line 17): indent it to column 5',
    ]);
  });

  // Was: errors at 17:13 and 18:16, none saying that line 17 is the odd one out.
  it("the first field of a mapping at another column than the rest: the rest win", () => {
    expect(defectsAfter("  logs:\n    collect: true", "  logs:\n   collect: true")).toEqual([
      'dev.yaml:17:4: gateway.logs: "collect" starts at column 4, its siblings at column 5 ("maxStored", line 18): indent it to column 5',
    ]);
  });

  it("a list item out of line with the others", () => {
    expect(defectsAfter("      - { model: mistral/mistral-large-latest", "     - { model: mistral/mistral-large-latest")).toEqual([
      "dev.yaml:61:6: routes.chat.fallbacks: this list item starts at column 6, the other items at column 7 (line 60): indent it to column 7",
    ]);
  });

  // Was: one tab error, then 11 follow-ons ("Nested mappings ...", "All mapping items must start at the same column") down to line 22.
  it("a tab in the indentation is one defect", () => {
    expect(defectsAfter("  logs:\n    collect: true", "  logs:\n\tcollect: true")).toEqual(["dev.yaml:17:1: tab used for indentation: YAML indents with spaces"]);
  });
});

describe("a field outside its entry, duplicates, missing fields", () => {
  // Was: dev.yaml:65:3: routes.timeoutMs: invalid name: expected a name of a-z, 0-9 and -, ... (a route called timeoutMs).
  it("a dedented timeoutMs is a field of the route above, not a route named timeoutMs", () => {
    expect(defectsAfter("    timeoutMs: 30000\n    retries: 1\n  summarize:", "    retries: 1\n  timeoutMs: 30000\n  summarize:")).toEqual([
      'dev.yaml:65:3: routes.timeoutMs: "timeoutMs" is a field of routes.chat, written one level too far left: indent it under "chat" (line 55)',
    ]);
  });

  it("a dedented region is a field of aws, and aws is not reported empty", () => {
    expect(defectsAfter("  region: eu-west-1\n", "region: eu-west-1\n")).toEqual(['dev.yaml:10:1: region: "region" is a field of aws, written one level too far left: indent it under "aws" (line 9)']);
  });

  // Was: dev.yaml:73:5: duplicate key: names are unique within a mapping (no field path, no first occurrence).
  it("a duplicate key names its field path and the line it first appears on", () => {
    expect(defectsAfter("    timeoutMs: 15000\n", "    timeoutMs: 15000\n    timeoutMs: 16000\n")).toEqual([
      'dev.yaml:73:5: routes.summarize.timeoutMs: duplicate key "timeoutMs": already set on line 72; a key appears once in a mapping',
    ]);
  });

  // Was: dev.yaml:33:5, the line of the entry's next field.
  it("a missing required field points at the mapping that lacks it", () => {
    const defects = defectsAfter("  anthropic-main:\n    provider: anthropic\n", "  anthropic-main:\n");
    expect(defects[0]).toMatch(/^dev\.yaml:32:3: providerKeys\.anthropic-main\.provider: is required /);
  });
});

describe("the layout reader", () => {
  it("finds nothing in any valid stack file", () => {
    for (const file of GOOD_FILES) expect({ file, defects: layoutDefects(readFileSync(file, "utf8")) }).toEqual({ file, defects: [] });
  });

  it("finds nothing in the bad corpus's files whose YAML parses (their defects are elsewhere)", () => {
    for (const name of BAD_FILES.filter((f) => !f.startsWith("yaml-"))) {
      const text = readFileSync(`${BAD_DIR}/${name}`, "utf8");
      expect({ name, defects: layoutDefects(text) }).toEqual({ name, defects: [] });
    }
  });

  it("reads block scalars, flow collections over several lines and plain multi-line values as values", () => {
    const text = ["a:", "  b: |", "    text", "      more text", "  c: [1,", "        2]", "  d: plain", "     continued", "  e:", "  - x", "  - y: 1", "    z: 2", ""].join("\n");
    expect(layoutDefects(text)).toEqual([]);
  });
});
