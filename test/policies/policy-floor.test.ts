/**
 * The production floor (policies/floor.ts, switchyard-policy-floor): a prod stack's policy config
 * cannot disable or weaken the policies that judge it, whether the pack is started as the Pulumi
 * CLI starts it and spoken to over gRPC, or run in process as the offline plan runs it.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { PolicyViolation } from "../../engine/analyze";
import { levelRank, PRODUCTION_FLOOR } from "../../policies/floor";
import { allPolicies } from "../../policies/registry";
import { loadStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";
import { startPack, type PackProcess } from "../support/policy-pack";
import { runPolicies } from "../../engine/analyze";
import { capture, environmentConfig } from "./e2e-support";
import { TODAY } from "./harness";

const example = (env: string): StackSpec => structuredClone(loadStackFile(`stacks/${env}.yaml`)) as StackSpec;
const floorFindings = (found: PolicyViolation[]) =>
  found
    .filter((v) => v.policyName === "switchyard-policy-floor")
    .map((v) => `${v.enforcementLevel} ${v.message}`)
    .sort();

/** The weakened configs of the issue: everything off, and one policy at a time. */
const WEAKENED: Array<[string, Record<string, unknown>, string[]]> = [
  ["all disabled", { all: "disabled" }, Object.keys(PRODUCTION_FLOOR)],
  ["all advisory", { all: "advisory" }, Object.entries(PRODUCTION_FLOOR).filter(([, f]) => f.level === "mandatory").map(([n]) => n)],
  ["allowed IPs advisory", { "switchyard-keys-allowed-ips": "advisory" }, ["switchyard-keys-allowed-ips"]],
  ["guardrails disabled", { "switchyard-gateway-guardrails": "disabled" }, ["switchyard-gateway-guardrails"]],
  ["key lifetime 3,650 days", { "switchyard-keys-expiry": { maxKeyLifetimeDays: 3650 } }, ["switchyard-keys-expiry"]],
  ["the floor policy itself disabled", { "switchyard-policy-floor": "disabled" }, ["switchyard-policy-floor"]],
];
/** prod.json with the change; an `all` level replaces the file, as the PR of the issue does (dates still judged as of TODAY). */
function weakenedProd(change: Record<string, unknown>): Record<string, unknown> {
  if (!("all" in change)) return { ...environmentConfig("prod"), ...change };
  const dated = Object.entries(environmentConfig("prod")).filter(([, v]) => typeof v === "object" && v !== null && "today" in v);
  return { ...change, ...Object.fromEntries(dated.map(([name]) => [name, { today: TODAY }])) };
}

describe("the floor in code", () => {
  it("names every policy of the registry, each at or below its level in code", () => {
    expect(Object.keys(PRODUCTION_FLOOR).sort()).toEqual(allPolicies.map((p) => p.name).sort());
    for (const p of allPolicies) expect(levelRank(p.enforcementLevel), p.name).toBeGreaterThanOrEqual(levelRank(PRODUCTION_FLOOR[p.name]!.level));
  });
});

describe("in process (switchyard plan's path)", () => {
  it("the prod example with its own config is at its floor", async () => {
    expect(floorFindings(await runPolicies(await capture(example("prod")), { config: environmentConfig("prod") }))).toEqual([]);
  });

  it.each(WEAKENED)("%s: one mandatory floor violation per weakened policy, naming it and the config file", async (_name, change, weakened) => {
    const found = floorFindings(await runPolicies(await capture(example("prod")), { config: weakenedProd(change) }));
    expect(found).toHaveLength(weakened.length);
    for (const name of weakened) expect(found.some((f) => f.startsWith(`mandatory Policy ${name} is weakened`) && f.includes("policies/config/prod.json"))).toBe(true);
  });

  it("dev has no floor: its config may switch everything off", async () => {
    expect(floorFindings(await runPolicies(await capture(example("dev")), { config: { all: "disabled" } }))).toEqual([]);
  });
});

describe("the pack started as the Pulumi CLI starts it, over gRPC (pulumi preview's path)", () => {
  let pack: PackProcess | undefined;
  afterAll(() => pack?.stop());

  it("fails a prod preview whose config disables everything, and one that lowers a policy, as the plan does", async () => {
    pack = await startPack("prod", { SWITCHYARD_TODAY: TODAY });
    const resources = await capture(example("prod"));
    for (const [, change, weakened] of [WEAKENED[0]!, WEAKENED[2]!, WEAKENED[5]!]) {
      const overGrpc = await pack.judge(resources, { config: weakenedProd(change), stack: "prod", tags: {} });
      expect(floorFindings(overGrpc)).toEqual(floorFindings(await runPolicies(resources, { config: weakenedProd(change) })));
      expect(floorFindings(overGrpc)).toHaveLength(weakened.length);
      expect(overGrpc.filter((v) => v.enforcementLevel === "mandatory").length).toBeGreaterThan(0);
    }
    expect(floorFindings(await pack.judge(resources, { config: environmentConfig("prod"), stack: "prod", tags: {} }))).toEqual([]);
  });
});
