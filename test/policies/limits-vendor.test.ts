/**
 * switchyard-limits-vendor: one case per limit on synthetic resources (the field that grows it,
 * the measured size against the figure of vendor/limits.ts), then captured stacks: the examples
 * break none, and where today's design breaks a limit on a generated stack the policy reports it.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import type { CapturedResource } from "../../engine/capture";
import { limitsVendor } from "../../policies/rules/limits-vendor";
import { TYPES } from "../../policies/support/types";
import { generateStack } from "../../stacks/generate-stack";
import { parseStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { VENDOR_LIMITS } from "../../vendor/limits";
import { capture, EXAMPLE_STACKS, loadExample } from "../support/mock-engine";
import { workload } from "./fixtures";
import { fields, messages, resource, run, UNKNOWN_STRING } from "./harness";

const L = VENDOR_LIMITS;
const stack = resource(TYPES.AiGatewayStack, "prod", {});
const ledger = resource(TYPES.UsageLedger, "usage-ledger", {}, { parent: stack });
const frontDoor = resource(TYPES.FrontDoor, "front-door", {}, { parent: stack });
const app = workload();
const W = "checkout-assistant";
const text = (bytes: number) => "x".repeat(bytes);
const arns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:sns:us-east-1:210987654321:topic-${i}`);

/** Fields and messages the policy reports, side by side. */
async function findings(resources: CapturedResource[], settings?: Record<string, unknown>) {
  const result = await run(limitsVendor, resources, settings ? { settings } : {});
  return result.violations.map((v) => ({ field: (v.path ?? []).map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, ""), message: v.message }));
}

