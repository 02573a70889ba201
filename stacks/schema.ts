/**
 * The stack file's shape (docs/stack-file.md) as one zod schema. Types, defaults and the
 * generated JSON Schema (stack.schema.json) all come from here; cross-references and rules that
 * span fields live in checks.ts.
 */
import { z } from "zod";

import { GUARDRAIL_ACTIONS, GUARDRAIL_CATEGORIES, GUARDRAIL_CATEGORY_NAMES, type GuardrailAction, type GuardrailCategory } from "./guardrails";
import { ENDPOINT_FAMILIES } from "./endpoint-families";
import { FORMATS, LIMITS, wholeNumberText, type Format, type Range } from "./formats";
import { MISSPELLED_PROVIDERS, PROVIDERS } from "./providers";
import { nearest } from "./nearest";

export { PROVIDERS, providerOf, type Provider } from "./providers";

/** "xai" is not AI Gateway's slug for xAI: say which one is. */
function misspeltProvider(slug: string): string | undefined {
  const right = Object.hasOwn(MISSPELLED_PROVIDERS, slug) ? MISSPELLED_PROVIDERS[slug] : undefined;
  return right && `"${slug}" is not an AI Gateway provider slug: use "${right}" (for example ${right}/<model>)`;
}

/** A string in one of formats.ts's formats. */
const formatted = (format: Format) => z.string().regex(format.pattern, { error: `expected ${format.expected}` });
const slug = formatted(FORMATS.environment);
const label = formatted(FORMATS.label);
const email = z.email({ error: "expected an e-mail address" });
const hex32 = formatted(FORMATS.cloudflareId);
const calendarDate = z.iso.date({ error: "expected a calendar date YYYY-MM-DD" });
/** A YYYY-MM-DD date that exists (2026-02-30 does not): the one date check of stack files, policies and plan. */
export const isCalendarDate = (value: unknown): value is string => calendarDate.safeParse(value).success;
const cidr = z.union([z.cidrv4(), z.cidrv6()], { error: "expected an IPv4 or IPv6 CIDR such as 203.0.113.0/24" });
const httpsUrl = formatted(FORMATS.httpsUrl);
const hostname = formatted(FORMATS.hostname);
const modelId = z
  .string()
  .regex(new RegExp(`^(${PROVIDERS.join("|")})/[A-Za-z0-9@._:+-][A-Za-z0-9@._:+/-]*$`), {
    error: (issue) =>
      (typeof issue.input === "string" && misspeltProvider(issue.input.slice(0, issue.input.indexOf("/")))) ||
      `expected <provider>/<model> with provider one of ${PROVIDERS.join(", ")}`,
  })
  .describe("A model id, always <provider>/<model-id>, e.g. openai/gpt-4.1.");
const intIn = (range: Range, error = `expected ${wholeNumberText(range)}`) => z.int({ error }).min(range.min, { error }).max(range.max, { error });
const intBetween = (min: number, max: number) => intIn({ min, max });
const positiveInt = (max: number) => intBetween(1, max);
/** "expected one of: a | b | c", with a "did you mean" when the value written is close to one. */
export function expectedOneOf(values: readonly string[], input: unknown): string {
  const near = typeof input === "string" ? nearest(input, values) : undefined;
  return `expected one of: ${values.join(" | ")}${near ? ` (did you mean "${near}"?)` : ""}`;
}

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: (issue) => expectedOneOf(values, issue.input) });

/** Where a secret lives, never its value: a Pulumi config secret or an AWS Secrets Manager secret. */
const secretReferenceFields = {
  pulumiSecret: formatted(FORMATS.pulumiConfigKey).optional().describe("A Pulumi config secret: pulumi config set --secret <name> ..."),
  awsSecretArn: formatted(FORMATS.secretArn).optional().describe("An existing AWS Secrets Manager secret."),
};

const target = z
  .strictObject({
    model: modelId,
    key: label.describe("A name under providerKeys whose provider matches the model's: the gateway's one key for that provider, so every target of a provider names the same key."),
  })
  .describe("Where a route sends a request: a model and the provider key that pays for it.");

const guardrailAction = oneOf(GUARDRAIL_ACTIONS);
const guardrailCategories = z
  .strictObject(
    Object.fromEntries(GUARDRAIL_CATEGORY_NAMES.map((name) => [name, guardrailAction.optional().describe(`Cloudflare's ${GUARDRAIL_CATEGORIES[name].code}, ${GUARDRAIL_CATEGORIES[name].title}.`)])) as Record<GuardrailCategory, z.ZodOptional<z.ZodEnum<{ [K in GuardrailAction]: K }>>>)
  .prefault({});

