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
import { cloudflareApiCalls } from "../../plan/cloudflare-api-calls";
import { lifecycleFindings } from "../../plan/lifecycle";
import { entryLocator } from "../../plan/locate-entry";
import { diffResources } from "../../plan/resource-diff";
import type { StackSpec } from "../../stacks/schema";
import { formatDefect, parseStackFile } from "../../stacks/load";
import { EDIT_CATALOGUE, type CatalogueEdit } from "./edit-catalogue";

const PROD = readFileSync(join(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
const now = new Date("2026-11-27T00:00:00Z");

interface Captured {
  text: string;
  spec: StackSpec;
  document: Parameters<typeof entryLocator>[2];
  resources: CapturedResource[];
}

async function capture(change: ((doc: Record<string, unknown>) => void)[], config?: Record<string, string>): Promise<Captured> {
  const doc = YAML.parse(PROD) as Record<string, unknown>;
  for (const c of change) c(doc);
  const text = YAML.stringify(doc);
  const loaded = parseStackFile(text, "prod.yaml");
  if (!loaded.ok) throw new Error(loaded.defects.map(formatDefect).join("\n"));
  return { text, spec: loaded.spec, document: loaded.document, resources: (await captureStack(loaded.spec, { now, ...(config ? { config } : {}) })).resources };
}

const short = (type: string) => type.split(":").at(-1);
/** "At most a handful of Cloudflare API calls per workload change" (issue 22). */
const CLOUDFLARE_CALLS_PER_WORKLOAD_EDIT = 5;
/** The catalogue's edits of one workload: itself, its gateway keys, its budget, its alerts. */
const WORKLOAD_EDIT = /workload|gateway key|budget/;
let unedited: Promise<Captured> | undefined;

async function plan(edit: CatalogueEdit) {
  const before = edit.before ? [edit.before] : [];
  const base = before.length ? await capture(before) : await (unedited ??= capture([]));
  const head = await capture([...before, ...(edit.edit ? [edit.edit] : [])], edit.config);
  const all = diffResources(base.resources, head.resources);
  const changes = all.filter((c) => c.action !== "same");
  const protectedInBase = new Set(base.resources.filter((r) => r.options.protect).map((r) => r.urn));
  const findings = lifecycleFindings({
    changes: all,
    base: base.spec,
    head: head.spec,
    baseResources: base.resources,
    headResources: head.resources,
    today: "2026-11-27",
    locate: entryLocator(head.text, "prod.yaml", head.document),
  });
  const line = (c: (typeof changes)[number]) => `${c.action} ${short(c.type)} ${c.name}`;
  return {
    actions: changes.map(line).sort(),
    refused: changes.filter((c) => (c.action === "replace" || c.action === "delete") && protectedInBase.has(c.urn)).map(line).sort(),
    failing: findings.filter((f) => f.level === "failing").map((f) => `${f.rule} ${f.field}`),
    cloudflareCalls: cloudflareApiCalls(head.resources, all, { file: "prod.yaml", line: 1, col: 1, path: "" }).thisChange,
  };
}

describe("the edit catalogue on the example prod stack", () => {
  it("names each edit once", () => {
    const names = EDIT_CATALOGUE.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const edit of EDIT_CATALOGUE) {
    it(`${edit.name}: ${edit.actions.length} resource action${edit.actions.length === 1 ? "" : "s"}${edit.refused ? ", refused in prod" : ""}`, { timeout: 60_000 }, async () => {
      const { actions, refused, failing, cloudflareCalls } = await plan(edit);
      expect(actions).toEqual([...edit.actions].sort());
      expect(refused).toEqual([...(edit.refused ?? [])].sort());
      // What pulumi up refuses fails the plan, and nothing else does.
      expect(failing.some((f) => f.startsWith("switchyard-lifecycle-refused")), failing.join("; ")).toBe(edit.refused !== undefined);
      if (edit.name === "change the front door hostname") expect(failing).toContain("switchyard-lifecycle-refused gateway.frontDoor.hostname");
      if (!edit.refused) expect(failing).toEqual([]);
      // An edit of one workload makes a handful of Cloudflare API calls at most (plan/cloudflare-api-calls.ts);
      // a route's or provider key's edit rewrites the key table entry of every workload that uses it.
      if (WORKLOAD_EDIT.test(edit.name)) expect(cloudflareCalls).toBeLessThanOrEqual(CLOUDFLARE_CALLS_PER_WORKLOAD_EDIT);
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
