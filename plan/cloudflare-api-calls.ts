/**
 * How many Cloudflare API calls a deploy and a refresh of the stack make, against Cloudflare's
 * per-user rate limit (vendor/limits.ts). Pulumi runs one provider operation per resource step
 * (`pulumi up`: Create for a new resource, Update for a changed one, Create and Delete for a
 * replacement, Delete for a removed one; nothing for an unchanged one unless --refresh;
 * `pulumi refresh`: one Read per resource), and each operation makes the calls counted below.
 *
 * Calls per operation, read from terraform-provider-cloudflare v5.19.1 (the upstream of
 * pulumi/pulumi-cloudflare's bridged provider), internal/services/<resource>/resource.go:
 * - workers_kv: Create and Update one `KV.Namespaces.Values.Update` (PUT) each, no read after the
 *   write; Read a `Values.Get` and a `Metadata.Get`; Delete one `Values.Delete`.
 * - workers_script: Read three (`workers/services/<name>`, `workers/scripts/<name>/settings`,
 *   `Scripts.Content.Get`); Create, Update and Delete one each.
 * - workers_custom_domain: Update makes no call (its inputs force a replacement).
 * - workers_kv_namespace, ai_gateway, ai_gateway_dynamic_routing, account_token: one call each.
 * - The BYOK provider config (components/cloudflare-byok-api.ts, our dynamic provider): one call
 *   per operation (a read that gets a 404 lists the configs too; not counted).
 * No resource's ModifyPlan calls the API, so a preview makes none.
 */
import { VENDOR_RATE_LIMITS } from "../vendor/limits";
import { BYOK_PROVIDER_CONFIG_TYPE } from "../components/contract";
import type { CloudflareApiCalls, EntryLocation, ResourceChange } from "./report-model";

interface Calls {
  create: number;
  read: number;
  update: number;
  delete: number;
}

const ONE_EACH: Calls = { create: 1, read: 1, update: 1, delete: 1 };

/** Every Cloudflare resource type the program declares, by Pulumi type token. */
export const CLOUDFLARE_CALLS_PER_OPERATION: Readonly<Record<string, Calls>> = {
  "cloudflare:index/workersKv:WorkersKv": { create: 1, read: 2, update: 1, delete: 1 },
  "cloudflare:index/workersKvNamespace:WorkersKvNamespace": ONE_EACH,
  "cloudflare:index/workersScript:WorkersScript": { create: 1, read: 3, update: 1, delete: 1 },
  "cloudflare:index/workersCustomDomain:WorkersCustomDomain": { create: 1, read: 1, update: 0, delete: 1 },
  "cloudflare:index/aiGateway:AiGateway": ONE_EACH,
  "cloudflare:index/aiGatewayDynamicRouting:AiGatewayDynamicRouting": ONE_EACH,
  "cloudflare:index/accountToken:AccountToken": ONE_EACH,
  [BYOK_PROVIDER_CONFIG_TYPE]: ONE_EACH,
};

/** Whether a resource of this type is one Cloudflare's API serves (the provider's package, or our Cloudflare dynamic provider). */
export const isCloudflareType = (type: string): boolean => type.startsWith("cloudflare:") || type === BYOK_PROVIDER_CONFIG_TYPE;

function callsOf(type: string): Calls {
  const calls = CLOUDFLARE_CALLS_PER_OPERATION[type];
  // A new Cloudflare resource type needs its calls read from the provider before the plan can count them.
  if (!calls) throw new Error(`plan/cloudflare-api-calls.ts: no call counts for Cloudflare resource type ${type}; read its provider's resource.go and add them`);
  return calls;
}

const STEPS: Record<ResourceChange["action"], ReadonlyArray<keyof Calls>> = { create: ["create"], update: ["update"], replace: ["create", "delete"], delete: ["delete"], same: [] };

export const CLOUDFLARE_RATE_LIMIT = VENDOR_RATE_LIMITS.cloudflareApiRequests;

