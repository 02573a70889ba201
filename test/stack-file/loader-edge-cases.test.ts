/**
 * Inputs at the edges of YAML and of JavaScript objects. parseStackFile must never throw and
 * must never accept a file whose references do not resolve. Tests marked "Was a bug" failed
 * before the commit they name.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStackFile } from "../../stacks/load";
import { DEV_BASE } from "./corpus-files";

const DEV = readFileSync(DEV_BASE, "utf8");
function devWith(find: string, replace: string): string {
  expect(DEV.split(find)).toHaveLength(2);
  return DEV.replace(find, replace);
}
function defectsOf(text: string): string[] {
  const result = parseStackFile(text, "edge.yaml");
  return result.ok ? [] : result.defects.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`);
}

describe("loader edge cases", () => {
  it("an empty file reports each required top-level field at 1:1", () => {
    expect(defectsOf("")).toEqual([
      "1:1 environment: is required (expected string)",
      "1:1 owner: is required (expected string)",
      "1:1 cloudflare: is required (expected object)",
      "1:1 aws: is required (expected object)",
      "1:1 gateway: is required (expected object)",
    ]);
  });

  it("a document that is a scalar or a list is reported as not a mapping", () => {
    expect(defectsOf("hello\n")).toEqual(["1:1 : expected object, received string"]);
    expect(defectsOf("- a\n- b\n")).toEqual(["1:1 : expected object, received array"]);
  });

  it("a second YAML document is a defect at the separator", () => {
    const defects = defectsOf(`${DEV}---\nfoo: bar\n`);
    expect(defects).toHaveLength(1);
    expect(defects[0]).toMatch(/^200:1 : invalid YAML: /);
  });

  it("CRLF line ends and a byte-order mark load like the plain file", () => {
    expect(parseStackFile(DEV.replace(/\n/g, "\r\n"), "crlf.yaml").ok).toBe(true);
    expect(parseStackFile(`\uFEFF${DEV}`, "bom.yaml").ok).toBe(true);
  });

  it("a number where a name is expected is reported at the value", () => {
    expect(defectsOf(devWith("primary: { model: openai/gpt-4.1, key: openai-main }", "primary: { model: openai/gpt-4.1, key: 12 }"))).toEqual([
      "57:44 routes.chat.primary.key: expected string, received number",
    ]);
  });

  // Was a bug (fixed in a9d89c9): doc.toJS() threw on an alias whose anchor is not defined; the error escapes
  // parseStackFile, the CLI prints "switchyard: Unresolved alias ...: <alias name>" (the name may be a
  // credential) and reports no position. Input: dev.yaml with `description: *nope`.
  it("an alias without an anchor is a positioned defect, not an exception", () => {
    const text = devWith("description: Development AI gateway for Acme's product teams", "description: *nope");
    let result: ReturnType<typeof parseStackFile> | undefined;
    expect(() => {
      result = parseStackFile(text, "edge.yaml");
    }).not.toThrow();
    expect(result?.ok).toBe(false);
    if (result && !result.ok) expect(result.defects.map((d) => `${d.line}:${d.col}`)).toEqual(["4:14"]);
  });

  // Was a bug (fixed in a9d89c9): an alias bomb made doc.toJS() throw "Excessive alias count ..." out of parseStackFile.
  it("an alias bomb is a defect at its first expanding alias, not an exception", () => {
    const bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";
    expect(defectsOf(bomb)).toEqual(["2:8 : invalid YAML: aliases expand too far (more than 100 nodes): write the values out"]);
  });

  // Was a bug (fixed in a9d89c9): references resolved with the `in` operator, so a workload that named
  // "constructor" (a valid name, inherited by every object) passed. Inputs: dev.yaml with
  // `routes: [summarize, constructor]`, `directKeys: [constructor]`, `alerts: [oncall, constructor]`.
  it("a reference to \"constructor\" is an unknown route", () => {
    expect(defectsOf(devWith("routes: [summarize, embed]", "routes: [summarize, constructor]"))).toEqual([
      '156:25 workloads.data-pipeline.routes[1]: unknown route "constructor"; declared: chat, summarize, embed',
    ]);
  });
  it("a reference to \"constructor\" is an unknown provider key", () => {
    expect(defectsOf(devWith("directKeys: [bedrock-research]", "directKeys: [constructor]"))).toHaveLength(1);
  });
  it("a reference to \"constructor\" is an unknown alert channel", () => {
    expect(defectsOf(devWith("alerts: [oncall, finance]", "alerts: [oncall, constructor]"))).toHaveLength(1);
  });
  // Same cause: stack.providerKeys["constructor"] was Object, so the message said `is for undefined`.
  it("a route target with key \"constructor\" is an unknown provider key, not a key \"for undefined\"", () => {
    const defects = defectsOf(devWith("rollback: { model: openai/gpt-4o, key: openai-main }", "rollback: { model: openai/gpt-4o, key: constructor }"));
    expect(defects).toHaveLength(1);
    expect(defects[0]).toMatch(/^62:44 routes\.chat\.rollback\.key: unknown provider key "constructor"/);
  });

  // Was a bug (fixed in a9d89c9): an entry named __proto__ vanished from the parsed object, so an
  // invalid name passed silently. Input: dev.yaml with `  __proto__: { email: a@acme.example }` under alerts.
  it("an entry named __proto__ is an invalid name, not silently dropped", () => {
    const defects = defectsOf(devWith("  pager: {", "  __proto__: { email: platform-oncall@acme.example }\n  pager: {"));
    expect(defects).toHaveLength(1);
    expect(defects[0]).toMatch(/^195:3 alerts(\.__proto__)?: invalid name "?__proto__/);
  });

  // Was a bug (fixed in a4c9710): after some flow-collection errors, yaml's LineCounter misses newlines, so the
  // later syntax defects were put lines too early (here 3), often on columns past the end of the line.
  // Input: dev.yaml with "([" inserted before "openai/gpt-4o" on line 62. The error offsets are right;
  // counting lines from the source text instead of the LineCounter gives the right positions.
  it("after a broken flow collection, each syntax defect quoting a token points at that token", () => {
    const text = devWith("rollback: { model: openai/gpt-4o,", "rollback: { model: ([openai/gpt-4o,");
    const result = parseStackFile(text, "edge.yaml");
    if (result.ok) throw new Error("should not load");
    const lines = text.split("\n");
    const quoting = result.defects.flatMap((d) => {
      const token = /token in YAML stream: "([^"\\]+)/.exec(d.message)?.[1]; // up to an escaped newline
      return token ? [{ at: `${d.line}:${d.col}`, token, found: (lines[d.line - 1] ?? "").slice(d.col - 1, d.col - 1 + token.length) }] : [];
    });
    expect(quoting.length).toBeGreaterThan(0);
    expect(quoting.filter((q) => q.found !== q.token)).toEqual([]);
  });

  // Was a bug: a collection used as a mapping key was placed at the start of the alerts mapping, as
  // offsetOf could not find the stringified key.
  it("a list used as an entry name is an invalid name", () => {
    const defects = defectsOf(devWith("  pager: {", "  ? [a, b]\n  : { email: platform-oncall@acme.example }\n  pager: {"));
    expect(defects).toHaveLength(1);
    expect(defects[0]).toMatch(/^195:[35] .*invalid name/);
  });

  it("keys are duplicates as YAML compares them: a repeated flow-map key is found, 1 and \"1\" are two keys", () => {
    // The loader finds duplicates itself (yaml's own check is quadratic in a mapping's size).
    expect(defectsOf(`${DEV}extra: { a: 1, b: 2, a: 3 }\n`).filter((d) => d.includes("duplicate key"))).toEqual([
      expect.stringMatching(/^200:\d+ extra\.a: duplicate key "a": already set on line 200; a key appears once in a mapping$/),
    ]);
    expect(defectsOf(`${DEV}extra: { 1: a, "1": b }\n`).filter((d) => d.includes("duplicate key"))).toEqual([]);
  });
});
