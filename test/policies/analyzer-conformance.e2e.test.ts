/**
 * The policy pack as `pulumi preview --policy-pack ./policies` runs it, against `switchyard plan`:
 * the pack started exactly as the CLI's nodejs language host starts it (test/support/policy-pack.ts,
 * one process per environment config, reused), driven over gRPC with the engine's messages, finds
 * exactly what the offline plan finds (policy, level, severity, resource, message) for every example
 * stack, the unified-billing fixture, every example in a first preview (values unknown as the
 * engine sends them), a program whose components arrive without inputs, and every broken variant.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PolicyViolation } from "../../engine/analyze";
import type { CapturedResource } from "../../engine/capture";
import { PACK_NAME, PACK_VERSION } from "../../policies/pack";
import { allPolicies } from "../../policies/registry";
import { runPlan } from "../../plan/run-plan";
import { loadStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";
import { startPack, type PackProcess } from "../support/policy-pack";
import { VARIANTS } from "./broken-variants";
import { capture, configFile, environmentConfig, FAKE_SECRETS, fakeSecretsFor, judge } from "./e2e-support";
import { TODAY } from "./harness";

const ENVS = ["dev", "staging", "prod"] as const;
type Env = (typeof ENVS)[number];

const finding = (v: Pick<PolicyViolation, "enforcementLevel" | "severity" | "policyName" | "message"> & { urn?: string }) =>
  `${v.enforcementLevel} ${v.severity} ${v.policyName} @ ${v.urn ?? "stack"}: ${v.message}`;
const sorted = (values: string[]) => [...values].sort();

// One pack process per environment config, started on first use, one at a time (2 cores).
const packs = new Map<Env, Promise<PackProcess>>();
let starting: Promise<unknown> = Promise.resolve();
function packFor(env: Env): Promise<PackProcess> {
  let pack = packs.get(env);
  if (!pack) {
    pack = starting.then(() => startPack(env, { SWITCHYARD_TODAY: TODAY }));
    starting = pack.catch(() => undefined);
    packs.set(env, pack);
  }
  return pack;
}
afterAll(async () => {
  for (const pack of packs.values()) (await pack.catch(() => undefined))?.stop();
});

/** The findings of the pack started as the CLI starts it, for these resources under env's config. */
async function realAnalyzer(resources: readonly CapturedResource[], env: Env, config: Record<string, unknown> = environmentConfig(env)): Promise<string[]> {
  const pack = await packFor(env);
  return sorted((await pack.judge(resources, { config, stack: env, tags: { "switchyard:environment": env } })).map(finding));
}

/** Judged in process (as the plan judges) and by the real pack: asserts they agree, returns the findings. */
async function bothWays(resources: readonly CapturedResource[], env: Env): Promise<PolicyViolation[]> {
  const inProcess = await judge(resources, env);
  expect(await realAnalyzer(resources, env)).toEqual(sorted(inProcess.map(finding)));
  return inProcess;
}

const advisoryIps = (key: string, workload: string) =>
  `advisory switchyard-keys-allowed-ips: Gateway key "${key}" of workload "${workload}" can be used from any address. Set workloads.${workload}.keys[0].allowedIps to the CIDRs the workload calls from.`;
/** What each example stack is meant to get: nothing mandatory; dev and staging keys without allowedIps are advisories there. */
const EXPECTED: Record<Env, string[]> = {
  dev: [advisoryIps("support-dev", "support-summarizer"), advisoryIps("ops-copilot-dev", "ops-copilot"), advisoryIps("checkout-dev", "checkout-assistant")],
  staging: [advisoryIps("support-staging", "support-summarizer"), advisoryIps("ops-copilot-staging", "ops-copilot"), advisoryIps("checkout-staging", "checkout-assistant")],
  prod: [],
};
const brief = (v: PolicyViolation) => `${v.enforcementLevel} ${v.policyName}: ${v.message}`;
const example = (env: Env): StackSpec => structuredClone(loadStackFile(`stacks/${env}.yaml`)) as StackSpec;

describe("the pack started as the Pulumi CLI starts it", () => {
  it("serves every policy of the registry, named, levelled and described as in the code", async () => {
    const { info } = await packFor("prod");
    expect([info.getName(), info.getVersion()]).toEqual([PACK_NAME, PACK_VERSION]);
    expect(info.getPoliciesList().map((p) => [p.getName(), p.getDescription(), p.getRemediationSteps()])).toEqual(allPolicies.map((p) => [p.name, p.description, p.remediationSteps]));
  });
});

