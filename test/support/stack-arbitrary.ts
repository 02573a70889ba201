/**
 * Random stack files for property tests, as a person could write them: every provider (keys read
 * from Pulumi config or Secrets Manager), routes with canary, up to the most fallbacks the loader
 * allows and a rollback (sometimes active), workloads of every path with gateway keys, direct keys,
 * budgets, rate limits, alert channels and decision records, gateway settings, a front door or not,
 * the usage ledger on or off, and environments up to the longest slug the schema allows. Built to
 * be valid in most draws; the loader is the judge of which are.
 */
import fc from "fast-check";
import { ENDPOINT_FAMILIES } from "../../stacks/endpoint-families";
import { isProduction } from "../../stacks/environment";
import { FORMATS, LIMITS } from "../../stacks/formats";
import { minutesKept } from "../../stacks/ledger-source";
import { PROVIDERS, whyNotCallable, whyNotRoutable, type Provider } from "../../stacks/providers";

/** The longest environment the schema allows (a letter, then 31 more). */
export const LONGEST_ENVIRONMENT = `e${"n".repeat(30)}1`;
/** The longest entry name the schema allows. */
const LONGEST_LABEL = `l${"a".repeat(61)}9`;

type Gen = fc.GeneratorValue;
// Arbitraries are made once here and drawn through a closure: fc.gen() memoises a factory by its
// arguments, and every RegExp argument looks alike to it.
const HEX32 = fc.stringMatching(FORMATS.cloudflareId.pattern);
const CONFIG_KEY = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,20}$/);
const GATEWAY_ID = fc.stringMatching(FORMATS.gatewayId.pattern);
const ENVIRONMENT = fc.stringMatching(FORMATS.environment.pattern);
const SHORT_LABEL = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/);
const MODEL_NAME = fc.oneof(fc.constantFrom("gpt-4.1", "claude-sonnet-4-5", "gemini-2.5-flash", "llama-3.1-8b:free"), fc.stringMatching(/^[A-Za-z0-9@._:+-][A-Za-z0-9@._:+/-]{0,24}$/));
type Json = Record<string, unknown>;

const pick = <T>(g: Gen, values: readonly T[]): T => g(fc.constantFrom, ...values);
const maybe = <T>(g: Gen, make: () => T): T | undefined => (g(fc.boolean) ? make() : undefined);
const some = <T>(g: Gen, values: readonly T[], min = 0): T[] => (values.length ? g(() => fc.subarray([...values], { minLength: Math.min(min, values.length) })) : []);
const int = (g: Gen, min: number, max: number): number => g(fc.integer, { min, max });
const date = (g: Gen, from: string, days: number): string => new Date(Date.parse(`${from}T00:00:00Z`) + int(g, 0, days) * 86_400_000).toISOString().slice(0, 10);
const email = (g: Gen, who: string) => `${who}-${int(g, 0, 99)}@acme.example`;
const awsAccount = (g: Gen) => String(int(g, 100_000_000_000, 999_999_999_999));
const hex32 = (g: Gen) => g(() => HEX32);
const names = (g: Gen, max: number, min = 0): string[] =>
  g(() => fc.uniqueArray(fc.oneof({ weight: 5, arbitrary: SHORT_LABEL }, { weight: 1, arbitrary: fc.constant(LONGEST_LABEL) }), { minLength: min, maxLength: max }));
const modelName = (g: Gen): string => g(() => MODEL_NAME);

