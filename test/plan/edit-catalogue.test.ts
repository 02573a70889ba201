/**
 * Every edit of the catalogue (test/plan/edit-catalogue.ts) planned against the example prod stack
 * under the mock engine, the way `switchyard plan --base` plans it: exactly the resource actions
 * the catalogue states, the protected resources it would replace or delete (what `pulumi up`
 * refuses) exactly as stated, and no gateway key a client holds replaced.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { captureStack, type CapturedResource } from "../../engine/capture";
import { diffResources } from "../../plan/resource-diff";
import { formatDefect, parseStackFile } from "../../stacks/load";
import { EDIT_CATALOGUE, type CatalogueEdit } from "./edit-catalogue";

const PROD = readFileSync(join(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
const now = new Date("2026-11-27T00:00:00Z");

async function capture(change: ((doc: Record<string, unknown>) => void)[], config?: Record<string, string>): Promise<CapturedResource[]> {
  const doc = YAML.parse(PROD) as Record<string, unknown>;
  for (const c of change) c(doc);
  const loaded = parseStackFile(YAML.stringify(doc), "prod.yaml");
  if (!loaded.ok) throw new Error(loaded.defects.map(formatDefect).join("\n"));
  return (await captureStack(loaded.spec, { now, ...(config ? { config } : {}) })).resources;
}

const short = (type: string) => type.split(":").at(-1);
let unedited: Promise<CapturedResource[]> | undefined;

async function plan(edit: CatalogueEdit) {
  const before = edit.before ? [edit.before] : [];
  const base = before.length ? await capture(before) : await (unedited ??= capture([]));
  const head = await capture([...before, ...(edit.edit ? [edit.edit] : [])], edit.config);
  const changes = diffResources(base, head).filter((c) => c.action !== "same");
  const protectedInBase = new Set(base.filter((r) => r.options.protect).map((r) => r.urn));
  const line = (c: (typeof changes)[number]) => `${c.action} ${short(c.type)} ${c.name}`;
  return {
    actions: changes.map(line).sort(),
    refused: changes.filter((c) => (c.action === "replace" || c.action === "delete") && protectedInBase.has(c.urn)).map(line).sort(),
  };
}

describe("the edit catalogue on the example prod stack", () => {
  it("names each edit once", () => {
    const names = EDIT_CATALOGUE.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const edit of EDIT_CATALOGUE) {
    it(`${edit.name}: ${edit.actions.length} resource action${edit.actions.length === 1 ? "" : "s"}${edit.refused ? ", refused in prod" : ""}`, { timeout: 60_000 }, async () => {
      const { actions, refused } = await plan(edit);
      expect(actions).toEqual([...edit.actions].sort());
      expect(refused).toEqual([...(edit.refused ?? [])].sort());
      // A key a client holds is never regenerated: random bytes are only created or, once removed from the file, deleted.
      expect(actions.filter((a) => a.startsWith("replace RandomBytes"))).toEqual([]);
    });
  }
});

describe("docs/day-two.md", () => {
  it("has a row for every edit of the catalogue, saying refused in prod where the catalogue does", () => {
    const doc = readFileSync(join(__dirname, "..", "..", "docs", "day-two.md"), "utf8");
    const rows = doc.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| edit |")).map((l) => l.replace(/`/g, ""));
    for (const edit of EDIT_CATALOGUE) {
      const row = rows.find((r) => r.slice(2).startsWith(edit.name));
      expect(row, edit.name).toBeDefined();
      expect(row?.includes("refused in prod"), edit.name).toBe(edit.refused !== undefined);
    }
  });
});
