/**
 * Broken variants of the prod example, each meant to trip exactly the policies it names. Most
 * edit the stack spec in memory (past the loader, as a hand-edited or future-dated file would
 * be); the ones marked "resource" edit what the program produced, for misconfigurations the
 * components never make on their own (a policy must still catch them). A resource edit changes
 * what the engine would hold on both sides: the inputs (Analyze) and the outputs (AnalyzeStack).
 */
import type { CapturedResource } from "../../engine/capture";
import { TYPES } from "../../policies/support/types";
import type { StackSpec } from "../../stacks/schema";

type Spec = { -readonly [K in keyof StackSpec]: StackSpec[K] };
export interface Variant {
  name: string;
  /** Policies that must fire, and no other. */
  expect: string[];
  spec?: (spec: Spec) => void;
  resources?: (resources: CapturedResource[]) => CapturedResource[];
}

const FAKE_KEY = ["sk", "proj", "VariantFakeKeyValue0123456789"].join("-");

function edit(resources: CapturedResource[], match: (r: CapturedResource) => boolean, change: (props: Record<string, unknown>) => void): CapturedResource[] {
  const target = resources.find(match);
  if (!target) throw new Error("variant: no resource matched");
  change(target.inputs);
  change(target.outputs);
  return resources;
}

export const VARIANTS: Variant[] = [
  { name: "a key expiring in 200 days", expect: ["switchyard-keys-expiry"], spec: (s) => void (s.workloads["checkout-assistant"].keys[0].expiresOn = "2027-06-15") },
  { name: "a prod key without allowedIps", expect: ["switchyard-keys-allowed-ips"], spec: (s) => void delete s.workloads["support-summarizer"].keys[0].allowedIps },
  { name: "rollback equal to primary", expect: ["switchyard-routes-rollback-target"], spec: (s) => void (s.routes.chat.rollback = { ...s.routes.chat.primary }) },
  // Issue 23, item 4: a fallback equal to its primary (same model, same key) passed in prod.
  { name: "a fallback equal to the primary", expect: ["switchyard-routes-fallback-distinct"], spec: (s) => void (s.routes.chat.fallbacks = [{ ...s.routes.chat.primary }, ...s.routes.chat.fallbacks]) },
  { name: "canary at 80%", expect: ["switchyard-routes-canary-bound"], spec: (s) => void (s.routes.chat.canary = { ...s.routes.chat.canary!, percent: 80 }) },
  { name: "a gateway workload without budget", expect: ["switchyard-budgets-required"], spec: (s) => void delete s.workloads["ops-copilot"].budget },
  { name: "a decision review date passed", expect: ["switchyard-decision-review-due"], spec: (s) => void (s.workloads["research-lab"].decision!.reviewDate = "2026-11-01") },
  { name: "protect: false in prod", expect: ["switchyard-protection-required"], spec: (s) => void (s.gateway.protect = false) },
  { name: "a decision record without invoice reviewer", expect: ["switchyard-decision-record-complete"], spec: (s) => void delete s.workloads["search-indexer"].decision!.invoiceReviewer },
  { name: "a direct workload naming no provider-native controls", expect: ["switchyard-decision-direct-controls"], spec: (s) => void (s.workloads["research-lab"].decision!.providerNativeControls = []) },
  { name: "a directly read key without provider account", expect: ["switchyard-decision-direct-controls"], spec: (s) => void delete s.providerKeys["bedrock-research"].providerAccount },
  { name: "a provider key overdue for rotation", expect: ["switchyard-secrets-rotation-due"], spec: (s) => void (s.providerKeys["mistral-main"].rotation = { everyDays: 90, lastRotated: "2026-05-01" }) },
  { name: "a route without fallbacks", expect: ["switchyard-routes-fallback"], spec: (s) => void (s.routes.summarize.fallbacks = []) },
  { name: "a wildcard model in a workload's scope", expect: ["switchyard-keys-scope"], spec: (s) => void (s.workloads["checkout-assistant"].models = ["openai/*"]) },
  { name: "a raw provider key where its config name belongs", expect: ["switchyard-secrets-by-reference", "switchyard-secrets-no-plaintext-credentials"], spec: (s) => void (s.providerKeys["mistral-main"].source = { pulumiSecret: FAKE_KEY }) },
  // The declared safety controls and the usage record (issue 16): each turned off in prod fails with the policy that names it.
  { name: "guardrails removed in prod", expect: ["switchyard-gateway-guardrails"], spec: (s) => void delete s.gateway.guardrails },
  { name: "prompt injection only flagged in prod", expect: ["switchyard-gateway-guardrails"], spec: (s) => void (s.gateway.guardrails!.prompts["prompt-injection"] = "flag") },
  { name: "DLP removed in prod", expect: ["switchyard-gateway-dlp"], spec: (s) => void delete s.gateway.dlp },
  { name: "DLP only flagging in prod", expect: ["switchyard-gateway-dlp"], spec: (s) => void (s.gateway.dlp!.policies["customer-data"].action = "flag") },
  { name: "no OpenTelemetry exporter in prod", expect: ["switchyard-gateway-opentelemetry"], spec: (s) => void (s.gateway.openTelemetry = {}) },
  {
    name: "an OpenTelemetry header written in plain text",
    expect: ["switchyard-secrets-otel-headers"],
    spec: (s) => void (s.gateway.openTelemetry.honeycomb.headers["x-honeycomb-team"] = { value: "team-key-pasted-into-the-stack-file" }),
  },
  { name: "gateway logs off in prod", expect: ["switchyard-ledger-logs-collected"], spec: (s) => void (s.gateway.logs.collect = false) },
  { name: "gateway logs stop when full in prod", expect: ["switchyard-ledger-logs-collected"], spec: (s) => void (s.gateway.logs.whenFull = "stop-inserting") },
  { name: "the ledger off while workloads name the gateway as source of record", expect: ["switchyard-ledger-required"], spec: (s) => void (s.usageLedger.enabled = false) },
  {
    name: "no alert channel at all while the ledger is on",
    expect: ["switchyard-budgets-required", "switchyard-ledger-alarms-routed"],
    spec: (s) => {
      s.alerts = {};
      (s.usageLedger as { alerts?: string[] }).alerts = undefined;
      for (const w of Object.values(s.workloads)) (w as { alerts: string[] }).alerts = [];
    },
  },
  {
    name: "resource: gateway with authentication off",
    expect: ["switchyard-gateway-authentication"],
    resources: (rs) => edit(rs, (r) => r.type === TYPES.AiGateway, (p) => void (p.authentication = false)),
  },
  {
    name: "resource: byokOnly off while billing is byok",
    expect: ["switchyard-gateway-byok-only"],
    resources: (rs) => edit(rs, (r) => r.type === TYPES.AiGateway, (p) => void (p.byokOnly = false)),
  },
  {
    name: "resource: KMS key rotation off",
    expect: ["switchyard-secrets-key-rotation"],
    resources: (rs) => edit(rs, (r) => r.type === TYPES.KmsKey, (p) => void (p.enableKeyRotation = false)),
  },
  {
    name: "resource: a secret without customer-managed key",
    expect: ["switchyard-secrets-customer-managed-key"],
    resources: (rs) => edit(rs, (r) => r.type === TYPES.Secret, (p) => void delete p.kmsKeyId),
  },
  {
    name: "resource: a workload secret with a 0-day recovery window",
    expect: ["switchyard-secrets-recovery-window"],
    resources: (rs) => edit(rs, (r) => r.type === TYPES.Secret && r.urn.includes(TYPES.Workload), (p) => void (p.recoveryWindowInDays = 0)),
  },
  {
    name: "resource: alarm with actions disabled",
    expect: ["switchyard-alarms-actionable"],
    resources: (rs) => edit(rs, (r) => r.type === TYPES.MetricAlarm, (p) => void (p.actionsEnabled = false)),
  },
  {
    name: "resource: alerts topic unencrypted",
    expect: ["switchyard-alerts-topic-encrypted"],
    resources: (rs) => edit(rs, (r) => r.type === TYPES.Topic, (p) => void delete p.kmsMasterKeyId),
  },
  {
    name: "resource: ledger bucket versioning suspended",
    expect: ["switchyard-ledger-bucket-hardened"],
    resources: (rs) => edit(rs, (r) => r.type === TYPES.BucketVersioning, (p) => void (p.versioningConfiguration = { status: "Suspended" })),
  },
  {
    name: "resource: front door token with an extra permission",
    expect: ["switchyard-tokens-front-door-run-only"],
    resources: (rs) =>
      edit(rs, (r) => r.type === TYPES.AccountToken && r.urn.includes(TYPES.FrontDoor), (p) => {
        const [policy] = p.policies as Array<{ permissionGroups: Array<{ id: string }> }>;
        policy.permissionGroups.push({ id: "6c8a3737f07f46369c1ea1f22138daaf" });
      }),
  },
  {
    name: "resource: a Cloudflare token in a workload's hands",
    expect: ["switchyard-keys-no-cloudflare-token-in-workloads"],
    resources: (rs) => {
      const w = rs.find((r) => r.type === TYPES.Workload)!;
      const chain = w.urn.split("::")[2];
      const leaked: CapturedResource = { urn: `urn:pulumi:prod::switchyard::${chain}$${TYPES.AccountToken}::leaked-token`, type: TYPES.AccountToken, name: "leaked-token", custom: true, parent: w.urn, inputs: {}, secretPaths: [], outputs: {}, outputSecretPaths: [], dependencies: [], propertyDependencies: {}, options: {} };
      return [...rs, leaked];
    },
  },
  {
    name: "resource: a key table entry widened beyond the workload's routes",
    expect: ["switchyard-keys-scope"],
    resources: (rs) =>
      edit(rs, (r) => r.type === TYPES.WorkersKv && typeof r.inputs.value === "string" && r.inputs.value.includes('"keyName"'), (p) => {
        const entry = JSON.parse(p.value as string) as { routes: string[] };
        p.value = JSON.stringify({ ...entry, routes: [...entry.routes, "dynamic/embed", "dynamic/chat", "dynamic/summarize"].filter((v, i, a) => a.indexOf(v) === i) });
      }),
  },
];
