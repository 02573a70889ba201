/**
 * Every example stack under the mock engine: the inventory of resources by type (expected counts
 * derived from the stack file), and the inputs that matter.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CaptureResult } from "../../engine/capture";
import { secretsKeyPolicy } from "../../components/aws-policy-documents";
import { awsSecretPlaceholder, configPlaceholder, mockCallerArn } from "../../engine/mocks";
import { readerAccount } from "../../stacks/reader-accounts";
import { tablesInScript } from "../../runtime/front-door/script";
import { loadStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";
import { capture, countByType, EXAMPLE_STACKS, loadExample, named, ofType, T } from "../support/mock-engine";

const present = EXAMPLE_STACKS.filter((name) => existsSync(join(__dirname, "..", "..", "stacks", `${name}.yaml`)));
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const NOW = new Date("2026-11-27T00:00:00Z");

/** Providers the gateway calls: those of route targets and of gateway or hybrid workloads' models. */
function gatewayCalledProviders(spec: StackSpec): Set<string> {
  const targets = Object.values(spec.routes).flatMap((r) => [r.primary, ...(r.canary ? [r.canary] : []), ...r.fallbacks, ...(r.rollback ? [r.rollback] : [])]);
  const models = [...targets.map((t) => t.model), ...Object.values(spec.workloads).flatMap((w) => (w.path === "direct" ? [] : w.models))];
  return new Set(models.map((m) => m.split("/")[0]));
}