const dlpPolicy = z
  .strictObject({
    profiles: z
      .array(formatted(FORMATS.dlpProfileId))
      .min(1, { error: "expected at least one DLP profile id" })
      .describe("The DLP profiles (predefined or custom) this policy matches, by id."),
    action: oneOf(GUARDRAIL_ACTIONS).describe("flag: log the match (and return it in the cf-aig-dlp header); block: refuse the request or response."),
    check: z
      .array(oneOf(["request", "response"]))
      .min(1, { error: "expected request, response or both" })
      .default(["request", "response"])
      .describe("What is scanned: request (prompts), response (answers; a streamed response is buffered first), or both."),
  })
  .describe("One DLP policy of the gateway.");

const headerName = formatted(FORMATS.headerName);
const headerValue = z
  .strictObject({
    ...secretReferenceFields,
    value: z.string().min(1, { error: "expected a non-empty header value" }).optional().describe("The value written here, in plain text: only for a header that is not a secret."),
  })
  .describe("Exactly one of value (plain text), pulumiSecret or awsSecretArn.");

const openTelemetryExporter = z
  .strictObject({
    url: httpsUrl.describe("The collector's OTLP traces endpoint, https://."),
    contentType: oneOf(["json", "protobuf"]).default("json").describe("OTLP encoding the collector expects."),
    headers: z
      .record(headerName, headerValue)
      .default({})
      .describe("Header name -> its value, by reference when it is a secret (an API key, an Authorization header)."),
  })
  .describe("One OpenTelemetry (OTLP) trace exporter of the gateway.");

const gateway = z
  .strictObject({
    id: formatted(FORMATS.gatewayId).describe("The Cloudflare AI Gateway id, unique in the account."),
    billing: oneOf(["byok", "unified"])
      .default("byok")
      .describe("byok: provider keys are ours (the gateway refuses Unified Billing). unified: Cloudflare Unified Billing."),
    cacheTtlSeconds: intBetween(0, 2_592_000).default(0).describe("Response cache TTL; 0 turns caching off."),
    logs: z
      .strictObject({
        collect: z.boolean().default(true).describe("Store request logs in the gateway."),
        maxStored: intBetween(10_000, 10_000_000).default(1_000_000).describe("Logs kept, 10,000 to 10,000,000."),
        whenFull: oneOf(["delete-oldest", "stop-inserting"]).default("delete-oldest").describe("What the gateway does once maxStored logs are kept."),
      })
      .prefault({})
      .describe("Gateway request logs."),
    rateLimit: z
      .strictObject({
        requests: positiveInt(1_000_000).describe("Requests allowed per window."),
        perSeconds: positiveInt(86_400).describe("The window in seconds."),
        technique: oneOf(["fixed", "sliding"]).default("fixed").describe("Fixed or sliding window."),
      })
      .optional()
      .describe("Gateway-wide rate limit."),
    retries: z
      .strictObject({
        maxAttempts: positiveInt(5).describe("1 to 5 attempts."),
        backoff: oneOf(["constant", "linear", "exponential"]).default("constant").describe("How the delay grows between attempts."),
        delayMs: intBetween(0, 5000).default(500).describe("Delay between attempts, at most 5000 ms."),
      })
      .optional()
      .describe("Gateway retries on upstream failure."),
    guardrails: z
      .strictObject({
        prompts: guardrailCategories.describe("Categories evaluated in what clients send."),
        responses: guardrailCategories.describe("Categories evaluated in what models answer (text generation only; a streamed response is buffered, then evaluated)."),
      })
      .optional()
      .describe(
        "Cloudflare AI Gateway Guardrails (Llama Guard 3 8B and Prompt Guard 2 on Workers AI): per hazard category, flag (log) or block (refuse). Categories left out are not evaluated. Billed as Workers AI usage; adds about 500 ms per request (Cloudflare).",
      ),
    dlp: z
      .strictObject({
        policies: z
          .record(label, dlpPolicy)
          .describe("Policy id -> the DLP profiles it matches and what it does on a match."),
      })
      .optional()
      .describe("Cloudflare Data Loss Prevention on prompts and responses, with the account's DLP profiles (Zero Trust > Data Loss Prevention > Profiles)."),
    zeroDataRetention: z
      .boolean()
      .default(false)
      .describe("Route Unified Billing requests to providers' zero-data-retention endpoints (Cloudflare: OpenAI and Anthropic). Applies only with billing: unified; does not change the gateway's own logs."),
    openTelemetry: z
      .record(label, openTelemetryExporter)
      .default({})
      .describe("Name -> an OpenTelemetry collector the gateway exports a trace span of every request to (model, provider, tokens, cost, metadata, and the prompt and completion)."),
    frontDoor: z
      .strictObject({
        hostname: hostname.describe("The one base URL applications call: https://<hostname>."),
      })
      .optional()
      .describe("The Worker in front of the gateway that holds the gateway token and checks workload keys."),
    protect: z.boolean().optional().describe("Protect gateway, KMS keys and secrets from deletion. Default: true for prod, else false."),
  })
  .describe("The Cloudflare AI Gateway of this environment.");