describe("switchyard-limits-vendor on synthetic resources", () => {
  it("Lambda environment: names and values together, over the limit; the exporter's few variables are no stack file's doing", async () => {
    const lambda = (bytes: number) =>
      resource(TYPES.LambdaFunction, "usage-ledger-export", { environment: { variables: { SWITCHYARD_WORKLOADS: text(bytes - "SWITCHYARD_WORKLOADSOTHER_VARxLEDGER_BUCKET".length), OTHER_VAR: "x", LEDGER_BUCKET: UNKNOWN_STRING } } }, { parent: ledger });
    expect(await findings([stack, ledger, lambda(L.lambdaEnvironmentBytes.figure)])).toEqual([]);
    expect(await findings([stack, ledger, lambda(L.lambdaEnvironmentBytes.figure + 1)])).toEqual([
      {
        field: "",
        message: `Lambda function "usage-ledger-export"'s environment (names and values together) is 4,001 bytes; the limit is 4,000 bytes. Largest: SWITCHYARD_WORKLOADS (3,978 bytes), LEDGER_BUCKET (13 bytes). Move large values out of environment variables. ${NOT_FROM_A_STACK_FILE}`,
      },
    ]);
  });

  it("Worker variables: each one's size, a secret's size but never its value, and their count per plan", async () => {
    const binding = (name: string, bytes: number, type = "plain_text") => ({ name, type, text: text(bytes) });
    const worker = (bindings: object[]) => resource(TYPES.WorkersScript, "front-door-worker", { bindings }, { parent: frontDoor });
    const big = L.workersVariableBytes.figure + 1;
    const found = await findings([stack, frontDoor, worker([binding("ACCOUNT_ID", big), binding("GATEWAY_TOKEN", big, "secret_text"), binding("ENVIRONMENT", 4), { name: "KEYS", type: "kv_namespace", namespaceId: "n" }])]);
    // The front door binds a fixed few variables (components/front-door.ts): no stack file grows them.
    expect(found.map((f) => f.field)).toEqual(["", ""]);
    expect(found[0].message).toBe(`Worker "front-door-worker"'s variable ACCOUNT_ID is 5,001 bytes; the limit is 5,000 bytes. Keep data that grows out of environment variables. ${NOT_FROM_A_STACK_FILE}`);
    expect(found[1].message).not.toContain("xxxx");

    const many = Array.from({ length: L.workersVariablesFree.figure + 1 }, (_, i) => binding(`VAR_${i}`, 1));
    expect(await findings([stack, frontDoor, worker(many)])).toEqual([
      { field: "", message: `Worker "front-door-worker"'s environment variables (secret and text) is 65 entries; the limit is 64 entries. That is the Workers free plan's limit (setting workersPlan). Bind fewer variables. ${NOT_FROM_A_STACK_FILE}` },
    ]);
    expect(await findings([stack, frontDoor, worker(many)], { workersPlan: "paid" })).toEqual([]);
  });

  it("Worker script: its size after compression (it carries the route and rate-limit tables) per plan, at workloads", async () => {
    // Base64 of random bytes barely compresses: about 3.6 MB gzipped, over Free's 3 MB and under Paid's 10 MB.
    const content = randomBytes(3_600_000).toString("base64");
    const worker = resource(TYPES.WorkersScript, "front-door-worker", { content, bindings: [] }, { parent: frontDoor });
    const found = await findings([stack, frontDoor, worker]);
    expect(found).toEqual([
      {
        field: "workloads",
        message: expect.stringMatching(
          /^Worker "front-door-worker"'s script after compression is 3,\d{3},\d{3} bytes; the limit is 3,000,000 bytes\. It carries every route under routes \(with its renamedFrom labels\) and the limit of every workload with a rateLimit: declare fewer routes or workloads\.<name>\.rateLimit entries in the stack file/,
        ),
      },
    ]);
    expect(await findings([stack, frontDoor, worker], { workersPlan: "paid" })).toEqual([]);
    expect(await findings([stack, frontDoor, resource(TYPES.WorkersScript, "front-door-worker", { content: "x".repeat(20_000_000), bindings: [] }, { parent: frontDoor })])).toEqual([]);
  });

  it("KMS key policy: the components' key policies name no reader, so no stack file grows one", async () => {
    const key = (bytes: number) => resource(TYPES.KmsKey, "prod-secrets-key", { policy: text(bytes) }, { parent: stack });
    expect(await fields(limitsVendor, [stack, key(L.kmsKeyPolicyBytes.figure)])).toEqual([]);
    expect(await findings([stack, key(L.kmsKeyPolicyBytes.figure + 1)])).toEqual([
      { field: "", message: `KMS key "prod-secrets-key"'s policy is 32,769 bytes; the limit is 32,768 bytes. Shorten the key policy. ${NOT_FROM_A_STACK_FILE}` },
    ]);
  });

  it("Secrets Manager policy: the components' name at most one reader role, so no stack file grows one", async () => {
    const secret = (name: string, tags: Record<string, string>) => resource(TYPES.Secret, name, { policy: text(L.secretPolicyCharacters.figure + 1), tags });
    const found = await findings([secret("provider-keys-openai-main-secret", { "switchyard:provider-key": "openai-main" }), secret(`${W}-keys`, { "switchyard:workload": W })]);
    expect(found.map((f) => f.field)).toEqual(["", ""]);
    expect(found[0].message).toBe(`Secrets Manager secret "provider-keys-openai-main-secret"'s resource policy is 20,481 characters; the limit is 20,480 characters. Shorten the secret's policy. ${NOT_FROM_A_STACK_FILE}`);
    expect(await findings([resource(TYPES.Secret, "s", { policy: text(L.secretPolicyCharacters.figure), tags: {} })])).toEqual([]);
  });

  it("IAM inline policies: counted together per role, white space not counted, at the last workload sharing the role", async () => {
    const names = ["a-app", "b-app", "c-app"];
    const parents = names.map((n) => workload({ workload: n }));
    const third = Math.ceil((L.iamRoleInlinePolicyCharacters.figure + 1) / 3);
    const rolePolicy = (i: number, padding: string) => resource(TYPES.RolePolicy, `${names[i]}-direct-keys-read`, { role: "shared-reader", policy: text(third) + padding }, { parent: parents[i] });
    const found = await findings([...parents, ...[0, 1, 2].map((i) => rolePolicy(i, ""))]);
    expect(found).toEqual([
      {
        field: "workloads.c-app.readerRoleArn",
        message: `The 3 inline policies this stack puts on IAM role "shared-reader" (white space not counted) is 10,242 non-whitespace characters; the limit is 10,240 non-whitespace characters. Workloads a-app, b-app and c-app name the role as workloads.<name>.readerRoleArn: give each a role of its own in the stack file, or grant their reads in one managed policy.`,
      },
    ]);
    const smaller = Math.floor(L.iamRoleInlinePolicyCharacters.figure / 3);
    const spaced = [0, 1, 2].map((i) => resource(TYPES.RolePolicy, `${names[i]}-p`, { role: "shared-reader", policy: `${text(smaller)}${" \n".repeat(500)}` }, { parent: parents[i] }));
    expect(await findings([...parents, ...spaced])).toEqual([]);
    const ownRoles = [0, 1, 2].map((i) => resource(TYPES.RolePolicy, `${names[i]}-own`, { role: names[i], policy: text(third) }, { parent: parents[i] }));
    expect(await findings([...parents, ...ownRoles])).toEqual([]);
  });

  it("alarm actions per state: a workload's at its alerts, the ledger's at usageLedger.alerts", async () => {
    const mine = resource(TYPES.MetricAlarm, `${W}-budget-80pct`, { alarmActions: arns(6) }, { parent: app });
    const ledgers = resource(TYPES.MetricAlarm, "usage-ledger-heartbeat", { alarmActions: arns(5), okActions: arns(6) }, { parent: ledger });
    expect(await findings([stack, ledger, app, mine, ledgers])).toEqual([
      { field: `workloads.${W}.alerts`, message: `Alarm "${W}-budget-80pct"'s alarmActions is 6 entries; the limit is 5 entries. Each alert channel is one action: list at most 5 channels in workloads.${W}.alerts in the stack file.` },
      { field: "usageLedger.alerts", message: 'Alarm "usage-ledger-heartbeat"\'s okActions is 6 entries; the limit is 5 entries. Each alert channel is one action: list at most 5 channels in usageLedger.alerts in the stack file.' },
    ]);
  });

  it("Workers KV: key name and metadata sizes (no stack file's doing), the value (the key's scope) at the workload; an unknown key name is not measured", async () => {
    const entry = (inputs: Record<string, unknown>) => resource(TYPES.WorkersKv, `${W}-key-k-entry`, { namespaceId: UNKNOWN_STRING, value: "{}", ...inputs }, { parent: app });
    expect(await fields(limitsVendor, [app, entry({ keyName: text(513) }), entry({ keyName: "k", metadata: { note: text(1_024) } }), entry({ keyName: "k", value: text(L.kvValueBytes.figure + 1) })])).toEqual(["", "", `workloads.${W}`]);
    expect(await messages(limitsVendor, [app, entry({ keyName: text(513) }), entry({ keyName: "k", value: text(L.kvValueBytes.figure + 1) })])).toEqual([
      `Workers KV entry "${W}-key-k-entry"'s key name is 513 bytes; the limit is 512 bytes. ${NOT_FROM_A_STACK_FILE}`,
      `Workers KV entry "${W}-key-k-entry"'s value is 26,214,401 bytes; the limit is 26,214,400 bytes. It holds the key's scope: list fewer routes, models and allowedIps under workloads.${W}.`,
    ]);
    expect(await findings([app, entry({ keyName: UNKNOWN_STRING }), entry({ keyName: text(512), metadata: { n: text(1_000) } })])).toEqual([]);
  });

  it("spend-limit rules per gateway point at workloads", async () => {
    const gateway = (rules: number) => resource(TYPES.AiGateway, "acme-prod-ai-gateway", { spendLimits: { enabled: true, rules: Array.from({ length: rules }, (_, i) => ({ id: `r${i}` })) } });
    expect(await findings([gateway(L.aiGatewaySpendRules.figure)])).toEqual([]);
    expect(await fields(limitsVendor, [gateway(L.aiGatewaySpendRules.figure + 1)])).toEqual(["workloads"]);
  });

  it("AWS Budgets: notifications at the thresholds, subscribers at the alerts, the name at the workload", async () => {
    const notification = (sns: number, emails: number) => ({ threshold: 50, subscriberSnsTopicArns: arns(sns), subscriberEmailAddresses: Array.from({ length: emails }, (_, i) => `m${i}@acme.example`) });
    const budget = (name: string, notifications: object[]) => resource(TYPES.Budget, `${W}-bedrock-budget`, { name, notifications }, { parent: app });
    expect(await findings([app, budget("ok", [1, 2, 3, 4, 5].map(() => notification(1, 10)))])).toEqual([]);
    expect(await fields(limitsVendor, [app, budget(text(101), [1, 2, 3, 4, 5, 6].map(() => notification(2, 11)))])).toEqual([
      `workloads.${W}`,
      `workloads.${W}.budget.alertAtPercent`,
      `workloads.${W}.alerts`,
      `workloads.${W}.alerts`,
    ]);
  });
});

