/**
 * The edit catalogue: every routine edit a platform team makes to a stack file or its secrets, as
 * a change to the example prod stack, with exactly the resource actions `pulumi up` must take for
 * it (docs/day-two.md lists them with what clients see and what `pulumi up` refuses).
 * test/plan/edit-catalogue.test.ts plans each against the unedited stack under the mock engine.
 *
 * Actions are `<action> <short type> <logical name>`, sorted; every other resource stays as it is
 * (a renamed resource whose inputs did not change is the engine's `same`, not listed).
 * `refused` lists the protected resources the edit replaces or deletes: `pulumi up` refuses those
 * edits in prod, and the plan says so (plan/lifecycle.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

export interface CatalogueEdit {
  /** What the user does, as docs/day-two.md names it. */
  name: string;
  /** A change made on both sides first (a second key to remove, a route to remove). */
  before?: (doc: Doc) => void;
  /** The edit on the stack file's YAML document (prod.yaml as parsed). */
  edit?: (doc: Doc) => void;
  /** Pulumi config values after the edit (a rotated secret). */
  config?: Record<string, string>;
  /** Exactly the resource actions, sorted. */
  actions: string[];
  /** The protected resources it replaces or deletes (default none). */
  refused?: string[];
}

const workload = (doc: Doc, name: string) => doc.workloads[name];
/** Renames an entry in place, keeping its position, with `renamedFrom: [from]`. */
const rename = (section: Doc, from: string, to: string) => {
  const entries = Object.entries(section).map(([k, v]) => (k === from ? [to, { ...v, renamedFrom: [from] }] : [k, v]));
  for (const k of Object.keys(section)) delete section[k];
  Object.assign(section, Object.fromEntries(entries));
};
const secondCheckoutKey = (d: Doc) => workload(d, "checkout-assistant").keys.push({ name: "checkout-prod-2", expiresOn: "2027-05-01" });

