/**
 * engine/capture.ts: what the mock-engine run returns, and how it behaves across runs.
 */
import { afterEach, describe, expect, it } from "vitest";
import { engineUrn } from "../../engine/capture";
import type { StackSpec } from "../../stacks/schema";
import { capture, editable, loadExample, named, ofType, T } from "../support/mock-engine";

const NOW = new Date("2026-11-27T00:00:00Z");
const comparable = (r: Awaited<ReturnType<typeof capture>>) => r.resources.map((x) => JSON.stringify(x)).sort();

afterEach(() => {
  delete process.env.PULUMI_NODEJS_SKIP_COMPONENT_INPUTS;
});

describe("captureStack", () => {
  it("URNs follow the engine's rule: the parent's whole type chain, no root stack", () => {
    expect(engineUrn("dev", "switchyard", "", "switchyard:index:AiGatewayStack", "dev")).toBe("urn:pulumi:dev::switchyard::switchyard:index:AiGatewayStack::dev");
    const alerts = engineUrn("dev", "switchyard", "urn:pulumi:dev::switchyard::switchyard:index:AiGatewayStack::dev", "switchyard:index:Alerts", "alerts");
    expect(engineUrn("dev", "switchyard", alerts, "aws:sns/topic:Topic", "t")).toBe("urn:pulumi:dev::switchyard::switchyard:index:AiGatewayStack$switchyard:index:Alerts$aws:sns/topic:Topic::t");
  });

  it("can run twice, even concurrently, in one process, with identical results", async () => {
    const spec = loadExample("dev");
    const [a, b] = await Promise.all([capture(spec, { now: NOW }), capture(spec, { now: NOW })]);
    expect(a.resources.length).toBeGreaterThan(50);
    expect(comparable(b)).toEqual(comparable(a));
    expect(b.outputs).toEqual(a.outputs);
  });

  it("returns component resources with their inputs, parents and children", async () => {
    const result = await capture(loadExample("dev"), { now: NOW });
    const stack = named(result, T.stack, "dev");
    expect(stack).toMatchObject({ custom: false, inputs: { environment: "dev" } });
    expect(stack.parent).toBeUndefined();
    const workload = named(result, T.workloadComponent, "checkout-assistant");
    expect(workload.custom).toBe(false);
    expect(workload.parent).toBe(stack.urn);
    expect(named(result, T.secret, "checkout-assistant-keys").parent).toBe(workload.urn);
  });

  it("with PULUMI_NODEJS_SKIP_COMPONENT_INPUTS set, components reach the engine without inputs (policies would see none); custom resources keep theirs", async () => {
    process.env.PULUMI_NODEJS_SKIP_COMPONENT_INPUTS = "1";
    const result = await capture(loadExample("dev"), { now: NOW });
    for (const component of result.resources.filter((r) => !r.custom)) expect(component.inputs).toEqual({});
    expect(named(result, T.aiGateway, "acme-dev-ai-gateway").inputs.authentication).toBe(true);
  });

  it("records the options the engine receives: protect, dependencies, deleteBeforeReplace", async () => {
    const result = await capture(loadExample("prod"), { now: NOW });
    expect(named(result, T.aiGateway, "acme-prod-ai-gateway").options.protect).toBe(true);
    expect(named(result, T.route, "chat-route").options.deleteBeforeReplace).toBeUndefined(); // graphs are created before the old ones go
    expect(named(result, T.route, "chat-route").options.protect).toBeUndefined();
    const key = named(result, T.kmsKey, "prod-secrets-key");
    expect(named(result, T.secret, "checkout-assistant-keys").dependencies).toContain(key.urn);
    const byok = named(result, T.byok, "provider-keys-byok-openai");
    expect(byok.options).toMatchObject({ protect: true, deleteBeforeReplace: true, additionalSecretOutputs: ["secret"] });
    expect(byok.dependencies).toContain(named(result, T.aiGateway, "acme-prod-ai-gateway").urn);
  });

  it("records outputs as the engine stores them (a component's registerOutputs, a custom resource's answer) and per-input dependencies", async () => {
    const result = await capture(loadExample("prod"), { now: NOW });
    const workload = named(result, T.workloadComponent, "checkout-assistant");
    expect(workload.outputs).toMatchObject({ environment: "prod", workload: "checkout-assistant", routes: ["chat"], keys: [{ name: "checkout-prod" }], sourcesOfRecord: { billingSourceOfRecord: "gateway", usageSourceOfRecord: "gateway" } });
    expect(Object.keys(workload.outputs).sort()).toEqual(["environment", "keyDigests", "keySecretArn", "keys", "models", "routes", "sourcesOfRecord", "workload"]);
    expect(named(result, T.gatewayComponent, "acme-prod").outputs).toEqual({ gatewayId: "acme-prod", environment: "prod", billing: "byok" });
    const key = named(result, T.kmsKey, "prod-secrets-key");
    expect(key.outputs.arn).toMatch(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//);
    expect(named(result, T.secret, "checkout-assistant-keys").propertyDependencies.kmsKeyId).toEqual([key.urn]);
  });

  it("in a first preview, what providers compute is unknown, as the engine sends it; data sources still answer", async () => {
    const result = await capture(loadExample("prod"), { now: NOW, firstPreview: true });
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(named(result, T.secret, "checkout-assistant-keys").inputs.kmsKeyId).toBe(UNKNOWN);
    expect(named(result, T.kv, "checkout-assistant-key-checkout-prod-entry").inputs.keyName).toBe(UNKNOWN);
    expect(JSON.parse(named(result, T.kmsKey, "prod-secrets-key").inputs.policy as string).Statement.length).toBeGreaterThan(0);
  });

  it("a program error rejects with its message, and the next run still works", async () => {
    const spec: StackSpec = editable(loadExample("dev"));
    // What the loader would refuse, handed straight to the program: the FrontDoor component throws.
    spec.workloads["checkout-assistant"].rateLimit = { requestsPerMinute: 1.5 };
    await expect(capture(spec, { now: NOW })).rejects.toThrow('FrontDoor "front-door": rateLimits.checkout-assistant 1.5 is not a whole number of requests per minute');
    const next = await capture(loadExample("dev"), { now: NOW });
    expect(ofType(next, T.workloadComponent)).toHaveLength(Object.keys(loadExample("dev").workloads).length);
  });

  it("config secrets default to placeholders, and given config wins", async () => {
    const spec = loadExample("dev");
    const defaulted = await capture(spec, { now: NOW });
    expect(named(defaulted, T.secretVersion, "provider-keys-openai-main-secret-version").inputs.secretString).toBe("<placeholder:openaiApiKey>");
    const given = await capture(spec, { now: NOW, config: { openaiApiKey: "<given>" } });
    expect(named(given, T.secretVersion, "provider-keys-openai-main-secret-version").inputs.secretString).toBe("<given>");
  });
});