/**
 * The calls of a first deploy (every resource created), of a refresh (every resource read) and,
 * given the resource changes of --base, of this change. `location`: where a warning points (the
 * stack file's `workloads`, which grow the calls).
 */
export function cloudflareApiCalls(resources: ReadonlyArray<{ type: string; custom: boolean }>, changes: readonly ResourceChange[] | undefined, location: EntryLocation): CloudflareApiCalls {
  let firstDeploy = 0;
  let refresh = 0;
  for (const r of resources) {
    if (!r.custom || !isCloudflareType(r.type)) continue;
    const calls = callsOf(r.type);
    firstDeploy += calls.create;
    refresh += calls.read;
  }
  let thisChange: number | undefined;
  if (changes) {
    thisChange = 0;
    for (const c of changes) if (isCloudflareType(c.type)) for (const step of STEPS[c.action]) thisChange += callsOf(c.type)[step];
  }
  const limit = CLOUDFLARE_RATE_LIMIT.figure;
  const over = [
    ...(firstDeploy > limit ? [`a first deploy makes ${count(firstDeploy)}`] : []),
    ...(refresh > limit ? [`a refresh makes ${count(refresh)}`] : []),
    ...(thisChange !== undefined && thisChange > limit ? [`this change makes ${count(thisChange)}`] : []),
  ];
  return {
    firstDeploy,
    refresh,
    ...(thisChange !== undefined ? { thisChange } : {}),
    limit,
    windowMinutes: CLOUDFLARE_RATE_LIMIT.windowMinutes,
    ...(over.length ? { warning: { message: `${capitalised(over.join(" and "))} Cloudflare API calls. ${PACING}`, location } } : {}),
  };
}

const count = (n: number) => n.toLocaleString("en-US");
const capitalised = (text: string) => `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;

/**
 * What happens past the limit and how to pace. Sources: cloudflare-docs
 * src/content/partials/fundamentals/api-rate-limits.mdx (past the limit every call is refused
 * with HTTP 429 for five minutes); terraform-provider-cloudflare internal/provider.go sets no retry
 * option, so cloudflare-go's default applies (internal/requestconfig/requestconfig.go: MaxRetries 2,
 * a 429 retried after its Retry-After when under a minute, else 0.5 s doubling to at most 8 s):
 * a refused call fails the step within seconds; pulumi/pulumi pkg/cmd/pulumi/operations/up.go:
 * `--parallel` "Defaults to unbounded" (also PULUMI_PARALLEL).
 */
const PACING =
  `Cloudflare allows ${count(CLOUDFLARE_RATE_LIMIT.figure)} per ${CLOUDFLARE_RATE_LIMIT.windowMinutes} minutes per user and then refuses every call for ${CLOUDFLARE_RATE_LIMIT.windowMinutes} minutes, ` +
  "and the provider retries a refused call only twice within seconds, so the deploy stops part-way (run it again once the window has passed: it carries on). " +
  "Pace it: add workloads in batches that stay under the limit, deployed at least five minutes apart; `pulumi up --parallel 4` (or PULUMI_PARALLEL) slows the calls, which Pulumi otherwise runs unbounded; " +
  "refresh with `pulumi refresh --target` in batches rather than `pulumi up --refresh`; Enterprise accounts can ask Cloudflare Support for a higher limit.";

/** "764 for a first deploy, 1,520 for a refresh, 2 for this change; Cloudflare allows 1,200 per 5 minutes" */
export function describeCloudflareApiCalls(c: CloudflareApiCalls): string {
  const parts = [`${count(c.firstDeploy)} for a first deploy`, `${count(c.refresh)} for a refresh`, ...(c.thisChange !== undefined ? [`${count(c.thisChange)} for this change`] : [])];
  return `${parts.join(", ")}; Cloudflare allows ${count(c.limit)} per ${c.windowMinutes} minutes`;
}