/**
 * An entry's former labels, oldest first: its cloud resources keep their identity through a rename
 * (Pulumi aliases from each former logical name), so `pulumi up` updates them in place.
 */
const renamedFrom = z
  .array(label)
  .min(1, { error: "expected at least one former label; leave the field out when the entry was never renamed" })
  .optional()
  .describe(
    "Labels this entry had before, oldest first. Its resources keep their identity (Pulumi aliases), so a rename updates in place instead of replacing; keep it until every stack has been deployed with the new label.",
  );

const providerKey = z
  .strictObject({
    provider: z
      .enum(PROVIDERS, { error: (issue) => (typeof issue.input === "string" && misspeltProvider(issue.input)) || expectedOneOf(PROVIDERS, issue.input) })
      .describe("The upstream provider (AI Gateway's slug: xAI is grok)."),
    source: z
      .strictObject(secretReferenceFields)
      .describe("Where the credential lives: exactly one of pulumiSecret or awsSecretArn."),
    owner: email.describe("Who rotates this key."),
    rotation: z
      .strictObject({
        everyDays: positiveInt(730).describe("Rotate at least this often."),
        lastRotated: calendarDate.describe("When the key was last rotated; rotation is due everyDays later."),
      })
      .describe("How often the key is rotated, and when it last was."),
    providerAccount: z
      .strictObject({
        id: z.string().min(1).max(128).describe("The account or organisation id at the provider."),
        contract: oneOf(["pay-as-you-go", "committed", "enterprise"]).describe("How the provider account is billed."),
      })
      .optional()
      .describe("The direct provider account this key belongs to."),
    renamedFrom,
  })
  .describe("One upstream provider credential, by reference only.");

const route = z
  .strictObject({
    description: z.string().max(256).optional().describe("Free text for reviewers."),
    primary: target,
    canary: target
      .extend({
        percent: intIn(LIMITS.canaryPercent, `expected a percent from ${LIMITS.canaryPercent.min} to ${LIMITS.canaryPercent.max}`)
          .describe("Percent of the route's requests sent to the canary."),
      })
      .optional()
      .describe("A share of requests sent to another target."),
    fallbacks: z.array(target).max(LIMITS.fallbacks.max).default([]).describe("Tried in order when a target fails or times out."),
    rollback: target.optional().describe("The last known-good target; `active: rollback` switches to it."),
    active: oneOf(["primary", "rollback"]).default("primary").describe("The one-line rollback switch."),
    timeoutMs: intBetween(100, 600_000).default(30_000).describe("Per-target timeout before the next fallback."),
    retries: intBetween(0, 5).default(1).describe("Retries per target before the next fallback."),
    renamedFrom: renamedFrom.describe(
      "Labels this route had before, oldest first. Its resources keep their identity, and the front door keeps serving dynamic/<former label> as this route, so clients still calling the old name are not cut off.",
    ),
  })
  .describe("A named model route; clients call model dynamic/<name>.");

const gatewayKey = z.strictObject({
  name: label.describe("Unique across all workloads of the stack."),
  expiresOn: calendarDate.describe("The key stops working at 00:00 UTC on this date."),
  allowedIps: z.array(cidr).min(1).optional().describe("Only requests from these CIDRs are accepted."),
  families: z
    .array(oneOf(ENDPOINT_FAMILIES))
    .min(1)
    .optional()
    .describe("Endpoint families the key may call (docs/front-door.md lists each one's operations). Absent: every family. Named in prod (switchyard-keys-families)."),
});

