/**
 * engine/analyze.ts hands the policies what the engine sends @pulumi/policy 1.21's analyzer:
 * levels and settings reconciled as the CLI does, unknown values, notApplicable, stackTags,
 * secrets unwrapped, resource policies on inputs, stack policies on outputs with parents,
 * dependencies and per-input dependencies, and field paths as data.
 */
import type { ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { evaluatePolicies, runPolicies } from "../../engine/analyze";
import { keysAllowedIps } from "../../policies/rules/keys-allowed-ips";
import { reportAt } from "../../policies/support/location";
import { validateTypes } from "../../policies/support/of-type";
import type { SwitchyardResourcePolicy, SwitchyardStackPolicy } from "../../policies/support/policy";
import { workload } from "./fixtures";
import { resource, UNKNOWN_STRING } from "./harness";

const probe = (validate: SwitchyardResourcePolicy["validateResource"]): SwitchyardResourcePolicy => ({
  name: "switchyard-test-probe",
  description: "probe",
  severity: "low",
  enforcementLevel: "mandatory",
  configSchema: { properties: { limit: { type: "integer", default: 3 } } },
  remediationSteps: "none",
  unknownValues: "probe",
  validateResource: validate,
});

describe("policy evaluation (engine/analyze.ts)", () => {
  it("resolves the level from the policy's entry, then `all`, then the policy's default; disabled skips, remediate reports mandatory", async () => {
    const bad = [workload({ keys: [{ name: "k", expiresOn: "2027-01-01" }] })];
    const level = async (config: Record<string, unknown>) => (await evaluatePolicies([keysAllowedIps], bad, { config })).violations.map((v) => v.enforcementLevel);
    expect(await level({})).toEqual(["mandatory"]);
    expect(await level({ all: "advisory" })).toEqual(["advisory"]);
    expect(await level({ all: "advisory", "switchyard-keys-allowed-ips": "mandatory" })).toEqual(["mandatory"]);
    expect(await level({ "switchyard-keys-allowed-ips": { enforcementLevel: "disabled" } })).toEqual([]);
    expect(await level({ "switchyard-keys-allowed-ips": "remediate" })).toEqual(["mandatory"]);
  });

  it("hands policies their settings without enforcementLevel, stackTags, and unwrapped secrets", async () => {
    let seen: ResourceValidationArgs | undefined;
    let secret: unknown;
    const policy = probe((args) => {
      seen = args;
      secret = args.props.password;
    });
    const r = resource("aws:secretsmanager/secretVersion:SecretVersion", "v", { password: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" } }, { protect: true });
    await evaluatePolicies([policy], [r], { config: { "switchyard-test-probe": { enforcementLevel: "advisory", limit: 5 } }, stackTags: { team: "platform" } });
    expect(seen?.getConfig()).toEqual({ limit: 5 });
    expect(seen?.stackTags.get("team")).toBe("platform");
    expect(seen?.opts.protect).toBe(true);
    expect(seen?.urn).toBe(r.urn);
    expect(secret).toBe("hunter2");
  });

  it("turns a read of an unknown value into the analyzer's advisory 'can't run during preview'", async () => {
    const policy = probe((args, report) => {
      if (args.props.arn === "x") report("never");
    });
    const result = await evaluatePolicies([policy], [resource("aws:sns/topic:Topic", "t", { arn: UNKNOWN_STRING })], { config: {} });
    expect(result.violations.map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", "can't run policy 'switchyard-test-probe' from policy pack 'switchyard@v0.1.0' during preview: string value at .arn can't be known during preview"],
    ]);
  });

  it("records notApplicable() instead of a violation, and skips other types without calling the policy", async () => {
    let calls = 0;
    const policy = probe(
      validateTypes("aws:sns/topic:Topic", (_p, args) => {
        calls++;
        args.notApplicable("nothing to see");
      }),
    );
    const result = await evaluatePolicies([policy], [resource("aws:sns/topic:Topic", "t", {}), resource("aws:kms/key:Key", "k", {})], { config: {} });
    expect(result.violations).toEqual([]);
    expect(calls).toBe(1);
    expect(result.notApplicable).toEqual([{ policyName: "switchyard-test-probe", target: "urn:pulumi:test::switchyard::aws:sns/topic:Topic::t", reason: "nothing to see" }]);
  });

  it("gives stack policies every resource with parent and dependencies as resource objects, and maps reported URNs back", async () => {
    let args: StackValidationArgs | undefined;
    const policy: SwitchyardStackPolicy = {
      name: "switchyard-test-stack",
      description: "probe",
      severity: "high",
      enforcementLevel: "mandatory",
      configSchema: { properties: {} },
      remediationSteps: "none",
      unknownValues: "probe",
      validateStack: (a, report) => {
        args = a;
        report("child is wrong", a.resources[2].urn);
        report("stack-wide problem");
      },
    };
    const parent = resource("switchyard:index:Alerts", "alerts", {});
    const key = resource("aws:kms/key:Key", "key", {}, { parent });
    const topic = resource("aws:sns/topic:Topic", "topic", {}, { parent, dependsOn: [key] });
    const violations = await runPoliciesWith(policy, [parent, key, topic]);
    expect(args?.resources[2].parent?.urn).toBe(parent.urn);
    expect(args?.resources[2].dependencies.map((d) => d.name)).toEqual(["key"]);
    expect(violations).toEqual([
      { policyName: "switchyard-test-stack", severity: "high", enforcementLevel: "mandatory", message: "child is wrong", urn: topic.urn, resourceType: "aws:sns/topic:Topic", resourceName: "topic" },
      { policyName: "switchyard-test-stack", severity: "high", enforcementLevel: "mandatory", message: "stack-wide problem" },
    ]);
  });

  it("fills settings the config leaves out with the schema's defaults, as the CLI does before configuring the pack", async () => {
    let seen: object | undefined;
    const policy = probe((args) => void (seen = args.getConfig()));
    await evaluatePolicies([policy], [resource("aws:sns/topic:Topic", "t", {})], { config: {} });
    expect(seen).toEqual({ limit: 3 });
  });

  it("resource policies see inputs; stack policies see outputs, with per-input dependencies as resource objects", async () => {
    const seen: Record<string, unknown> = {};
    const onResource = probe((args) => void (seen.resource = { ...args.props }));
    const onStack: SwitchyardStackPolicy = {
      name: "switchyard-test-stack-view",
      description: "probe",
      severity: "low",
      enforcementLevel: "mandatory",
      configSchema: { properties: {} },
      remediationSteps: "none",
      unknownValues: "probe",
      validateStack: (a) => {
        const w = a.resources.find((r) => r.type === "switchyard:index:Workload");
        seen.stack = { ...w?.props };
        seen.deps = Object.fromEntries(Object.entries(a.resources[2]?.propertyDependencies ?? {}).map(([k, v]) => [k, v.map((d) => d.name)]));
      },
    };
    const workload = resource("switchyard:index:Workload", "w", { workload: "w", owner: "team@acme.example" }, { outputs: { workload: "w", keySecretArn: "arn:x" } });
    const key = resource("aws:kms/key:Key", "key", {});
    const topic = resource("aws:sns/topic:Topic", "topic", { kmsMasterKeyId: "arn:key" }, { propertyDependencies: { kmsMasterKeyId: [key] } });
    await evaluatePolicies([onResource], [workload], { config: {} });
    await evaluatePolicies([onStack], [workload, key, topic], { config: {} });
    expect(seen).toEqual({ resource: { workload: "w", owner: "team@acme.example" }, stack: { workload: "w", keySecretArn: "arn:x" }, deps: { kmsMasterKeyId: ["key"] } });
  });

  it("carries the stack-file field a policy reported (reportAt) as data on the finding", async () => {
    const policy = probe((_args, report) => reportAt(report, ["workloads", "w", "keys", 0], "bad key"));
    const result = await evaluatePolicies([policy], [resource("aws:sns/topic:Topic", "t", {})], { config: {} });
    expect(result.violations.map((v) => [v.message, v.path])).toEqual([["bad key", ["workloads", "w", "keys", 0]]]);
  });

  it("rejects an invalid config before running anything, naming each problem", async () => {
    await expect(runPolicies([], { config: { "switchyard-keys-expiry": { maxKeyLifetimeDays: "ninety" }, "switchyard-no-such-policy": "mandatory", all: "sometimes" } })).rejects.toThrow(
      ['policy pack config is invalid:', '  - /: unknown policy "switchyard-no-such-policy"', "  - /all: must be one of advisory, mandatory, remediate, disabled", "  - /switchyard-keys-expiry/maxKeyLifetimeDays: must be integer"].join("\n"),
    );
  });
});

async function runPoliciesWith(policy: SwitchyardStackPolicy, resources: Parameters<typeof evaluatePolicies>[1]) {
  return (await evaluatePolicies([policy], resources, { config: {} })).violations;
}