/** What the stack file says should exist, counted independently of the components' code. */
function expectedCounts(spec: StackSpec): Record<string, number> {
  const keys = Object.values(spec.providerKeys);
  const owned = keys.filter((k) => k.source.pulumiSecret).length;
  const workloads = Object.values(spec.workloads);
  const gatewayKeys = workloads.reduce((n, w) => n + w.keys.length, 0);
  const holders = workloads.filter((w) => w.keys.length).length;
  const channels = Object.keys(spec.alerts).length;
  const bedrock = workloads.filter((w) => w.path !== "gateway" && w.budget && w.directKeys.some((k) => spec.providerKeys[k].provider === "aws-bedrock")).length;
  // The examples hold one key per provider: the gateway serves the key of each provider it calls.
  const gatewayProviders = gatewayCalledProviders(spec);
  const counts: Record<string, number> = {
    [T.stack]: 1,
    [T.gatewayComponent]: 1,
    [T.aiGateway]: 1,
    [T.providerKeys]: 1,
    [T.alerts]: 1,
    [T.kmsKey]: 2,
    [T.kmsAlias]: 2,
    [T.kvNamespace]: 1,
    [T.routeComponent]: Object.keys(spec.routes).length,
    [T.route]: Object.values(spec.routes).reduce((n, r) => n + (r.rollback ? 2 : 1), 0),
    [T.workloadComponent]: workloads.length,
    [T.randomBytes]: gatewayKeys,
    [T.kv]: gatewayKeys,
    [T.secret]: owned + holders,
    [T.secretVersion]: owned + holders,
    [T.byok]: keys.filter((k) => gatewayProviders.has(k.provider)).length,
    [T.topic]: channels,
    [T.topicPolicy]: channels,
    [T.subscription]: channels,
    // No alarm per workload: the exporter tells budget thresholds (runtime/usage-export/budget-alerts.ts).
    [T.alarm]: 0,
    // One grant per reader role of the direct and hybrid workloads.
    [T.rolePolicy]: new Set(workloads.filter((w) => w.path !== "gateway" && w.directKeys.length).map((w) => w.readerRoleArn)).size,
    [T.budget]: bedrock,
  };
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/**
 * Each example's budgets enforced at the gateway, written out from its stack file: amount ->
 * workloads (gateway and hybrid, hardLimit on by default; research-lab is direct).
 */
const SPEND_RULES: Record<string, Array<[number, string[]]>> = {
  dev: [[100, ["support-summarizer"]], [120, ["ops-copilot"]], [150, ["search-indexer"]], [200, ["checkout-assistant"]], [400, ["data-pipeline"]]],
  staging: [[100, ["support-summarizer"]], [120, ["ops-copilot"]], [150, ["search-indexer"]], [200, ["checkout-assistant"]], [400, ["data-pipeline"]]],
  prod: [[800, ["support-summarizer"]], [900, ["ops-copilot"]], [1200, ["search-indexer"]], [2500, ["checkout-assistant"]], [3000, ["data-pipeline"]]],
};

const end = { elementId: "end" };
const model = (id: string, provider: string, name: string, fallback: string, timeout: number, retries: number) => ({
  id,
  type: "model",
  outputs: { success: end, fallback: { elementId: fallback } },
  properties: { aiGatewayDynamicRoutingProvider: provider, model: name, timeout, retries },
});
const cohort = (main: string) => ({ id: "cohort", type: "conditional", outputs: { true: { elementId: "canary" }, false: { elementId: main } }, properties: { conditions: '{"metadata.cohort":{"$eq":"canary"}}' } });
/**
 * The examples' route graphs (the same in all three), written out from their routes: chat has a
 * canary, two fallbacks and a rollback; summarize and embed a fallback and a rollback each.
 */
const ROUTE_GRAPHS: Record<string, { primary: unknown[]; rollback: unknown[] }> = {
  chat: {
    primary: [
      { id: "start", type: "start", outputs: { next: { elementId: "cohort" } } },
      cohort("primary"),
      model("canary", "anthropic", "claude-sonnet-4-5", "primary", 30000, 1),
      model("primary", "openai", "gpt-4.1", "fallback-1", 30000, 1),
      model("fallback-1", "google-ai-studio", "gemini-2.5-flash", "fallback-2", 30000, 1),
      model("fallback-2", "mistral", "mistral-large-latest", "end", 30000, 1),
      { id: "end", type: "end", outputs: {} },
    ],
    rollback: [
      { id: "start", type: "start", outputs: { next: { elementId: "cohort" } } },
      cohort("rollback"),
      model("canary", "anthropic", "claude-sonnet-4-5", "rollback", 30000, 1),
      model("rollback", "openai", "gpt-4o", "fallback-1", 30000, 1),
      model("fallback-1", "google-ai-studio", "gemini-2.5-flash", "fallback-2", 30000, 1),
      model("fallback-2", "mistral", "mistral-large-latest", "end", 30000, 1),
      { id: "end", type: "end", outputs: {} },
    ],
  },
  summarize: {
    primary: [
      { id: "start", type: "start", outputs: { next: { elementId: "primary" } } },
      model("primary", "google-ai-studio", "gemini-2.5-flash", "fallback-1", 15000, 1),
      model("fallback-1", "openai", "gpt-4.1-mini", "end", 15000, 1),
      { id: "end", type: "end", outputs: {} },
    ],
    rollback: [
      { id: "start", type: "start", outputs: { next: { elementId: "rollback" } } },
      model("rollback", "google-ai-studio", "gemini-2.0-flash", "fallback-1", 15000, 1),
      model("fallback-1", "openai", "gpt-4.1-mini", "end", 15000, 1),
      { id: "end", type: "end", outputs: {} },
    ],
  },
  embed: {
    primary: [
      { id: "start", type: "start", outputs: { next: { elementId: "primary" } } },
      model("primary", "openai", "text-embedding-3-large", "fallback-1", 10000, 2),
      model("fallback-1", "mistral", "mistral-embed", "end", 10000, 2),
      { id: "end", type: "end", outputs: {} },
    ],
    rollback: [
      { id: "start", type: "start", outputs: { next: { elementId: "rollback" } } },
      model("rollback", "openai", "text-embedding-3-small", "fallback-1", 10000, 2),
      model("fallback-1", "mistral", "mistral-embed", "end", 10000, 2),
      { id: "end", type: "end", outputs: {} },
    ],
  },
};

/** dev's key table values, written out from its workloads' keys, routes and models. */
const DEV_KEY_TABLE: Record<string, unknown> = {
  "checkout-dev": { v: 1, environment: "dev", workload: "checkout-assistant", keyName: "checkout-dev", routes: ["dynamic/chat"], models: ["openai/gpt-4.1-mini"], expiresOn: "2027-03-01", families: ["chat"] },
  "support-dev": { v: 1, environment: "dev", workload: "support-summarizer", keyName: "support-dev", routes: ["dynamic/summarize"], models: [], expiresOn: "2027-02-15", families: ["chat"] },
  "search-indexer-dev": { v: 1, environment: "dev", workload: "search-indexer", keyName: "search-indexer-dev", routes: ["dynamic/embed"], models: [], expiresOn: "2027-04-01", families: ["chat"], allowedIps: ["10.20.0.0/16"] },
  "data-pipeline-dev": {
    v: 1,
    environment: "dev",
    workload: "data-pipeline",
    keyName: "data-pipeline-dev",
    routes: ["dynamic/summarize", "dynamic/embed"],
    models: [],
    expiresOn: "2027-03-15", families: ["chat"],
    allowedIps: ["10.30.0.0/16", "2001:db8:30::/48"],
  },
  "ops-copilot-dev": { v: 1, environment: "dev", workload: "ops-copilot", keyName: "ops-copilot-dev", routes: ["dynamic/chat", "dynamic/summarize"], models: ["anthropic/claude-haiku-4-5"], expiresOn: "2027-01-31", families: ["chat"] },
};

const ours = new Set<string>(Object.values(T));
/** Resources of the components other work owns (front door, usage ledger) are tested there. */
const othersOwn = (urn: string) => /switchyard:index:(FrontDoor|UsageLedger)(\$|::)/.test(urn.split("::")[2] ?? "");

describe.each(present)("example stack %s under the mock engine", (name) => {
  let spec: StackSpec;
  let result: CaptureResult;
  beforeAll(async () => {
    spec = loadExample(name);
    result = await capture(spec);
  });

  it("creates the resources the stack file asks for, by type", () => {
    const mine = { ...result, resources: result.resources.filter((r) => !othersOwn(r.urn)) };
    const counts = Object.fromEntries(Object.entries(countByType(mine)).filter(([type]) => ours.has(type)));
    expect(counts).toEqual(Object.fromEntries(Object.entries(expectedCounts(spec)).sort(([a], [b]) => (a < b ? -1 : 1))));
    expect(countByType(mine)).toMatchSnapshot();
  });

  it("the gateway: authenticated, BYOK-only unless unified, logs, limits, retries and one spend rule per enforced budget", () => {
    const gw = named(result, T.aiGateway, `${spec.gateway.id}-ai-gateway`).inputs;
    expect(gw).toMatchObject({
      accountId: spec.cloudflare.accountId,
      aiGatewayId: spec.gateway.id,
      authentication: true,
      byokOnly: spec.gateway.billing === "byok",
      collectLogs: spec.gateway.logs.collect,
      logManagement: spec.gateway.logs.maxStored,
      logManagementStrategy: spec.gateway.logs.whenFull === "delete-oldest" ? "DELETE_OLDEST" : "STOP_INSERTING",
      cacheTtl: spec.gateway.cacheTtlSeconds,
      rateLimitingLimit: spec.gateway.rateLimit?.requests ?? 0,
      rateLimitingInterval: spec.gateway.rateLimit?.perSeconds ?? 0,
    });
    if (spec.gateway.retries) expect(gw).toMatchObject({ retryMaxAttempts: spec.gateway.retries.maxAttempts, retryBackoff: spec.gateway.retries.backoff, retryDelay: spec.gateway.retries.delayMs });
    // One rule per amount, filtering on the workloads with it and splitting by workload.
    expect(gw.spendLimits).toEqual({
      enabled: true,
      rules: SPEND_RULES[name].map(([amount, names]) => ({
        id: `budget-usd-${amount}`,
        enabled: true,
        limit: amount,
        limitType: "cost",
        window: 2_592_000,
        technique: "fixed",
        metadata: { workload: { mode: "filter", values: names }, budget: { mode: "partition" } },
      })),
    });
    expect(gw.storeId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("each route's graphs: canary branch, primary (and rollback), fallbacks in order, end; content-addressed names, created before the old go", () => {
    expect(Object.keys(spec.routes)).toEqual(Object.keys(ROUTE_GRAPHS));
    for (const [label, graphs] of Object.entries(ROUTE_GRAPHS)) {
      for (const role of ["primary", "rollback"] as const) {
        const r = named(result, T.route, role === "primary" ? `${label}-route` : `${label}-rollback-route`);
        expect(r.inputs).toMatchObject({ gatewayId: spec.gateway.id, accountId: spec.cloudflare.accountId });
        expect(r.inputs.name).toMatch(new RegExp(`^${label}-${role}-[0-9a-f]{8}$`));
        expect(r.options.deleteBeforeReplace).toBeUndefined();
        expect(r.inputs.elements).toEqual(graphs[role]);
      }
    }
  });

  it("the stack's KMS keys rotate; the secrets key's policy names no reader; CloudWatch and Budgets may use the alerts key", () => {
    const secretsKey = named(result, T.kmsKey, `${spec.environment}-secrets-key`).inputs;
    expect(secretsKey.enableKeyRotation).toBe(true);
    // The deployer is in the readers' account (the capture's mock follows the stack: stacks/reader-accounts.ts).
    const account = readerAccount(spec)!;
    expect(JSON.parse(secretsKey.policy as string)).toEqual(secretsKeyPolicy({ accountId: account, arn: mockCallerArn(account) }, spec.aws.region, spec.environment));
    expect(secretsKey.policy).not.toContain(":role/");

    const alertsKey = named(result, T.kmsKey, "alerts-key").inputs;
    expect(alertsKey.enableKeyRotation).toBe(true);
    const services = JSON.parse(alertsKey.policy as string).Statement[1];
    expect(services.Principal.Service).toEqual(["budgets.amazonaws.com", "cloudwatch.amazonaws.com"]);
    expect(services.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    const keyArn = (r: string) => (ofType(result, T.kmsKey).find((k) => k.name === r) ? "present" : "missing");
    expect(keyArn("alerts-key")).toBe("present");
    for (const topic of ofType(result, T.topic)) expect(String(topic.inputs.kmsMasterKeyId)).toMatch(/^arn:aws:kms:.*:key\//);
  });

  it("each workload's key secret: under the stack key, readable only by its reader role, tagged with its decision record", () => {
    const keyArn = String(ofType(result, T.secretVersion).length && named(result, T.kmsKey, `${spec.environment}-secrets-key`).urn);
    expect(keyArn).toContain("secrets-key");
    for (const [label, w] of Object.entries(spec.workloads).filter(([, w]) => w.keys.length)) {
      const secret = named(result, T.secret, `${label}-keys`).inputs;
      expect(String(secret.kmsKeyId)).toMatch(/^arn:aws:kms:/);
      const policy = JSON.parse(secret.policy as string);
      expect(policy.Statement[0]).toMatchObject({ Effect: "Allow", Principal: { AWS: [w.readerRoleArn] }, Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"] });
      expect(policy.Statement[1]).toMatchObject({ Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue" });
      const account = readerAccount(spec);
      expect(policy.Statement[1].Condition.ArnNotLike["aws:PrincipalArn"]).toEqual([w.readerRoleArn, `arn:aws:iam::${account}:role/switchyard-deployer`, `arn:aws:iam::${account}:role/*/switchyard-deployer`]);
      expect(secret.tags).toMatchObject({ "switchyard:environment": spec.environment, "switchyard:workload": label });
      if (w.decision?.invoiceReviewer) expect((secret.tags as Record<string, string>)["switchyard:decision:invoice-reviewer"]).toBe(w.decision.invoiceReviewer);
    }
  });

  it("the key table holds digests and scopes only; each digest is the SHA-256 of a key in the workload's secret", () => {
    for (const [label, w] of Object.entries(spec.workloads).filter(([, w]) => w.keys.length)) {
      const version = named(result, T.secretVersion, `${label}-keys-version`);
      expect(version.secretPaths).toEqual(["secretString"]);
      const plaintexts = JSON.parse(version.inputs.secretString as string) as Record<string, string>;
      expect(Object.keys(plaintexts).sort()).toEqual(w.keys.map((k) => k.name).sort());
      for (const key of w.keys) {
        const entry = named(result, T.kv, `${label}-key-${key.name}-entry`);
        expect(entry.secretPaths).toEqual([]);
        expect(plaintexts[key.name]).toMatch(/^[0-9a-f]{64}$/);
        expect(entry.inputs.keyName).toBe(sha256(plaintexts[key.name]));
        if (name === "dev") expect(JSON.parse(entry.inputs.value as string)).toEqual(DEV_KEY_TABLE[key.name]);
        else expect(JSON.parse(entry.inputs.value as string)).toMatchObject({ v: 1, environment: spec.environment, workload: label, keyName: key.name, expiresOn: key.expiresOn });
        expect(JSON.stringify(entry.inputs)).not.toContain(plaintexts[key.name]);
        expect(named(result, T.randomBytes, `${label}-key-${key.name}`).inputs).toEqual({ length: 32 });
      }
    }
  });

  it("budget thresholds reach the exporter's workloads file with the topics of the workload's channels; it may publish to exactly those, under the alerts key", () => {
    if (!spec.usageLedger.enabled) return;
    const topics = Object.fromEntries(Object.keys(spec.alerts).map((c) => [c, String(named(result, T.topic, `alerts-${c}-topic`).outputs.arn)]));
    const fn = ofType(result, "aws:lambda/function:Function")[0].inputs.code as { assets: Record<string, { text: string }> };
    const file = JSON.parse(fn.assets["workloads.json"].text) as { budgets: Record<string, { monthlyUsd: number; alertAtPercent: number[]; topics: string[] }> };
    const budgeted = Object.entries(spec.workloads).filter(([, w]) => w.budget);
    expect(file.budgets).toEqual(Object.fromEntries(budgeted.sort(([a], [b]) => (a < b ? -1 : 1)).map(([label, w]) => [label, { monthlyUsd: w.budget!.monthlyUsd, alertAtPercent: w.budget!.alertAtPercent, topics: w.alerts.map((c) => topics[c]).sort() }])));
    const policy = JSON.parse(String(named(result, T.rolePolicy, "usage-ledger-role-policy").inputs.policy));
    const used = [...new Set(budgeted.flatMap(([, w]) => w.alerts.map((c) => topics[c])))].sort();
    expect(policy.Statement.filter((s: { Sid: string }) => s.Sid === "BudgetAlerts" || s.Sid === "AlertsKey")).toEqual([
      { Sid: "BudgetAlerts", Effect: "Allow", Action: "sns:Publish", Resource: used },
      { Sid: "AlertsKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: String(named(result, T.kmsKey, "alerts-key").outputs.arn) },
    ]);
    expect(ofType(result, T.alarm).filter((a) => a.name.includes("-budget-"))).toEqual([]);
  });

  it("one subscription per channel, on that channel's topic", () => {
    for (const [channel, c] of Object.entries(spec.alerts)) {
      const sub = named(result, T.subscription, `alerts-${channel}-subscription`).inputs;
      expect(sub).toMatchObject(c.email ? { protocol: "email", endpoint: c.email } : { protocol: "https", endpoint: c.webhook });
      expect(String(sub.topic)).toContain(`alerts-${channel}-`);
      const policy = JSON.parse(named(result, T.topicPolicy, `alerts-${channel}-topic-policy`).inputs.policy as string);
      expect(policy.Statement[0].Principal.Service).toEqual(["budgets.amazonaws.com", "cloudwatch.amazonaws.com"]);
    }
  });

  it("provider keys: owned secrets under the stack key; one BYOK config per provider the gateway calls, under alias default, holding the key itself", () => {
    const called = gatewayCalledProviders(spec);
    expect(ofType(result, T.byok).length).toBeGreaterThan(0);
    for (const [label, key] of Object.entries(spec.providerKeys)) {
      const byok = ofType(result, T.byok).find((b) => b.name === `provider-keys-byok-${key.provider}`);
      expect({ label, byok: byok !== undefined }).toEqual({ label, byok: called.has(key.provider) });
      if (byok) {
        expect(byok.inputs).toEqual({
          accountId: spec.cloudflare.accountId,
          gatewayId: spec.gateway.id,
          alias: "default",
          providerSlug: key.provider,
          defaultConfig: true,
          secret: key.source.pulumiSecret ? configPlaceholder(key.source.pulumiSecret) : awsSecretPlaceholder(key.source.awsSecretArn!),
          __provider: "<serialized dynamic provider>",
        });
        expect(byok.secretPaths).toEqual(["secret"]);
        expect(byok.options).toMatchObject({ deleteBeforeReplace: true, additionalSecretOutputs: ["secret"] });
      }
      const owned = ofType(result, T.secret).find((s) => s.name === `provider-keys-${label}-secret`);
      expect(owned !== undefined).toBe(key.source.pulumiSecret !== undefined);
      if (owned) {
        // No reader listed: readers read by their own role's grant (below).
        expect(JSON.parse(owned.inputs.policy as string).Statement).toEqual([
          { Sid: "NoOtherAccountReads", Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalAccount": readerAccount(spec) } } },
        ]);
        expect(owned.inputs.tags).toMatchObject({ "switchyard:provider-key": label });
      }
    }
  });

  it("no Pulumi-managed Secrets Store secret exists for a BYOK config to delete: each config owns the secret its key is kept in", () => {
    expect(ofType(result, T.storeSecret)).toEqual([]);
    for (const byok of ofType(result, T.byok)) expect(Object.keys(byok.inputs)).not.toContain("secretId");
  });

  it("each reader role of direct and hybrid workloads gets one grant on exactly their provider keys' secrets; a Bedrock budget where they read aws-bedrock", () => {
    const direct = Object.values(spec.workloads).filter((w) => w.path !== "gateway");
    const roles = [...new Set(direct.map((w) => w.readerRoleArn))];
    expect(ofType(result, T.rolePolicy).filter((r) => r.name.startsWith("provider-keys-reader-")).map((r) => r.inputs.role).sort()).toEqual(roles.map((r) => r.split("/").pop()).sort());
    for (const role of roles) {
      const grant = named(result, T.rolePolicy, `provider-keys-reader-${role.split("/").pop()}`);
      const keys = new Set(direct.filter((w) => w.readerRoleArn === role).flatMap((w) => w.directKeys));
      expect(grant.inputs.name).toBe(`switchyard-${spec.environment}-provider-keys`);
      expect(JSON.parse(grant.inputs.policy as string).Statement[0].Resource).toHaveLength(keys.size);
    }
    for (const [label, w] of Object.entries(spec.workloads)) {
      const bedrock = ofType(result, T.budget).find((b) => b.name === `${label}-bedrock-budget`);
      if (bedrock) {
        expect(bedrock.inputs).toMatchObject({ budgetType: "COST", timeUnit: "MONTHLY", limitAmount: String(w.budget!.monthlyUsd), limitUnit: "USD" });
        expect(JSON.stringify(bedrock.inputs.filterExpression)).toContain('"values":["Amazon Bedrock"]');
        const notifications = bedrock.inputs.notifications as Array<{ threshold: number; subscriberSnsTopicArns?: string[] }>;
        expect(notifications.map((n) => n.threshold)).toEqual(w.budget!.alertAtPercent);
        for (const n of notifications) expect((n.subscriberSnsTopicArns ?? []).length).toBeLessThanOrEqual(1);
      }
    }
  });

  it(`protection: gateway, KMS keys, secrets and BYOK configs ${name === "prod" ? "are" : "follow gateway.protect"}; nothing else is protected (a secret version is replaced by every rotation)`, () => {
    const protectedTypes = new Set<string>([T.aiGateway, T.kmsKey, T.secret, T.byok]);
    for (const r of result.resources.filter((x) => !othersOwn(x.urn))) {
      expect({ urn: r.urn, protect: r.options.protect === true }).toEqual({ urn: r.urn, protect: spec.gateway.protect && protectedTypes.has(r.type) });
    }
    if (name === "prod") expect(spec.gateway.protect).toBe(true);
  });

  it("the usage ledger is built when enabled, with the stack key and usageLedger.alerts' topics (else the first channel's)", () => {
    const ledgers = ofType(result, "switchyard:index:UsageLedger");
    expect(ledgers.length).toBe(spec.usageLedger.enabled ? 1 : 0);
    if (!ledgers.length) return;
    const channels = spec.usageLedger.alerts ?? [Object.keys(spec.alerts)[0]];
    if (name === "prod") expect(channels).toEqual(["oncall", "pager"]);
    expect(ledgers[0].inputs).toMatchObject({
      environment: spec.environment,
      accountId: spec.cloudflare.accountId,
      gatewayId: spec.gateway.id,
      exportEveryMinutes: spec.usageLedger.exportEveryMinutes,
      retentionDays: spec.usageLedger.retentionDays,
      protect: spec.gateway.protect,
      kmsKeyArn: expect.stringMatching(/^arn:aws:kms:/),
      alarmTopicArns: channels.map((c) => expect.stringContaining(`switchyard-${spec.environment}-alerts-${c}-`)),
    });
  });

  it("component inputs carry the policy-facing contract", () => {
    expect(Object.keys(named(result, T.stack, spec.environment).inputs)).toEqual(["environment"]);
    expect(named(result, T.gatewayComponent, spec.gateway.id).inputs).toMatchObject({ environment: spec.environment, gatewayId: spec.gateway.id, billing: spec.gateway.billing, protect: spec.gateway.protect });
    const pk = named(result, T.providerKeys, "provider-keys").inputs;
    expect(pk.environment).toBe(spec.environment);
    expect(pk.keys).toEqual(JSON.parse(JSON.stringify(spec.providerKeys)));
    for (const [label, route] of Object.entries(spec.routes)) {
      const r = named(result, T.routeComponent, label).inputs;
      expect(r).toMatchObject({ environment: spec.environment, route: label, primary: route.primary, fallbacks: route.fallbacks, active: route.active, timeoutMs: route.timeoutMs, retries: route.retries, declaredKeys: Object.keys(spec.providerKeys) });
      if (route.canary) expect(r.canary).toEqual(route.canary);
      if (route.rollback) expect(r.rollback).toEqual(route.rollback);
    }
    for (const [label, w] of Object.entries(spec.workloads)) {
      const wl = named(result, T.workloadComponent, label).inputs;
      expect(wl).toMatchObject({ environment: spec.environment, workload: label, owner: w.owner, path: w.path, routes: w.routes, models: w.models, directKeys: w.directKeys, readerRoleArn: w.readerRoleArn, alerts: w.alerts });
      expect(wl.keys).toEqual(JSON.parse(JSON.stringify(w.keys)));
      expect(wl.directKeyAccounts).toEqual(w.directKeys.map((k) => JSON.parse(JSON.stringify({ name: k, provider: spec.providerKeys[k].provider, providerAccount: spec.providerKeys[k].providerAccount }))));
      for (const field of ["budget", "rateLimit", "decision"] as const) expect(wl[field]).toEqual(w[field] === undefined ? undefined : JSON.parse(JSON.stringify(w[field])));
    }
  });
});

describe("the one-line rollback under the mock engine", () => {
  it("active: rollback on dev's chat route changes no route graph: only the front door's route table names the other graph", async () => {
    const spec = loadExample("dev");
    const edited = structuredClone(spec) as StackSpec;
    edited.routes.chat.active = "rollback";
    const [before, after] = [await capture(spec, { now: NOW }), await capture(edited, { now: NOW })];
    for (const name of ["chat-route", "chat-rollback-route"]) {
      expect(named(after, T.route, name).urn).toBe(named(before, T.route, name).urn);
      expect(named(after, T.route, name).inputs).toEqual(named(before, T.route, name).inputs);
    }
    const routeTable = (r: typeof before) => tablesInScript(named(r, T.workerScript, "front-door-worker").inputs.content as string)!.routes;
    expect(routeTable(before).chat).toEqual({ graphs: { primary: named(before, T.route, "chat-route").inputs.name, rollback: named(before, T.route, "chat-rollback-route").inputs.name }, active: "primary", canaryPercent: 10 });
    expect(routeTable(after).chat).toEqual({ ...routeTable(before).chat, active: "rollback" });
    expect(named(after, T.routeComponent, "chat").inputs.active).toBe("rollback");
  });
});

describe("a valid stack without alert channels (test/fixtures/good/minimal-gateway.yaml)", () => {
  it("deploys: the usage ledger's heartbeat goes to an unsubscribed topic; a budget tells no channel", async () => {
    const spec = loadStackFile(join(__dirname, "..", "fixtures", "good", "minimal-gateway.yaml"));
    expect(Object.keys(spec.alerts)).toEqual([]);
    const result = await capture(spec);
    const unrouted = named(result, T.topic, "alerts-unrouted-topic");
    expect(ofType(result, T.subscription)).toEqual([]);
    expect(String(named(result, "switchyard:index:UsageLedger", "usage-ledger").inputs.alarmTopicArns)).toContain(String(unrouted.inputs.namePrefix));
    const code = ofType(result, "aws:lambda/function:Function")[0].inputs.code as { assets: Record<string, { text: string }> };
    expect(JSON.parse(code.assets["workloads.json"].text).budgets.app.topics).toEqual([]);
  });
});

describe.each(["direct-only", "unified-billing"])("the good fixture %s", (fixture) => {
  it("builds under the mock engine, with byokOnly following billing", async () => {
    const spec = loadStackFile(join(__dirname, "..", "fixtures", "good", `${fixture}.yaml`));
    const result = await capture(spec);
    expect(named(result, T.aiGateway, `${spec.gateway.id}-ai-gateway`).inputs.byokOnly).toBe(spec.gateway.billing === "byok");
    expect(ofType(result, T.workloadComponent)).toHaveLength(Object.keys(spec.workloads).length);
  });
});