export const EDIT_CATALOGUE: CatalogueEdit[] = [
  {
    name: "rotate a provider key's value",
    config: { openaiApiKey: "<rotated:openaiApiKey>" },
    actions: ["replace SecretVersion provider-keys-openai-main-secret-version", "update ByokProviderConfig provider-keys-byok-openai"],
  },
  {
    name: "rotate every provider key's value",
    config: { openaiApiKey: "<rotated:1>", anthropicApiKey: "<rotated:2>", geminiApiKey: "<rotated:3>", mistralApiKey: "<rotated:4>" },
    actions: [
      ...["anthropic-main", "gemini-main", "mistral-main", "openai-main"].map((k) => `replace SecretVersion provider-keys-${k}-secret-version`),
      ...["anthropic", "google-ai-studio", "mistral", "openai"].map((p) => `update ByokProviderConfig provider-keys-byok-${p}`),
    ],
  },
  {
    name: "move a provider key to awsSecretArn",
    edit: (d) => (d.providerKeys["mistral-main"].source = { awsSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/mistral-Zz99Yy" }),
    actions: ["delete Secret provider-keys-mistral-main-secret", "delete SecretVersion provider-keys-mistral-main-secret-version", "update ByokProviderConfig provider-keys-byok-mistral"],
    refused: ["delete Secret provider-keys-mistral-main-secret"],
  },
  {
    name: "add a gateway key to a workload",
    edit: secondCheckoutKey,
    actions: [
      "create RandomBytes checkout-assistant-key-checkout-prod-2",
      "create WorkersKv checkout-assistant-key-checkout-prod-2-entry",
      "replace SecretVersion checkout-assistant-keys-version",
      "update Function usage-ledger-export",
      // The script's live set admits the new key (runtime/front-door/live-keys.ts): in place, after its entry is written.
      "update WorkersScript front-door-worker",
    ],
  },
  {
    name: "rotate a gateway key with overlap",
    edit: (d) => {
      workload(d, "checkout-assistant").keys[0].expiresOn = "2027-01-15";
      secondCheckoutKey(d);
    },
    actions: [
      "create RandomBytes checkout-assistant-key-checkout-prod-2",
      "create WorkersKv checkout-assistant-key-checkout-prod-2-entry",
      "replace SecretVersion checkout-assistant-keys-version",
      "update Function usage-ledger-export",
      "update WorkersKv checkout-assistant-key-checkout-prod-entry",
      "update WorkersScript front-door-worker",
    ],
  },
  { name: "change a gateway key's endpoint families", edit: (d) => (workload(d, "ops-copilot").keys[0].families = ["chat", "batch"]), actions: ["update WorkersKv ops-copilot-key-ops-copilot-prod-entry", "update WorkersScript front-door-worker"] },
  { name: "expire a gateway key earlier", edit: (d) => (workload(d, "ops-copilot").keys[0].expiresOn = "2026-12-20"), actions: ["update WorkersKv ops-copilot-key-ops-copilot-prod-entry", "update WorkersScript front-door-worker"] },
  {
    name: "remove a gateway key after its overlap",
    before: (d) => {
      workload(d, "checkout-assistant").keys[0].expiresOn = "2026-11-20"; // expired before the plan's today, 2026-11-27
      secondCheckoutKey(d);
    },
    edit: (d) => workload(d, "checkout-assistant").keys.splice(0, 1),
    actions: [
      "delete RandomBytes checkout-assistant-key-checkout-prod",
      "delete WorkersKv checkout-assistant-key-checkout-prod-entry",
      "replace SecretVersion checkout-assistant-keys-version",
      "update Function usage-ledger-export",
      // The new version no longer admits it; Pulumi deletes its entry at the end of the update, after.
      "update WorkersScript front-door-worker",
    ],
  },
  {
    name: "rename a workload",
    edit: (d) => rename(d.workloads, "checkout-assistant", "checkout-helper"),
    actions: [
      "update AiGateway acme-prod-ai-gateway",
      "update Function usage-ledger-export",
      "update Secret checkout-helper-keys",
      "update WorkersKv checkout-helper-key-checkout-prod-entry",
      "update WorkersScript front-door-worker",
    ],
  },
  {
    name: "rename a route",
    edit: (d) => {
      rename(d.routes, "summarize", "summaries");
      for (const w of Object.values(d.workloads as Record<string, Doc>)) w.routes = w.routes?.map((r: string) => (r === "summarize" ? "summaries" : r));
    },
    actions: [
      "replace AiGatewayDynamicRouting summaries-rollback-route",
      "replace AiGatewayDynamicRouting summaries-route",
      "update WorkersKv data-pipeline-key-data-pipeline-prod-entry",
      "update WorkersKv ops-copilot-key-ops-copilot-prod-entry",
      "update WorkersKv support-summarizer-key-support-prod-entry",
      "update WorkersScript front-door-worker",
    ],
  },
  {
    name: "rename a provider key",
    edit: (d) => {
      rename(d.providerKeys, "mistral-main", "mistral-prod");
      const retarget = (t: Doc | undefined) => t && t.key === "mistral-main" && (t.key = "mistral-prod");
      for (const r of Object.values(d.routes as Record<string, Doc>)) [r.primary, r.canary, r.rollback, ...(r.fallbacks ?? [])].forEach(retarget);
    },
    actions: ["update Secret provider-keys-mistral-prod-secret"],
  },
  {
    name: "change a budget amount",
    edit: (d) => (workload(d, "checkout-assistant").budget.monthlyUsd = 750),
    // The exporter tells budget thresholds: its workloads file holds the budgets.
    actions: ["update AiGateway acme-prod-ai-gateway", "update Function usage-ledger-export"],
  },
  { name: "add a budget threshold", edit: (d) => (workload(d, "ops-copilot").budget.alertAtPercent = [50, 80, 90, 100]), actions: ["update Function usage-ledger-export"] },
  {
    name: "give a stack without alert channels its first channel",
    // A stack that had none: its ledger alarms notify an unsubscribed topic (switchyard-ledger-alarms-routed fails prod's preview).
    before: (d) => {
      d.alerts = {};
      delete d.usageLedger.alerts;
      for (const w of Object.values(d.workloads) as Doc[]) w.alerts = [];
    },
    edit: (d) => (d.alerts = { oncall: { email: "platform-oncall@acme.example" } }),
    actions: [
      "create Topic alerts-oncall-topic",
      "create TopicPolicy alerts-oncall-topic-policy",
      "create TopicSubscription alerts-oncall-subscription",
      "delete Topic alerts-unrouted-topic",
      "delete TopicPolicy alerts-unrouted-topic-policy",
      ...["api-limit-stalls", "export-lag", "heartbeat", "late-rows", "logs-deleted-unread", "quarantined", "rows-outside-window", "unattributed-spend", "unverified-windows"].map((alarm) => `update MetricAlarm usage-ledger-${alarm}`),
    ],
  },
  { name: "change a workload's alert channels", edit: (d) => (workload(d, "ops-copilot").alerts = ["oncall", "finance"]), actions: ["update Function usage-ledger-export"] },
  { name: "change a canary percent", edit: (d) => (d.routes.chat.canary.percent = 25), actions: ["update WorkersScript front-door-worker"] },
  {
    name: "change a fallback",
    // A new model gets its fallback price, as production requires: the exporter's workloads file holds the prices.
    edit: (d) => {
      d.routes.summarize.fallbacks = [{ model: "mistral/mistral-small-latest", key: "mistral-main" }];
      d.usageLedger.fallbackPrices["mistral/mistral-small-latest"] = { perRequestUsd: 0.001 };
    },
    actions: ["replace AiGatewayDynamicRouting summarize-rollback-route", "replace AiGatewayDynamicRouting summarize-route", "update WorkersScript front-door-worker", "update Function usage-ledger-export"],
  },
  {
    name: "change a route's primary model",
    edit: (d) => (d.routes.chat.primary.model = "openai/gpt-4.1-mini"),
    actions: ["replace AiGatewayDynamicRouting chat-route", "update WorkersScript front-door-worker"],
  },
  { name: "change guardrails", edit: (d) => (d.gateway.guardrails.responses.hate = "block"), actions: ["update AiGateway acme-prod-ai-gateway"] },
  // The exporter watches for logs deleted unread against maxStored (docs/ledger.md): its configuration follows.
  { name: "change log settings", edit: (d) => (d.gateway.logs.maxStored = 2000000), actions: ["update AiGateway acme-prod-ai-gateway", "update Function usage-ledger-export"] },
  {
    name: "change the front door hostname",
    edit: (d) => (d.gateway.frontDoor.hostname = "gateway.acme.example"),
    actions: ["replace WorkersCustomDomain front-door-domain"],
    refused: ["replace WorkersCustomDomain front-door-domain"],
  },
  { name: "flip a route to its rollback", edit: (d) => (d.routes.chat.active = "rollback"), actions: ["update WorkersScript front-door-worker"] },
  {
    name: "add a workload",
    edit: (d) =>
      (d.workloads["new-bot"] = {
        owner: "team-new@acme.example",
        path: "gateway",
        routes: ["chat"],
        keys: [{ name: "new-bot-prod", expiresOn: "2027-03-01" }],
        readerRoleArn: "arn:aws:iam::210987654321:role/new-bot",
        budget: { monthlyUsd: 100 },
        alerts: ["oncall"],
        decision: { billingSourceOfRecord: "gateway", usageSourceOfRecord: "gateway", invoiceReviewer: "finance@acme.example", quotaOwner: "team-new@acme.example", rollbackOwner: "platform-oncall@acme.example", reviewDate: "2027-03-01" },
      }),
    // Nothing shared names the workload's reader: the stack key's policy does not change.
    actions: [
      "create RandomBytes new-bot-key-new-bot-prod",
      "create Secret new-bot-keys",
      "create SecretVersion new-bot-keys-version",
      "create WorkersKv new-bot-key-new-bot-prod-entry",
      "update AiGateway acme-prod-ai-gateway",
      "update Function usage-ledger-export",
      "update WorkersScript front-door-worker",
    ],
  },
  {
    name: "remove a workload",
    edit: (d) => delete d.workloads["ops-copilot"],
    actions: [
      "delete RandomBytes ops-copilot-key-ops-copilot-prod",
      "delete Secret ops-copilot-keys",
      "delete SecretVersion ops-copilot-keys-version",
      "delete WorkersKv ops-copilot-key-ops-copilot-prod-entry",
      "update AiGateway acme-prod-ai-gateway",
      "update Function usage-ledger-export",
      "update WorkersScript front-door-worker",
    ],
    refused: ["delete Secret ops-copilot-keys"],
  },
  {
    name: "add a route",
    edit: (d) => (d.routes.translate = { primary: { model: "openai/gpt-4.1-mini", key: "openai-main" }, rollback: { model: "openai/gpt-4o-mini", key: "openai-main" } }),
    actions: ["create AiGatewayDynamicRouting translate-rollback-route", "create AiGatewayDynamicRouting translate-route", "update WorkersScript front-door-worker"],
  },
  {
    name: "remove a route",
    before: (d) => (d.routes.translate = { primary: { model: "openai/gpt-4.1-mini", key: "openai-main" } }),
    edit: (d) => delete d.routes.translate,
    actions: ["delete AiGatewayDynamicRouting translate-route", "update WorkersScript front-door-worker"],
  },
  {
    name: "add a provider key",
    edit: (d) => (d.providerKeys["groq-main"] = { provider: "groq", source: { pulumiSecret: "groqApiKey" }, owner: "platform@acme.example", rotation: { everyDays: 90, lastRotated: "2026-11-20" } }),
    actions: ["create Secret provider-keys-groq-main-secret", "create SecretVersion provider-keys-groq-main-secret-version"],
  },
  {
    name: "remove a provider key",
    edit: (d) => {
      delete d.providerKeys["mistral-main"];
      for (const r of Object.values(d.routes as Record<string, Doc>)) r.fallbacks = r.fallbacks?.filter((t: Doc) => t.key !== "mistral-main");
    },
    actions: [
      "delete ByokProviderConfig provider-keys-byok-mistral",
      "delete Secret provider-keys-mistral-main-secret",
      "delete SecretVersion provider-keys-mistral-main-secret-version",
      "replace AiGatewayDynamicRouting chat-rollback-route",
      "replace AiGatewayDynamicRouting chat-route",
      "replace AiGatewayDynamicRouting embed-rollback-route",
      "replace AiGatewayDynamicRouting embed-route",
      "update WorkersScript front-door-worker",
    ],
    refused: ["delete ByokProviderConfig provider-keys-byok-mistral", "delete Secret provider-keys-mistral-main-secret"],
  },
];