export function generateStackFile(g: Gen): Json {
  const environment = g(() => fc.oneof(fc.constant(LONGEST_ENVIRONMENT), fc.constantFrom("dev", "prod", "production-eu"), ENVIRONMENT));
  const region = pick(g, ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"]);
  const billing = pick(g, ["byok", "unified"] as const);

  // One provider key per provider: the gateway serves one key per provider (stacks/gateway-keys.ts).
  const providers = g(() => fc.uniqueArray(fc.constantFrom(...PROVIDERS), { minLength: 1, maxLength: 6 }));
  const keyOf = (p: Provider) => `key-${p}`;
  const providerKeys: Json = {};
  for (const p of providers) {
    const fromConfig = g(fc.boolean);
    providerKeys[keyOf(p)] = {
      provider: p,
      source: fromConfig ? { pulumiSecret: g(() => CONFIG_KEY) } : { awsSecretArn: `arn:aws:secretsmanager:${region}:${awsAccount(g)}:secret:${p}-AbCdEf` },
      owner: email(g, "keys"),
      rotation: { everyDays: int(g, 1, 730), lastRotated: date(g, "2025-06-01", 500) },
      ...(g(fc.boolean) ? { providerAccount: { id: p === "aws-bedrock" && g(fc.boolean) ? awsAccount(g) : `acct-${int(g, 0, 999)}`, contract: pick(g, ["pay-as-you-go", "committed", "enterprise"]) } } : {}),
    };
  }
  const routable = providers.filter((p) => !whyNotRoutable(p));
  const callable = billing === "byok" ? providers.filter((p) => !whyNotCallable(p)) : PROVIDERS.filter((p) => !whyNotCallable(p));
  const target = (p: Provider, model = modelName(g)) => ({ model: `${p}/${model}`, key: keyOf(p) });

  const routes: Json = {};
  for (const name of routable.length ? names(g, 3) : []) {
    const primaryProvider = pick(g, routable);
    const primary = target(primaryProvider, "primary-model");
    const rollback = maybe(g, () => target(pick(g, routable), "rollback-model"));
    routes[name] = {
      primary,
      ...(g(fc.boolean) ? { canary: { ...target(pick(g, routable), "canary-model"), percent: int(g, LIMITS.canaryPercent.min, LIMITS.canaryPercent.max) } } : {}),
      fallbacks: Array.from({ length: int(g, LIMITS.fallbacks.min, LIMITS.fallbacks.max) }, () => target(pick(g, routable))),
      ...(rollback ? { rollback, active: pick(g, ["primary", "rollback"]) } : {}),
      timeoutMs: int(g, 100, 600_000),
      retries: int(g, 0, 5),
      ...(g(fc.boolean) ? { description: "generated" } : {}),
    };
  }
  const routeNames = Object.keys(routes);
  const models = [...new Set(callable.map((p) => `${p}/${modelName(g)}`))];

  const alerts: Json = {};
  for (const name of names(g, 4)) alerts[name] = g(fc.boolean) ? { email: email(g, name.slice(0, 20)) } : { webhook: `https://hooks.acme.example/${name}` };
  const channels = Object.keys(alerts);

  const workloads: Json = {};
  // One account for every reader role: the loader refuses readers spread over accounts (stacks/reader-accounts.ts).
  const readerAccount = awsAccount(g);
  let keyCount = 0;
  for (const name of names(g, 5)) {
    const canCallGateway = routeNames.length + models.length > 0;
    const path = canCallGateway ? pick(g, ["gateway", "direct", "hybrid"] as const) : "direct";
    const gateway = path !== "direct";
    const direct = path !== "gateway";
    const chosenRoutes = gateway ? some(g, routeNames) : [];
    const chosenModels = gateway ? some(g, models, chosenRoutes.length ? 0 : 1) : [];
    workloads[name] = {
      owner: email(g, "team"),
      path,
      ...(gateway
        ? {
            routes: chosenRoutes,
            models: chosenModels,
            keys: Array.from({ length: int(g, 1, 3) }, () => ({
              name: `key-${++keyCount}`,
              expiresOn: date(g, "2026-12-01", 400),
              ...(g(fc.boolean) ? { allowedIps: some(g, ["10.0.0.0/8", "203.0.113.0/24", "2001:db8::/32"], 1) } : {}),
              ...(g(fc.boolean) ? { families: some(g, ENDPOINT_FAMILIES, 1) } : {}),
            })),
          }
        : {}),
      ...(direct ? { directKeys: some(g, providers.map(keyOf), 1) } : {}),
      readerRoleArn: `arn:aws:iam::${readerAccount}:role/${name.slice(0, 40)}`,
      ...(g(fc.boolean)
        ? {
            budget: {
              monthlyUsd: g(() => fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(12.5, 0.01, 99.99))),
              alertAtPercent: [...new Set(g(() => fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 })))].sort((a, b) => a - b),
              hardLimit: g(fc.boolean),
            },
          }
        : {}),
      ...(gateway && g(fc.boolean) ? { rateLimit: { requestsPerMinute: int(g, 1, 1_000_000) } } : {}),
      alerts: some(g, channels.filter((c) => !(alerts[c] as Json).webhook)).concat(some(g, channels.filter((c) => (alerts[c] as Json).webhook)).slice(0, 1)),
      ...(g(fc.boolean)
        ? {
            decision: {
              billingSourceOfRecord: pick(g, ["gateway", "provider"]),
              usageSourceOfRecord: pick(g, ["gateway", "provider"]),
              invoiceReviewer: email(g, "finance"),
              quotaOwner: email(g, "quota"),
              rollbackOwner: email(g, "oncall"),
              providerNativeControls: some(g, ["audit-logs", "committed-spend", "data-residency"]),
              reviewDate: date(g, "2026-01-01", 700),
            },
          }
        : {}),
    };
  }

  const frontDoor = g(fc.boolean);
  const maxStored = int(g, 10_000, 10_000_000);
  const exportEveryMinutes = int(g, LIMITS.exportEveryMinutes.min, LIMITS.exportEveryMinutes.max);
  // What production requires of the ledger's source: a peak the logs hold, a price for every model
  // (always there in production, where the loader requires it: a stack drawn without it is refused,
  // and fast-check's filter can draw the same refused stack again and again).
  const reachable = new Set<string>();
  for (const route of Object.values(routes) as Json[]) for (const t of [route.primary, route.canary, ...((route.fallbacks as Json[]) ?? []), route.rollback] as (Json | undefined)[]) if (t) reachable.add(String(t.model));
  for (const w of Object.values(workloads) as Json[]) for (const m of (w.models as string[] | undefined) ?? []) reachable.add(m);
  const source = isProduction(environment) || g(fc.boolean)
    ? { peakRequestsPerMinute: int(g, 1, Math.max(1, Math.floor(maxStored / minutesKept(exportEveryMinutes)))), fallbackPrices: Object.fromEntries([...reachable].map((m) => [m, { perRequestUsd: int(g, 0, 100) / 1000 }])) }
    : {};
  return {
    environment,
    owner: email(g, "platform"),
    cloudflare: { accountId: hex32(g), ...(frontDoor || g(fc.boolean) ? { zoneId: hex32(g) } : {}) },
    aws: { region },
    gateway: {
      id: g(() => fc.oneof(fc.constant(`gw-${environment}`), GATEWAY_ID)),
      billing,
      cacheTtlSeconds: int(g, 0, 2_592_000),
      logs: { collect: g(fc.boolean), maxStored, whenFull: pick(g, ["delete-oldest", "stop-inserting"]) },
      ...(g(fc.boolean) ? { rateLimit: { requests: int(g, 1, 1_000_000), perSeconds: int(g, 1, 86_400), technique: pick(g, ["fixed", "sliding"]) } } : {}),
      ...(g(fc.boolean) ? { retries: { maxAttempts: int(g, 1, 5), backoff: pick(g, ["constant", "linear", "exponential"]), delayMs: int(g, 0, 5000) } } : {}),
      ...(frontDoor ? { frontDoor: { hostname: `ai.${environment.replace(/-+$/, "")}.acme.example` } } : {}),
      ...(g(fc.boolean) ? { protect: g(fc.boolean) } : {}),
    },
    providerKeys,
    routes,
    workloads,
    alerts,
    usageLedger: {
      enabled: g(fc.boolean),
      exportEveryMinutes,
      retentionDays: int(g, LIMITS.retentionDays.min, LIMITS.retentionDays.max),
      ...(channels.length && g(fc.boolean) ? { alerts: some(g, channels, 1) } : {}),
      ...source,
    },
  };
}
