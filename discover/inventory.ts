/**
 * What the scan means: for each place found, whether it reaches the provider directly, the
 * gateway, or something else (a proxy, a self-hosted model), and the model ids it names as the
 * stack file writes them (`provider/model`, `dynamic/<route>`); per service, what it uses; and
 * the sprawl the code shows, counted as plan/sprawl.ts counts a stack (same metric names).
 */
import { SPRAWL_METRICS } from "../plan/sprawl";
import { DYNAMIC_PREFIX, PROVIDERS, type Provider } from "../stacks/providers";
import { GATEWAY_HOST, hostOf, providerOfModel, providerOfPrefix, providerOfUrl, type CodeProvider } from "./catalogue";
import type { ScanResult, Service } from "./scan";
import { describeOrigin, resolvedValue, type Site } from "./sites";

export type Reach = "direct" | "gateway" | "other" | "unknown";

export interface JudgedSite extends Site {
  service: string;
  reach: Reach;
  /** The URL it calls when nothing overrides it, if the code says. */
  url?: string;
  /** Why it is judged so, in a few words. */
  why: string;
  /** Its model ids as a stack file writes them; a model that maps to no provider is left out. */
  stackModels: string[];
}

export interface ServiceInventory extends Service {
  sites: JudgedSite[];
  providers: CodeProvider[];
  /** Each base URL as the code sets it (literal, env var with its default, SDK default). */
  baseUrls: string[];
  /** Where keys come from: env vars, secrets, SDK defaults; raw credentials by kind. */
  keySources: string[];
  models: string[];
  families: string[];
}

const isStackProvider = (p: string): p is Provider => (PROVIDERS as readonly string[]).includes(p);
const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

/**
 * Where applications reach this gateway: its front door's host, and AI Gateway's own URL of its
 * account and gateway id; with no stack file, any front door is unknown and any AI Gateway counts.
 */
export interface GatewayEntry {
  hosts: readonly string[];
  /** `https://gateway.ai.cloudflare.com/v1/<account>/<gateway>/`, or undefined for any. */
  gatewayPrefix?: string;
}

/** Where a site goes, given the gateway's entry. */
export function judge(site: Site, entry: GatewayEntry): Pick<JudgedSite, "reach" | "url" | "why"> {
  if (site.unresolvedClient) return { reach: "unknown", why: "client built elsewhere: its base URL is not followed" };
  const url = resolvedValue(site.baseUrl);
  const override = site.baseUrl.kind === "env" ? ` unless ${site.baseUrl.name} is set` : site.baseUrl.kind === "sdk-default" && site.baseUrl.env ? ` unless ${site.baseUrl.env} is set` : "";
  if (url === undefined) {
    // An SDK with no default URL of its own to report (boto3's bedrock-runtime: the regional endpoint).
    if (site.baseUrl.kind === "sdk-default") return { reach: "direct", why: `the SDK's own endpoint for ${site.provider}` };
    return { reach: "unknown", why: `base URL from ${describeOrigin(site.baseUrl)}: set where it is deployed` };
  }
  const host = hostOf(url);
  if (host !== undefined && entry.hosts.includes(host)) return { reach: "gateway", url, why: `the front door${override}` };
  if (host === GATEWAY_HOST) {
    if (entry.gatewayPrefix === undefined || url.toLowerCase().startsWith(entry.gatewayPrefix)) return { reach: "gateway", url, why: `AI Gateway${override}` };
    return { reach: "direct", url, why: `another AI Gateway than this stack's (${entry.gatewayPrefix}): its keys, budgets and logs are not this gateway's${override}` };
  }
  if (providerOfUrl(url) !== undefined) return { reach: "direct", url, why: `${site.baseUrl.kind === "sdk-default" ? "the SDK's default" : "the provider's API"}${override}` };
  return { reach: "other", url, why: `neither a provider's API nor a known gateway host (a proxy, a self-hosted model, or the front door: give --stack to know its host)${override}` };
}

/**
 * A model id as the stack file writes it: `dynamic/<route>` and `provider/model` kept (LiteLLM's
 * prefixes translated), a bare id given the provider of the client that calls it. Undefined when
 * no provider of the stack file's can be told.
 */
