/**
 * `switchyard plan prod --base` on an `active` flip: both graphs of the route stay as they are
 * (no route replaced or deleted); only the front door's Worker is updated, its route table
 * naming the other graph. A graph edit, by contrast, replaces the graph (under a new name, so
 * the new route exists before the old one goes).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPlan } from "../../plan/run-plan";
import { FIXTURE_TODAY } from "./report-fixture";
import { scratchRepo, type ScratchRepo } from "../support/scratch-repo";

const ROOT = join(__dirname, "..", "..");
const prodYaml = readFileSync(join(ROOT, "stacks", "prod.yaml"), "utf8");
const policyConfigFile = join(ROOT, "policies", "config", "prod.json");
let repo: ScratchRepo;
let file: string;
const git = (...args: string[]) => repo.git(...args);

const chatBlock = /  chat:\n[\s\S]*?retries: 1\n/;
const flipped = prodYaml.replace(chatBlock, (block) => block.replace("active: primary", "active: rollback"));
// The new model gets its fallback price, as production requires (usageLedger.fallbackPrices).
const rollbackEdited = prodYaml
  .replace(chatBlock, (block) => block.replace("rollback: { model: openai/gpt-4o, key: openai-main }", "rollback: { model: openai/gpt-4o-mini, key: openai-main }"))
  .replace("    openai/gpt-4o: { perRequestUsd: 0.02 }", "    openai/gpt-4o: { perRequestUsd: 0.02 }\n    openai/gpt-4o-mini: { perRequestUsd: 0.004 }");

beforeAll(() => {
  expect(flipped).not.toBe(prodYaml);
  expect(rollbackEdited).not.toBe(prodYaml);
  repo = scratchRepo("switchyard-plan-flip-");
  mkdirSync(join(repo.dir, "stacks"));
  file = join(repo.dir, "stacks", "prod.yaml");
  writeFileSync(file, prodYaml);
  git("add", ".");
  git("commit", "-qm", "prod stack");
});
afterAll(() => repo?.remove());

describe("plan --base on routes", () => {
  it("active: rollback replaces and deletes nothing: the Worker's route table is the one change", { timeout: 120_000 }, async () => {
    writeFileSync(file, flipped);
    const { report } = await runPlan({ file, base: "HEAD", today: FIXTURE_TODAY, policyConfigFile });
    const changes = report.diff?.resources ?? [];
    expect(changes.filter((c) => c.action !== "update")).toEqual([]);
    expect(changes.filter((c) => c.type.endsWith("AiGatewayDynamicRouting"))).toEqual([]);
    // The route table travels in the script (runtime/front-door/script.ts): its content is what changes.
    expect(changes.find((c) => c.name === "front-door-worker")).toMatchObject({ action: "update", changedInputs: ["content"] });
    expect(report.diff?.entries.find((e) => e.section === "routes" && e.name === "chat")?.fields).toEqual([{ field: "active", old: "primary", new: "rollback" }]);
  });

  it("editing the rollback target replaces only the rollback graph, under a new name, and updates the Worker", { timeout: 120_000 }, async () => {
    writeFileSync(file, rollbackEdited);
    const { report } = await runPlan({ file, base: "HEAD", today: FIXTURE_TODAY, policyConfigFile });
    const changes = (report.diff?.resources ?? []).filter((c) => c.type.endsWith("AiGatewayDynamicRouting") || c.name === "front-door-worker");
    expect(changes.map((c) => [c.action, c.name])).toEqual([
      ["replace", "chat-rollback-route"],
      ["update", "front-door-worker"],
    ]);
    // `elements` is RequiresReplace at the provider; the new content-addressed `name` replaces by the Route's replaceOnChanges.
    expect(changes[0].replaceBecause).toEqual(["elements", "name"]);
    expect((report.diff?.resources ?? []).filter((c) => c.action === "delete")).toEqual([]);
  });
});