const workload = z
  .strictObject({
    owner: email.describe("The owning team."),
    path: oneOf(["gateway", "direct", "hybrid"]).describe("gateway: only gateway keys. direct: provider keys only. hybrid: both."),
    routes: z.array(label).default([]).describe("Routes it may call (gateway and hybrid)."),
    models: z.array(modelId).default([]).describe("Plain models it may call through the gateway."),
    keys: z.array(gatewayKey).default([]).describe("Its gateway keys; never shared between workloads."),
    directKeys: z.array(label).default([]).describe("Provider keys it reads directly (direct and hybrid)."),
    readerRoleArn: formatted(FORMATS.roleArn).describe("The AWS role allowed to read this workload's secrets, in the account the stack deploys to (every workload's in one account)."),
    budget: z
      .strictObject({
        monthlyUsd: z
          .number({ error: "expected a number of US dollars" })
          .positive({ error: "expected a positive number of US dollars" })
          .describe("The budget for a calendar month, in US dollars."),
        alertAtPercent: z.array(positiveInt(100)).min(1).default([50, 80, 100]).describe("Alarm at these percents of the monthly budget, ascending."),
        hardLimit: z
          .boolean()
          .default(true)
          .describe(
            "Enforce the budget at the gateway with a spend-limit rule (429 once spent). Workloads with the same monthlyUsd share one rule, each with its own bucket; Cloudflare allows 20 rules per gateway, so at most 20 distinct amounts. false: alarms only.",
          ),
      })
      .optional()
      .describe("Monthly budget in US dollars, with alarm thresholds."),
    rateLimit: z.strictObject({ requestsPerMinute: positiveInt(1_000_000).describe("Requests per minute allowed for each gateway key.") }).optional().describe("Requests per minute for each of this workload's gateway keys, enforced by the front door (per Cloudflare location, eventually consistent); over it: 429 with Retry-After."),
    alerts: z.array(label).default([]).describe("Names from the alerts section."),
    decision: z
      .strictObject({
        billingSourceOfRecord: oneOf(["gateway", "provider"]).optional().describe("Whose records are the truth for this workload's spend: the gateway's or the provider's."),
        usageSourceOfRecord: oneOf(["gateway", "provider"]).optional().describe("Whose records are the truth for its usage: the gateway's or the provider's."),
        invoiceReviewer: email.optional().describe("Who reviews the provider invoice for this workload."),
        quotaOwner: email.optional().describe("Who owns the provider quota it runs on."),
        rollbackOwner: email.optional().describe("Who decides a rollback of its routes."),
        providerNativeControls: z
          .array(label)
          .default([])
          .describe("Provider-side controls it relies on, e.g. audit-logs, committed-spend, data-residency, quota-increase."),
        reviewDate: calendarDate.optional().describe("When the decision is reviewed again."),
        currentBaseUrl: httpsUrl
          .optional()
          .describe(
            "The base URL the workload's clients call today, before the move to its path (e.g. https://api.openai.com/v1): where a rollback points them back. Leave it out once the move is done; the record then reads the target base URL. Default for a direct workload: its providers' own APIs.",
          ),
        rollbackModel: modelId.optional().describe("The model its clients called before the move, kept ready for rollback (provider/model-id)."),
        rollbackKey: label
          .optional()
          .describe("The provider key (a name under providerKeys) its clients used before the move, kept ready for rollback. The record shows its label, owner and rotation date, never the key."),
      })
      .optional()
      .describe("The access decision record: who owns billing, usage, quota and rollback, and when it is reviewed."),
    renamedFrom,
  })
  .describe("One application or job that uses AI models.");

const alertChannel = z
  .strictObject({
    email: email.optional().describe("An e-mail address that receives alarm notifications (SNS email subscription)."),
    webhook: httpsUrl
      .optional()
      .describe("An https:// endpoint that receives alarm notifications (SNS https subscription)."),
  })
  .describe("One notification channel: exactly one of email or webhook.");

const retentionError = `expected a whole number of days from ${LIMITS.retentionDays.min} to ${LIMITS.retentionDays.max.toLocaleString("en-US")}: the ledger must keep this month and all of last month (month-to-date and chargeback read every hour file of a month)`;