export function stackModel(model: string, provider: CodeProvider): string | undefined {
  if (model.startsWith(DYNAMIC_PREFIX)) return model;
  const slash = model.indexOf("/");
  if (slash > 0) {
    const named = providerOfPrefix(model.slice(0, slash));
    if (named && isStackProvider(named)) return `${named}/${model.slice(slash + 1)}`;
  }
  const owner = isStackProvider(provider) ? provider : providerOfModel(model);
  return owner && isStackProvider(owner) ? `${owner}/${model}` : undefined;
}

export function judgeAll(result: ScanResult, entry: GatewayEntry): JudgedSite[] {
  return result.sites.map((s) => ({ ...s, ...judge(s, entry), stackModels: unique(s.models.map((m) => stackModel(m, s.provider)).filter((m): m is string => m !== undefined)) }));
}

export function servicesOf(result: ScanResult, sites: JudgedSite[]): ServiceInventory[] {
  return result.services.map((service) => {
    const own = sites.filter((s) => s.service === service.name).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
    return {
      ...service,
      sites: own,
      providers: unique(own.map((s) => s.provider)),
      baseUrls: unique(own.filter((s) => !s.unresolvedClient).map((s) => describeOrigin(s.baseUrl))),
      keySources: unique(own.filter((s) => !s.unresolvedClient && s.what !== "http").map((s) => describeOrigin(s.key))),
      models: unique(own.flatMap((s) => s.models)),
      families: unique(own.flatMap((s) => (s.family ? [s.family] : []))),
    };
  });
}

/** A site's key as one name: its env var, secret or SDK default variable; a raw credential by its place. */
export function keyIdentity(site: Site): string {
  const k = site.key;
  if (k.kind === "env") return `env:${k.name}`;
  if (k.kind === "sdk-default") return `env:${k.env ?? `${site.provider} default credentials`}`;
  if (k.kind === "secret") return `secret:${k.name}`;
  if (k.kind === "raw-credential") return `raw:${site.file}:${site.line}`;
  return `expr:${site.file}:${site.line}`;
}

/** The sprawl the code shows, in plan/sprawl.ts's metric names where they are the same count, plus model ids and services. */
export type FoundMetric = "providerAccounts" | "providerKeys" | "gatewayKeys" | "baseUrls" | "modelIds" | "services";
const SHARED: readonly FoundMetric[] = ["providerAccounts", "providerKeys", "gatewayKeys", "baseUrls"];
export const FOUND_METRICS: ReadonlyArray<readonly [FoundMetric, string, string]> = [
  ...SPRAWL_METRICS.filter(([m]) => (SHARED as readonly string[]).includes(m)).map(([m, label, meaning]) => [m as FoundMetric, label, meaning] as const),
  ["modelIds", "model ids", "distinct model ids the code names"],
  ["services", "services", "services with at least one place that reaches a model"],
];

/**
 * Counted as plan/sprawl.ts counts a stack: a provider account per provider reached directly (the
 * code cannot tell two accounts apart), a provider key per distinct key source of direct calls,
 * a gateway key per distinct key source of gateway calls, a base URL per distinct URL (or variable).
 */
export function codeSprawl(services: ServiceInventory[]): Record<FoundMetric, number> {
  const sites = services.flatMap((s) => s.sites).filter((s) => !s.unresolvedClient);
  const direct = sites.filter((s) => s.reach === "direct");
  return {
    providerAccounts: new Set(direct.map((s) => s.provider)).size,
    providerKeys: new Set(direct.filter((s) => s.what !== "http").map(keyIdentity)).size,
    gatewayKeys: new Set(sites.filter((s) => s.reach === "gateway" && s.what !== "http").map(keyIdentity)).size,
    baseUrls: new Set(sites.map((s) => (s.url ? urlOrigin(s.url) : describeOrigin(s.baseUrl)))).size,
    modelIds: new Set(sites.flatMap((s) => (s.stackModels.length ? s.stackModels : s.models))).size,
    services: services.filter((s) => s.sites.length > 0).length,
  };
}

/** scheme://host[:port] of a URL: a base URL and the endpoints under it count once. */
function urlOrigin(url: string): string {
  try {
    return new URL(url.replace(/\{[a-z_]+\}/g, "x")).origin;
  } catch {
    return url;
  }
}
