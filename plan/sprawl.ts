/**
 * The sprawl count of one environment: how many provider accounts, provider keys, gateway keys,
 * base URLs, invoice paths, usage sources of record and quota owners the team operates, as the
 * stack file declares them and as they would be with every workload on direct provider accounts
 * (each workload its own account and key per provider it reaches), so that a reviewer sees what
 * the gateway saves and what stays direct. Pure: a StackSpec in, counts out.
 */
import { gatewayProviders, servedKeyByProvider } from "./decision-records";
import { DIRECT_APIS, type Provider } from "../stacks/providers";
import type { StackSpec, WorkloadSpec } from "../stacks/schema";

/** The counts, in the order every format shows them, each with what it counts. */
export const SPRAWL_METRICS = [
  ["providerAccounts", "provider accounts", "accounts behind the provider keys (a key that names no providerAccount counts as its provider's one account)"],
  ["providerKeys", "provider keys", "provider credentials to store and rotate"],
  ["gatewayKeys", "gateway keys", "workload keys the front door checks"],
  ["baseUrls", "base URLs applications use", "the front door, and each provider API called directly"],
  ["invoicePaths", "invoice paths", "invoices that carry AI spend (one per provider account, and Cloudflare's under Unified Billing)"],
  ["usageSources", "usage sources of record", "the usage ledger, and each provider account whose usage records are a workload's source of record"],
  ["quotaOwners", "quota owners", "people who own a provider account's quota (a gateway-served key's owner; the quotaOwner of a workload reading a key directly)"],
] as const;
export type SprawlMetric = (typeof SPRAWL_METRICS)[number][0];

export interface SprawlCount {
  metric: SprawlMetric;
  declared: number;
  /** With every workload on direct provider accounts. */
  allDirect: number;
}

export interface SprawlReport {
  counts: SprawlCount[];
  /** Workloads that keep a direct path, with the providers they read directly. */
  staysDirect: Array<{ workload: string; providers: Provider[] }>;
}

const accountOf = (spec: StackSpec, key: string) => {
  const k = spec.providerKeys[key];
  return `${k.provider}:${k.providerAccount?.id ?? "(one account)"}`;
};
const quotaOwner = (w: WorkloadSpec) => w.decision?.quotaOwner ?? w.owner;
/** Whose records count a workload's usage; unset: the gateway's unless the workload is direct. */
const usageFromProvider = (w: WorkloadSpec) => (w.decision?.usageSourceOfRecord ?? (w.path === "direct" ? "provider" : "gateway")) === "provider";

export function sprawlCount(spec: StackSpec): SprawlReport {
  const workloads = Object.entries(spec.workloads).sort(([a], [b]) => (a < b ? -1 : 1));
  const served = servedKeyByProvider(spec);
  const direct = (w: WorkloadSpec) => w.directKeys.filter((k) => Object.hasOwn(spec.providerKeys, k));

  // As declared.
  const accounts = new Set(Object.keys(spec.providerKeys).map((k) => accountOf(spec, k)));
  const unbilledByKey = workloads.some(([, w]) => gatewayProviders(spec, w).some((p) => !served.has(p)));
  const baseUrls = new Set<string>();
  const usage = new Set<string>();
  const owners = new Set<string>();
  for (const [, w] of workloads) {
    if (w.path !== "direct") baseUrls.add("front door");
    for (const k of direct(w)) baseUrls.add(DIRECT_APIS[spec.providerKeys[k].provider].baseUrl);
    if (usageFromProvider(w)) {
      for (const k of direct(w)) usage.add(accountOf(spec, k));
      for (const p of gatewayProviders(spec, w)) usage.add(served.has(p) ? accountOf(spec, served.get(p)!) : "cloudflare");
    } else usage.add("usage ledger");
    for (const p of gatewayProviders(spec, w)) if (served.has(p)) owners.add(spec.providerKeys[served.get(p)!].owner);
    if (direct(w).length) owners.add(quotaOwner(w));
  }

  // Every workload on its own direct accounts: its direct keys stay, each other provider it reaches gets a new account and key.
  const allAccounts = new Set<string>();
  const allKeys = new Set<string>();
  const allUrls = new Set<string>();
  const allOwners = new Set<string>();
  for (const [name, w] of workloads) {
    const own = new Map(direct(w).map((k) => [spec.providerKeys[k].provider, k]));
    for (const p of new Set([...gatewayProviders(spec, w), ...own.keys()])) {
      const key = own.get(p);
      allAccounts.add(key ? accountOf(spec, key) : `${p}:${name}`);
      allKeys.add(key ?? `${p}:${name}`);
      allUrls.add(DIRECT_APIS[p].baseUrl);
      allOwners.add(quotaOwner(w));
    }
  }

  const declared: Record<SprawlMetric, number> = {
    providerAccounts: accounts.size,
    providerKeys: Object.keys(spec.providerKeys).length,
    gatewayKeys: workloads.reduce((n, [, w]) => n + w.keys.length, 0),
    baseUrls: baseUrls.size,
    invoicePaths: accounts.size + (spec.gateway.billing === "unified" && unbilledByKey ? 1 : 0),
    usageSources: usage.size,
    quotaOwners: owners.size,
  };
  const allDirect: Record<SprawlMetric, number> = {
    providerAccounts: allAccounts.size,
    providerKeys: allKeys.size,
    gatewayKeys: 0,
    baseUrls: allUrls.size,
    invoicePaths: allAccounts.size,
    usageSources: allAccounts.size,
    quotaOwners: allOwners.size,
  };
  return {
    counts: SPRAWL_METRICS.map(([metric]) => ({ metric, declared: declared[metric], allDirect: allDirect[metric] })),
    staysDirect: workloads.filter(([, w]) => w.path !== "gateway").map(([workload, w]) => ({ workload, providers: [...new Set(direct(w).map((k) => spec.providerKeys[k].provider))] })),
  };
}
