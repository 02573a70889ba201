/**
 * 1,000 generated workloads (stacks/generate-stack.ts: gateway, hybrid and direct) on one stack
 * (issue 22, DESIGN.md "Aim"): at most 4 resources and USD 0.75 of AWS a month per workload, and
 * nothing shared grows with them. The stack key's policy and the provider keys' secret policies are
 * the same document as with 10 workloads; every secret policy and every role's inline policies stay
 * under their vendor limits (vendor/limits.ts). 5,000 is left to `npm run bench -- scale` (a
 * capture of 5,000 takes minutes on a loaded machine).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { CaptureResult } from "../../engine/capture";
import { awsCost } from "../../plan/aws-cost";
import { generateStack } from "../../stacks/generate-stack";
import { parseStackFile } from "../../stacks/load";
import { VENDOR_LIMITS } from "../../vendor/limits";
import { capture, named, ofType, T } from "../support/mock-engine";

const WORKLOADS = 1_000;
/** DESIGN.md, "Aim". */
const MOST_RESOURCES_PER_WORKLOAD = 4;
const MOST_USD_PER_WORKLOAD = 0.75;

async function captureGenerated(workloads: number): Promise<CaptureResult> {
  const loaded = parseStackFile(stringify(generateStack(workloads, "prod"), { lineWidth: 0 }), `generated-${workloads}.yaml`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded).slice(0, 500));
  return capture(loaded.spec, { now: new Date("2026-11-27T12:00:00Z") });
}

const policyOf = (r: { inputs: Record<string, unknown> }) => String(r.inputs.policy);
const nonWhitespace = (text: string) => text.replace(/\s/g, "").length;

let small: CaptureResult;
let large: CaptureResult;
beforeAll(async () => {
  small = await captureGenerated(10);
  large = await captureGenerated(WORKLOADS);
}, 300_000);

describe(`${WORKLOADS} workloads on one stack`, () => {
  it(`at most ${MOST_RESOURCES_PER_WORKLOAD} resources per workload (the resources the clouds and the state hold, components not counted)`, () => {
    const custom = large.resources.filter((r) => r.custom).length;
    expect(custom / WORKLOADS).toBeLessThanOrEqual(MOST_RESOURCES_PER_WORKLOAD);
  });

  it(`at most USD ${MOST_USD_PER_WORKLOAD} of AWS per workload per month at list prices`, () => {
    const cost = awsCost(large.resources);
    expect(cost.workloads).toBe(WORKLOADS);
    expect(cost.perWorkloadUsd).toBeLessThanOrEqual(MOST_USD_PER_WORKLOAD);
  });

  it("the stack key's policy and the provider keys' secret policies are the documents of a 10-workload stack", () => {
    expect(policyOf(named(large, T.kmsKey, "prod-secrets-key"))).toBe(policyOf(named(small, T.kmsKey, "prod-secrets-key")));
    expect(Buffer.byteLength(policyOf(named(large, T.kmsKey, "prod-secrets-key")))).toBeLessThanOrEqual(VENDOR_LIMITS.kmsKeyPolicyBytes.figure);
    for (const secret of ofType(large, T.secret).filter((s) => s.name.startsWith("provider-keys-"))) {
      expect({ secret: secret.name, policy: policyOf(secret) }).toEqual({ secret: secret.name, policy: policyOf(named(small, T.secret, secret.name)) });
    }
  });

  it("every secret policy and every role's inline policies are under their vendor limits", () => {
    for (const secret of ofType(large, T.secret).filter((s) => s.inputs.policy !== undefined)) {
      expect(policyOf(secret).length, secret.name).toBeLessThanOrEqual(VENDOR_LIMITS.secretPolicyCharacters.figure);
    }
    const byRole = new Map<string, number>();
    for (const p of ofType(large, T.rolePolicy)) byRole.set(String(p.inputs.role), (byRole.get(String(p.inputs.role)) ?? 0) + nonWhitespace(policyOf(p)));
    expect(byRole.size).toBeGreaterThan(WORKLOADS / 4);
    for (const [role, characters] of byRole) expect(characters, role).toBeLessThanOrEqual(VENDOR_LIMITS.iamRoleInlinePolicyCharacters.figure);
  });
});
