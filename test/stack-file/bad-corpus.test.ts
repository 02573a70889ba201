/**
 * Each file of test/fixtures/bad holds one defect; the loader must report exactly that defect
 * (line, column, field path, message), and nothing else. Expectations live in bad-corpus.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDefect, loadStackFile, parseStackFile, StackFileError } from "../../stacks/load";
import { BAD_CASES } from "./bad-corpus";
import { BAD_DIR, BAD_FILES as files, DEV_BASE } from "./corpus-files";

describe("bad-input corpus", () => {
  it("has at least 45 fixtures, each with an expectation and each expectation with a fixture", () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
    expect(files.map((f) => f.replace(/\.yaml$/, "")).sort()).toEqual(Object.keys(BAD_CASES).sort());
  });

  it("covers every level of defect", () => {
    const levels = new Set(Object.values(BAD_CASES).map((c) => c.level));
    expect([...levels].sort()).toEqual(["credential", "rule", "shape", "syntax"]);
  });

  for (const file of files) {
    const name = file.replace(/\.yaml$/, "");
    const expected = BAD_CASES[name];
    const test = expected?.bug ? it.fails : it;
    test(`${file}: ${expected?.bug ? `KNOWN BUG (${expected.bug})` : "reports exactly its defect"}`, () => {
      const text = readFileSync(join(BAD_DIR, file), "utf8");
      const result = parseStackFile(text, file);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const actual = result.defects.map((d) => [d.line, d.col, d.path, d.message]);
      expect(actual).toEqual(expected.defects);
      for (const d of result.defects) expect(d.file).toBe(file);
    });
  }

  it("loadStackFile throws StackFileError whose message is one FILE:LINE:COL: path: message line per defect", () => {
    const file = join(BAD_DIR, "renamed-required-field.yaml");
    let thrown: unknown;
    try {
      loadStackFile(file);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(StackFileError);
    const error = thrown as StackFileError;
    expect(error.defects).toHaveLength(2);
    expect(error.message.split("\n")).toEqual([
      `${file}:138:3: workloads.research-lab.owner: is required (expected string)`,
      `${file}:139:5: workloads.research-lab.ownr: unknown field "ownr" (did you mean "owner"?)`,
    ]);
    expect(error.defects.map(formatDefect)).toEqual(error.message.split("\n"));
  });

  // Was a bug: a shape defect outside providerKeys/routes/workloads/alerts (here environment: Dev)
  // skipped every rule check, so the unknown alert channel on line 130 went unreported.
  it("reports every defect at once: a top-level shape defect does not hide rule defects", () => {
    const dev = readFileSync(DEV_BASE, "utf8");
    const both = dev.replace("environment: dev", "environment: Dev").replace("alerts: [oncall, finance]", "alerts: [oncall, fnance]");
    const result = parseStackFile(both, "both.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.defects.map((d) => `${d.line}:${d.col} ${d.path}`)).toEqual(["2:14 environment", "130:22 workloads.search-indexer.alerts[1]"]);
  });

  it("reports every defect at once: two fixtures' defects combined in one file give both", () => {
    // ref-alert changes line 130, range-timeout-ms line 72: apply both changes to one copy of the base.
    const dev = readFileSync(DEV_BASE, "utf8");
    const both = dev.replace("alerts: [oncall, finance]", "alerts: [oncall, fnance]").replace("timeoutMs: 15000", "timeoutMs: 50");
    const result = parseStackFile(both, "both.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.defects.map((d) => `${d.line}:${d.col} ${d.path}`)).toEqual(["72:16 routes.summarize.timeoutMs", "130:22 workloads.search-indexer.alerts[1]"]);
  });
});