export const stackFileSchema = z
  .strictObject({
    environment: slug.describe("The environment, usually the Pulumi stack name."),
    owner: email.describe("The owning team."),
    description: z.string().max(512).optional().describe("Free text for reviewers."),
    cloudflare: z
      .strictObject({
        accountId: hex32.describe("The Cloudflare account (32 hex). Production needs an account no other environment uses."),
        zoneId: hex32.optional().describe("The zone of the front door's hostname; required when gateway.frontDoor is set."),
      })
      .describe("The Cloudflare account (and zone) the gateway and the front door live in."),
    aws: z
      .strictObject({
        region: formatted(FORMATS.awsRegion).describe("Where secrets, alarms, budgets and the ledger live."),
      })
      .describe("The AWS side: provider-key secrets, alarms, budgets and the usage ledger."),
    gateway,
    providerKeys: z.record(label, providerKey).default({}).describe("Name -> one upstream provider credential."),
    routes: z.record(label, route).default({}).describe("Name -> a model route; clients call model dynamic/<name>."),
    workloads: z.record(label, workload).default({}).describe("Name -> one application or job that uses AI models."),
    alerts: z.record(label, alertChannel).default({}).describe("Name -> one notification channel."),
    usageLedger: z
      .strictObject({
        enabled: z.boolean().default(true).describe("false turns the ledger off."),
        exportEveryMinutes: intIn(LIMITS.exportEveryMinutes).default(15).describe("Minutes between exports of closed usage windows."),
        retentionDays: intIn(LIMITS.retentionDays, retentionError)
          .default(400)
          .describe("Days ledger objects are kept in S3: at least this month and all of last month."),
        alerts: z.array(label).min(1, { error: "expected at least one channel; leave the field out for the default" }).optional().describe("Channels the exporter's alarms notify (exports stopped or behind, late or quarantined log entries, unattributed spend, API limit stalls). Default: the first channel under alerts."),
        peakRequestsPerMinute: positiveInt(1_000_000)
          .optional()
          .describe(
            "The busiest minute's requests through the gateway. gateway.logs.maxStored must hold the logs of the time the exporter reads behind (10-minute read delay + one window + one schedule period) at this rate, or the gateway deletes logs before they are read. Required in production.",
          ),
        fallbackPrices: z
          .record(
            modelId,
            z
              .strictObject({ perRequestUsd: z.number({ error: "expected a number of US dollars" }).nonnegative({ error: "expected a number of US dollars, at least 0" }).describe("US dollars counted per request.") })
              .describe("The price counted for this model's requests the gateway logged without a cost."),
          )
          .default({})
          .describe(
            "<provider>/<model> -> the price counted toward budgets (month-to-date) for requests the gateway logged without a cost (no price for the model, or a cost of 0). The ledger keeps the gateway's figures. In production every model a budgeted workload can call needs one.",
          ),
      })
      .prefault({})
      .describe("The usage ledger in S3 and CloudWatch; on by default."),
  })
  .describe("A Switchyard stack file: one environment's AI API gateway.");

/** The stack file as parsed, defaults filled in. */
export type StackFile = z.output<typeof stackFileSchema>;
/** What a person may write (defaults optional). */
export type StackFileInput = z.input<typeof stackFileSchema>;

/** The validated, defaults-resolved stack: what the program, policies and plan consume. */
export type StackSpec = Omit<StackFile, "gateway"> & {
  gateway: Omit<StackFile["gateway"], "protect"> & { protect: boolean };
};
export type ProviderKeySpec = StackSpec["providerKeys"][string];
export type RouteSpec = StackSpec["routes"][string];
export type RouteTarget = RouteSpec["primary"];
export type WorkloadSpec = StackSpec["workloads"][string];
export type GatewayKeySpec = WorkloadSpec["keys"][number];
export type AlertChannelSpec = StackSpec["alerts"][string];
export type DecisionSpec = NonNullable<WorkloadSpec["decision"]>;

/** The decision fields a complete record has (switchyard-decision-record-complete; `switchyard decisions` names the ones left out). */
export const DECISION_REQUIRED = ["billingSourceOfRecord", "usageSourceOfRecord", "invoiceReviewer", "quotaOwner", "rollbackOwner", "reviewDate"] as const satisfies ReadonlyArray<keyof DecisionSpec>;
export type GuardrailsSpec = NonNullable<StackSpec["gateway"]["guardrails"]>;
export type DlpSpec = NonNullable<StackSpec["gateway"]["dlp"]>;
export type OpenTelemetryExporterSpec = StackSpec["gateway"]["openTelemetry"][string];
export type HeaderValueSpec = OpenTelemetryExporterSpec["headers"][string];
/** Where a secret lives: exactly one of a Pulumi config secret or a Secrets Manager ARN. */
export type SecretReference = ProviderKeySpec["source"];
