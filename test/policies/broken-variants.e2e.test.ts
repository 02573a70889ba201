/**
 * For each broken variant of the prod example, the intended policies fire and no other: the
 * violations beyond the unbroken example's are exactly those policies'.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PolicyViolation } from "../../plan/run-policies";
import { loadStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";
import { VARIANTS } from "./broken-variants";
import { capture, describeViolation, judge } from "./e2e-support";

let baseline: Set<string>;
const prod = () => structuredClone(loadStackFile("stacks/prod.yaml")) as StackSpec;

async function violationsOf(variant: (typeof VARIANTS)[number]): Promise<PolicyViolation[]> {
  const spec = prod();
  variant.spec?.(spec as never);
  let resources = await capture(spec);
  if (variant.resources) resources = variant.resources(resources);
  return judge(resources, "prod");
}

describe("broken variants of the prod example", () => {
  beforeAll(async () => {
    baseline = new Set((await judge(await capture(prod()), "prod")).map(describeViolation));
  });

  it("has at least 15 variants", () => {
    expect(VARIANTS.length).toBeGreaterThanOrEqual(15);
  });

  it.each(VARIANTS.map((v) => [v.name, v] as const))("%s", async (_name, variant) => {
    const fresh = (await violationsOf(variant)).filter((v) => !baseline.has(describeViolation(v)));
    expect([...new Set(fresh.map((v) => v.policyName))].sort()).toEqual([...variant.expect].sort());
  });
});