/** A generated stack, loaded as the loader would, then edited. */
function generated(workloads: number, edit: (w: Record<string, { path: string; readerRoleArn: string }>) => void = () => {}): StackSpec {
  const input = generateStack(workloads) as unknown as { workloads: Record<string, { path: string; readerRoleArn: string }> };
  edit(input.workloads);
  const result = parseStackFile(stringify(input, { lineWidth: 0 }), "prod.yaml");
  if (!result.ok) throw new Error(result.defects.map((d) => d.message).join("\n"));
  return result.spec;
}

describe("switchyard-limits-vendor on captured stacks", () => {
  it.each(EXAMPLE_STACKS)("the %s example breaks no limit", { timeout: 60_000 }, async (env) => {
    const { resources } = await capture(loadExample(env), { firstPreview: true });
    expect(await findings(resources)).toEqual([]);
  });

  it("200 workloads: the policy reports the exporter's environment exactly when its measured size is over the limit", { timeout: 120_000 }, async () => {
    const { resources } = await capture(generated(200), { firstPreview: true });
    const lambda = resources.find((r) => r.type === TYPES.LambdaFunction) as CapturedResource;
    const variables = (lambda.inputs.environment as { variables: Record<string, string> }).variables;
    const size = Object.entries(variables).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + (v === UNKNOWN_STRING ? 0 : Buffer.byteLength(v)), 0);
    expect(size).toBeGreaterThan(0);
    const reported = (await findings(resources)).filter((f) => f.message.startsWith(`Lambda function "${lambda.name}"`));
    expect(reported.length).toBe(size > L.lambdaEnvironmentBytes.figure ? 1 : 0);
    if (reported.length) expect(reported[0]).toMatchObject({ field: "", message: expect.stringContaining(`is ${size.toLocaleString("en-US")} bytes`) });
  });

  // Issue 26: a stack file `validate` accepts, whose plan fails in the stack file's own words.
  it("one workload reading 160 provider keys directly: validate passes, and the violation names readerRoleArn and directKeys", { timeout: 60_000 }, async () => {
    const dev = readFileSync(join(__dirname, "..", "..", "stacks", "dev.yaml"), "utf8");
    const labels = Array.from({ length: 160 }, (_, i) => `bedrock-${i}`);
    const keys = labels
      .map((l) => `  ${l}:\n    provider: aws-bedrock\n    source: { awsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/${l}-Ab12Cd" }\n    owner: research@acme.example\n    rotation: { everyDays: 180, lastRotated: 2026-09-01 }\n    providerAccount: { id: "123456789012", contract: pay-as-you-go }\n`)
      .join("");
    const text = dev.replace("providerKeys:\n", `providerKeys:\n${keys}`).replace("directKeys: [bedrock-research]", `directKeys: [bedrock-research, ${labels.join(", ")}]`);
    const loaded = parseStackFile(text, "dev.yaml");
    if (!loaded.ok) throw new Error(loaded.defects.map((d) => d.message).join("\n"));
    const { resources } = await capture(loaded.spec);
    expect(await findings(resources)).toEqual([
      {
        field: "workloads",
        message: expect.stringMatching(
          /^The inline policy this stack puts on IAM role "research-dev" \(white space not counted\) is [\d,]+ non-whitespace characters; the limit is 10,240 non-whitespace characters\. Switchyard's grant on it lists every provider key read directly by the workloads whose readerRoleArn names role "research-dev": in the stack file, give some of them a workloads\.<name>\.readerRoleArn of their own, or list fewer keys in their workloads\.<name>\.directKeys\./,
        ),
      },
    ]);
  });

  it("100 hybrid and direct workloads sharing one reader role: one grant on the role, far under its limit (one policy per workload broke it)", { timeout: 120_000 }, async () => {
    const spec = generated(200, (w) => {
      for (const entry of Object.values(w)) if (entry.path !== "gateway") entry.readerRoleArn = "arn:aws:iam::123456789012:role/shared-reader";
    });
    const { resources } = await capture(spec);
    const rolePolicies = resources.filter((r) => r.type === TYPES.RolePolicy && r.inputs.role === "shared-reader");
    expect(rolePolicies.map((r) => r.name)).toEqual(["provider-keys-reader-shared-reader"]);
    // The generated workloads read two provider keys between them: the grant lists those two.
    expect(JSON.parse(String(rolePolicies[0].inputs.policy)).Statement[0].Resource).toHaveLength(2);
    expect(String(rolePolicies[0].inputs.policy).replace(/\s/g, "").length).toBeLessThan(L.iamRoleInlinePolicyCharacters.figure / 10);
    expect((await findings(resources)).filter((f) => f.message.includes('IAM role "shared-reader"'))).toEqual([]);
  });
});