describe("example stacks: switchyard plan and the real analyzer agree", () => {
  it.each(ENVS)("stacks/%s.yaml", async (env) => {
    const spec = loadStackFile(`stacks/${env}.yaml`);
    const { report, resources } = await runPlan({ file: `stacks/${env}.yaml`, today: TODAY, config: fakeSecretsFor(spec) });
    const planned = report.violations.map((v) => finding({ ...v, ...(v.resource ? { urn: v.resource.urn } : {}) }));
    expect(await realAnalyzer(resources, env, configFile(env))).toEqual(sorted(planned));
    expect(sorted(report.violations.map((v) => `${v.enforcementLevel} ${v.policyName}: ${v.message}`))).toEqual(sorted(EXPECTED[env]));
    // Provider keys held credential-shaped values; none was reported, none echoed.
    for (const secret of Object.values(FAKE_SECRETS)) expect(planned.join("\n")).not.toContain(secret);
  });

  it("unified billing (test/fixtures/good/unified-billing.yaml, staging config): byokOnly off is what it declares, not a violation", async () => {
    const file = "test/fixtures/good/unified-billing.yaml";
    const { report, resources } = await runPlan({ file, today: TODAY, policyConfigFile: "policies/config/staging.json" });
    const planned = report.violations.map((v) => finding({ ...v, ...(v.resource ? { urn: v.resource.urn } : {}) }));
    expect(await realAnalyzer(resources, "staging", configFile("staging"))).toEqual(sorted(planned));
    // The fixture is minimal for the loader (no budget, no decision record, a 186-day key, none of the
    // safety controls staging advises): those findings, and no billing one.
    expect(sorted(report.violations.map((v) => v.policyName))).toEqual([
      "switchyard-budgets-required",
      "switchyard-budgets-required",
      "switchyard-decision-record-complete",
      "switchyard-gateway-dlp",
      "switchyard-gateway-guardrails",
      "switchyard-gateway-opentelemetry",
      "switchyard-keys-expiry",
      "switchyard-keys-families",
    ]);
  });
});

describe("a first preview: values unknown as the engine sends them", () => {
  it.each(ENVS)("stacks/%s.yaml judges as a later preview does, with no advisory that a policy can't run", async (env) => {
    const resources = await capture(example(env), { firstPreview: true });
    expect(resources.some((r) => JSON.stringify(r.inputs).includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9"))).toBe(true);
    expect(sorted((await bothWays(resources, env)).map(brief))).toEqual(sorted(EXPECTED[env]));
  });
});

describe("components without their inputs (PULUMI_NODEJS_SKIP_COMPONENT_INPUTS, or @pulumi/pulumi before 3.202.0)", () => {
  it("fail closed: one mandatory violation that says why and how to fix it, and nothing judged on empty inputs", async () => {
    process.env.PULUMI_NODEJS_SKIP_COMPONENT_INPUTS = "true";
    let resources: CapturedResource[];
    try {
      resources = await capture(example("dev"));
    } finally {
      delete process.env.PULUMI_NODEJS_SKIP_COMPONENT_INPUTS;
    }
    expect(resources.filter((r) => !r.custom).every((r) => Object.keys(r.inputs).length === 0)).toBe(true);
    expect((await bothWays(resources, "dev")).map(brief)).toEqual([
      'mandatory switchyard-pack-component-inputs: Component "dev" reached the policy pack without its inputs, so the policies that judge workloads, routes and provider keys cannot run. The program\'s @pulumi/pulumi is older than 3.202.0, or PULUMI_NODEJS_SKIP_COMPONENT_INPUTS is set: run the program with @pulumi/pulumi 3.202.0 or later (npm ci installs the pinned version) and unset PULUMI_NODEJS_SKIP_COMPONENT_INPUTS.',
    ]);
  });
});

describe("broken variants of the prod example: the intended policies fire, and no other, on both paths", () => {
  let baseline: Set<string>;
  beforeAll(async () => {
    baseline = new Set((await bothWays(await capture(example("prod")), "prod")).map(finding));
  });

  it("has at least 15 variants", () => {
    expect(VARIANTS.length).toBeGreaterThanOrEqual(15);
  });

  it.each(VARIANTS.map((v) => [v.name, v] as const))("%s", async (_name, variant) => {
    const spec = example("prod");
    variant.spec?.(spec as never);
    let resources = await capture(spec);
    if (variant.resources) resources = variant.resources(resources);
    const fresh = (await bothWays(resources, "prod")).filter((v) => !baseline.has(finding(v)));
    expect([...new Set(fresh.map((v) => v.policyName))].sort()).toEqual([...variant.expect].sort());
  });
});
