import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BYOK_PROVIDER_CONFIG_TYPE } from "../../components/contract";
import { captureStack, type CapturedResource } from "../../engine/capture";
import { hasReplaceRules, replacingInputs } from "../../plan/replace-rules";
import { generateStackYaml } from "../../stacks/generate-stack";
import { loadStackFile, parseStackFile } from "../../stacks/load";
import { REPLACE_ON_CHANGE } from "../../vendor/replace-on-change";

const ROOT = join(__dirname, "..", "..");
const NOW = new Date("2026-12-01T00:00:00Z");

let resources: CapturedResource[] = [];
beforeAll(async () => {
  const specs = readdirSync(join(ROOT, "stacks"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => loadStackFile(join(ROOT, "stacks", f)));
  // Every path (gateway, hybrid, direct) and both kinds of provider key source.
  const generated = parseStackFile(generateStackYaml(8), "generated.yaml");
  if (!generated.ok) throw new Error(generated.defects.map((d) => d.message).join("\n"));
  for (const spec of [...specs, generated.spec]) resources.push(...(await captureStack(spec, { now: NOW })).resources);
}, 120_000);

const one = (type: string): CapturedResource => {
  const r = resources.find((x) => x.type === type);
  if (!r) throw new Error(`no ${type} captured`);
  return r;
};
const changed = (r: CapturedResource, patch: Record<string, unknown>) => replacingInputs(r.type, r.inputs, { ...r.inputs, ...patch });

describe("every custom type the program creates has replace rules from its provider's source", () => {
  it("no custom type without rules (a missing one would show every change as an in-place update)", () => {
    const custom = [...new Set(resources.filter((r) => r.custom).map((r) => r.type))].sort();
    expect(custom.length).toBeGreaterThanOrEqual(30);
    expect(custom.filter((t) => !hasReplaceRules(t))).toEqual([]);
  });

  it("an unknown type has none", () => {
    expect(hasReplaceRules("aws:ec2/instance:Instance")).toBe(false);
  });

  it("each rule names a Pulumi input of its type (checked against the package's .d.ts) and cites a provider file and field", () => {
    for (const [type, rules] of Object.entries(REPLACE_ON_CHANGE)) {
      const [pkg, mod, name] = type.split(":");
      const [dir, file] = mod.split("/");
      const dts = readFileSync(join(ROOT, "node_modules", "@pulumi", pkg, ...(dir === "index" ? [] : [dir]), `${file}.d.ts`), "utf8");
      const args = dts.slice(dts.indexOf(`export interface ${name}Args {`));
      for (const rule of rules) {
        expect(args, `${type} ${rule.input}`).toMatch(new RegExp(`\\n {4}${rule.input.split(".")[0]}\\??: `));
        expect(rule.source, `${type} ${rule.input}`).toMatch(/^terraform-provider-(aws|cloudflare|random)\b.* \S+\.go: \S+ (ForceNew|\S*RequiresReplace\S*)/);
      }
    }
  });
});

describe("rule families", () => {
  it("SecretVersion: a new secretString replaces; a change of versionStages does not", () => {
    const v = one("aws:secretsmanager/secretVersion:SecretVersion");
    expect(changed(v, { secretString: "another-value" })).toEqual(["secretString"]);
    expect(changed(v, { versionStages: ["AWSCURRENT", "extra"] })).toEqual([]);
  });

  it("WorkersCustomDomain: hostname replaces", () => {
    expect(changed(one("cloudflare:index/workersCustomDomain:WorkersCustomDomain"), { hostname: "ai2.example.com" })).toEqual(["hostname"]);
  });

  it("WorkersScript: a content change updates in place; scriptName replaces", () => {
    const s = one("cloudflare:index/workersScript:WorkersScript");
    expect(changed(s, { content: "export default {}" })).toEqual([]);
    expect(changed(s, { scriptName: "renamed" })).toEqual(["scriptName"]);
  });

  it("AiGatewayDynamicRouting: elements replace; a rename does not (name has no RequiresReplace)", () => {
    const g = one("cloudflare:index/aiGatewayDynamicRouting:AiGatewayDynamicRouting");
    expect(changed(g, { elements: [] })).toEqual(["elements"]);
    expect(changed(g, { name: "renamed" })).toEqual([]);
  });

  it("AiGateway: the gateway id replaces; its settings do not", () => {
    const g = one("cloudflare:index/aiGateway:AiGateway");
    expect(changed(g, { aiGatewayId: "other" })).toEqual(["aiGatewayId"]);
    expect(changed(g, { cacheTtl: 1234 })).toEqual([]);
  });

  it("RandomBytes: length and keepers replace", () => {
    const b = one("random:index/randomBytes:RandomBytes");
    expect(changed(b, { length: 99 })).toEqual(["length"]);
    expect(changed(b, { keepers: { rotated: "yes" } })).toEqual(["keepers"]);
  });

  it("autonamed names: a renamed Role, MetricAlarm (alarm_name) or Lambda (function_name) replaces", () => {
    expect(changed(one("aws:iam/role:Role"), { name: "renamed" })).toEqual(["name"]);
    expect(changed(one("aws:cloudwatch/metricAlarm:MetricAlarm"), { name: "renamed" })).toEqual(["name"]);
    expect(changed(one("aws:lambda/function:Function"), { name: "renamed", timeout: 61 })).toEqual(["name"]);
  });

  it("Lambda Permission has no update: its function (function_name) replaces", () => {
    expect(changed(one("aws:lambda/permission:Permission"), { function: "other" })).toEqual(["function"]);
  });

  it("SNS subscription: endpoint replaces, a filter policy does not", () => {
    const s = one("aws:sns/topicSubscription:TopicSubscription");
    expect(changed(s, { endpoint: "other@example.com" })).toEqual(["endpoint"]);
    expect(changed(s, { filterPolicy: "{}" })).toEqual([]);
  });

  it("a regional AWS resource moved to another region replaces; IAM has no region rule", () => {
    expect(changed(one("aws:sns/topic:Topic"), { region: "eu-west-1" })).toEqual(["region"]);
    expect(replacingInputs("aws:iam/role:Role", {}, { region: "eu-west-1" })).toEqual([]);
  });

  it("a nested path: only objectLockConfiguration.objectLockEnabled replaces a Bucket, not the rest of that input", () => {
    const T = "aws:s3/bucket:Bucket";
    const before = { bucket: "b", objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "GOVERNANCE", days: 1 } } } };
    expect(replacingInputs(T, before, { ...before, objectLockConfiguration: { ...before.objectLockConfiguration, rule: { defaultRetention: { mode: "GOVERNANCE", days: 2 } } } })).toEqual([]);
    expect(replacingInputs(T, before, { ...before, objectLockConfiguration: { objectLockEnabled: undefined } })).toEqual(["objectLockConfiguration.objectLockEnabled"]);
    // A list on the path is compared element by element.
    expect(replacingInputs(T, { objectLockConfiguration: [{ objectLockEnabled: "Enabled" }] }, { objectLockConfiguration: [{ objectLockEnabled: "Enabled" }, {}] })).toEqual(["objectLockConfiguration.objectLockEnabled"]);
  });

  it("BYOK provider config (ours): a provider change replaces, its key updates in place", () => {
    const c = one(BYOK_PROVIDER_CONFIG_TYPE);
    expect(changed(c, { providerSlug: "anthropic" })).toEqual(["providerSlug"]);
    expect(changed(c, { secret: "another" })).toEqual([]);
  });

  it("a resource's replaceOnChanges option replaces on its paths too, `*` on any input", () => {
    const T = "cloudflare:index/aiGatewayDynamicRouting:AiGatewayDynamicRouting";
    expect(replacingInputs(T, { name: "a", elements: [] }, { name: "b", elements: [] })).toEqual([]);
    expect(replacingInputs(T, { name: "a", elements: [] }, { name: "b", elements: [] }, ["name"])).toEqual(["name"]);
    expect(replacingInputs("aws:s3/bucket:Bucket", { tags: { a: "1" } }, { tags: { a: "2" } }, ["*"])).toEqual(["tags"]);
    expect(replacingInputs("aws:s3/bucket:Bucket", { tags: { a: "1" } }, { tags: { a: "1" } }, ["*"])).toEqual([]);
  });
});
