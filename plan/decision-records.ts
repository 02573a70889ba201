/**
 * The access decision record of every workload: the template reviewers and finance use
 * (DECISION_FIELDS, in its order), filled from the stack file. What the file already says is
 * derived (provider accounts from the keys the workload reaches, gateway keys with their expiry,
 * routes, endpoint families from the front door's own mapping, the target base URL from the front
 * door, gateway controls from budget, rate limit, allowed IPs and expiry); the rest comes from
 * `workloads.<w>.decision`. Keys appear as labels with their owner and rotation date, never as
 * keys. Pure: a StackSpec and a date in, records out.
 */
import { addDays, daysBetween } from "../stacks/dates";
import { OPERATIONS, operationReaches } from "../runtime/front-door/endpoints";
import { ENDPOINT_FAMILIES, type EndpointFamily } from "../stacks/endpoint-families";
import { budgetEnforcement, type BudgetEnforcement } from "../stacks/budget-enforcement";
import { gatewayKeyChoices } from "../stacks/gateway-keys";
import { DIRECT_APIS, gatewayCompatUrl, providerOf, type Provider } from "../stacks/providers";
import { DECISION_REQUIRED, type RouteSpec, type StackSpec, type WorkloadSpec } from "../stacks/schema";

/** The template's fields, in its order: JSON keys and the labels every format shows. */
export const DECISION_FIELDS = [
  ["workload", "Workload"],
  ["owner", "Owner"],
  ["environment", "Environment"],
  ["preferredPath", "Preferred path"],
  ["providerAccounts", "Provider accounts needed"],
  ["gatewayWorkspace", "Gateway workspace/key needed"],
  ["modelRoutes", "Model routes"],
  ["endpointFamilies", "Endpoint families"],
  ["currentBaseUrl", "Current base URL"],
  ["targetBaseUrl", "Target base URL"],
  ["billingSourceOfRecord", "Billing source of record"],
  ["usageSourceOfRecord", "Usage source of record"],
  ["invoiceReviewer", "Invoice reviewer"],
  ["quotaOwner", "Quota owner"],
  ["providerNativeControls", "Provider-native controls required"],
  ["gatewayControls", "Gateway controls required"],
  ["rollbackOwner", "Rollback owner"],
  ["reviewDate", "Review date"],
] as const;
export type DecisionField = (typeof DECISION_FIELDS)[number][0];

export const PATH_LABELS: Readonly<Record<WorkloadSpec["path"], string>> = {
  gateway: "AI API gateway",
  direct: "direct provider account",
  hybrid: "hybrid (AI API gateway and direct provider account)",
};

/** A provider key as a record shows it: its label, who rotates it and when rotation is due. */
export interface KeyLabel {
  label: string;
  owner: string;
  rotationDueOn: string;
}

export interface AccountNeed {
  provider: Provider;
  /** gateway: the gateway calls the provider for the workload; direct: the workload reads the key itself. */
  via: "gateway" | "direct";
  /** The key that reaches the account; absent when Cloudflare Unified Billing pays (no key of this provider is declared). */
  key?: KeyLabel;
  /** The account at the provider, when the key names it (providerKeys.<k>.providerAccount). */
  account?: { id: string; contract: string };
}

export interface GatewayKeyUse {
  name: string;
  expiresOn: string;
  /** Empty: any address. */
  allowedIps: string[];
  /** Endpoint families the key may call; empty: every family (the key names none). */
  families: string[];
}

export interface GatewayWorkspace {
  gatewayId: string;
  cloudflareAccountId: string;
  keys: GatewayKeyUse[];
}

export interface RouteUse {
  route: string;
  active: RouteSpec["active"];
  /** The model the active graph sends requests to first. */
  serving: string;
  canary?: { model: string; percent: number };
  fallbacks: string[];
  rollback?: string;
}

export interface FamilyUse {
  /** An endpoint family (stacks/endpoint-families.ts) its keys may call, or `<provider> API` for a direct key. */
  family: string;
  via: "front door" | "gateway" | "direct";
  /** The routes (dynamic/<r>) and models it reaches this way, or the direct keys. */
  calls: string[];
}

export interface BaseUrl {
  url: string;
  /** What the URL is: "front door", "gateway", "<provider> API", or "recorded". */
  what: string;
}

/** How a budget is held: a spend-limit rule at the gateway, alarms, an AWS budget on Bedrock spend, or nothing the gateway can see. */

export interface GatewayControls {
  budget: { monthlyUsd: number; alertAtPercent: number[]; enforcement: BudgetEnforcement[] } | null;
  /** Requests per minute per gateway key (front door). */
  rateLimitPerMinute: number | null;
  /** Expiry and allowed addresses of each gateway key. */
  keys: GatewayKeyUse[];
}

export interface DecisionRecord {
  workload: string;
  owner: string;
  environment: string;
  preferredPath: WorkloadSpec["path"];
  providerAccounts: AccountNeed[];
  /** null: a direct workload needs none. */
  gatewayWorkspace: GatewayWorkspace | null;
  modelRoutes: { routes: RouteUse[]; models: string[] };
  endpointFamilies: FamilyUse[];
  /** `recorded` false: the stack file leaves decision.currentBaseUrl out, so the clients are taken to call the target already. */
  currentBaseUrl: { recorded: boolean; urls: BaseUrl[] };
  targetBaseUrl: BaseUrl[];
  billingSourceOfRecord: "gateway" | "provider" | null;
  usageSourceOfRecord: "gateway" | "provider" | null;
  invoiceReviewer: string | null;
  quotaOwner: string | null;
  providerNativeControls: string[];
  gatewayControls: GatewayControls;
  /** Who decides a rollback, and the model and key its clients used before the move (kept ready; the base URL is currentBaseUrl). */
  rollbackOwner: { owner: string | null; keptReady: { model?: string; key?: KeyLabel | { label: string } } };
  reviewDate: { date: string; daysLeft: number; overdue: boolean } | null;
  /** Decision fields a complete record has that the stack file leaves out (`workloads.<w>.decision.<field>`). */
  notRecorded: string[];
}

/** The endpoint families a `provider/model` or `dynamic/<route>` is served on (the Worker's own operation table). */
export function familiesOf(model: string): EndpointFamily[] {
  return ENDPOINT_FAMILIES.filter((family) => OPERATIONS.some((o) => o.family === family && operationReaches(o, model)));
}

/** Every model a route may send to, primary first. */
export function routeModels(route: RouteSpec): string[] {
  return [route.primary, ...(route.canary ? [route.canary] : []), ...route.fallbacks, ...(route.rollback ? [route.rollback] : [])].map((t) => t.model);
}

const unique = <T>(items: Iterable<T>): T[] => [...new Set(items)];

export function keyLabel(spec: StackSpec, label: string): KeyLabel | { label: string } {
  if (!Object.hasOwn(spec.providerKeys, label)) return { label };
  const k = spec.providerKeys[label];
  return { label, owner: k.owner, rotationDueOn: addDays(k.rotation.lastRotated, k.rotation.everyDays) };
}

/** The providers a workload reaches through the gateway: its routes' targets and its models. */
export function gatewayProviders(spec: StackSpec, w: WorkloadSpec): Provider[] {
  if (w.path === "direct") return [];
  return unique([...w.routes.flatMap((r) => (Object.hasOwn(spec.routes, r) ? routeModels(spec.routes[r]) : [])), ...w.models].map(providerOf));
}

/** The provider key the gateway calls each provider with (stacks/gateway-keys.ts). */
export function servedKeyByProvider(spec: StackSpec): Map<Provider, string> {
  return new Map(gatewayKeyChoices(spec).flatMap((c) => (c.keys[0] ? [[c.provider, c.keys[0].label] as const] : [])));
}

/** Where applications reach the gateway: the front door, else the gateway's own compat endpoint. */
export function gatewayBaseUrl(spec: StackSpec): BaseUrl {
  return spec.gateway.frontDoor
    ? { url: `https://${spec.gateway.frontDoor.hostname}`, what: "front door" }
    : { url: gatewayCompatUrl(spec.cloudflare.accountId, spec.gateway.id), what: "gateway" };
}

export function decisionRecord(spec: StackSpec, name: string, today: string): DecisionRecord {
  const w = spec.workloads[name];
  const d = w.decision;
  const served = servedKeyByProvider(spec);
  const viaGateway = w.path !== "direct";
  const directProviders = w.directKeys.filter((k) => Object.hasOwn(spec.providerKeys, k)).map((k) => ({ key: k, provider: spec.providerKeys[k].provider }));

  const account = (label: string) => {
    const a = spec.providerKeys[label]?.providerAccount;
    return a ? { account: { id: a.id, contract: a.contract } } : {};
  };
  const providerAccounts: AccountNeed[] = [
    ...gatewayProviders(spec, w).map((provider): AccountNeed => {
      const key = served.get(provider);
      return key ? { provider, via: "gateway", key: keyLabel(spec, key) as KeyLabel, ...account(key) } : { provider, via: "gateway" };
    }),
    ...directProviders.map(({ key, provider }): AccountNeed => ({ provider, via: "direct", key: keyLabel(spec, key) as KeyLabel, ...account(key) })),
  ];

  const gatewayKeys = w.keys.map((k) => ({ name: k.name, expiresOn: k.expiresOn, allowedIps: [...(k.allowedIps ?? [])], families: [...(k.families ?? [])] }));
  // The families its keys may call (a key naming none may call every family).
  const keyFamilies = new Set<EndpointFamily>(w.keys.length ? w.keys.flatMap((k) => k.families ?? ENDPOINT_FAMILIES) : ENDPOINT_FAMILIES);
  const entry = gatewayBaseUrl(spec);
  const families = new Map<string, FamilyUse>();
  const use = (family: string, via: FamilyUse["via"], call: string) => {
    const found = families.get(family) ?? families.set(family, { family, via, calls: [] }).get(family)!;
    if (!found.calls.includes(call)) found.calls.push(call);
  };
  if (viaGateway) {
    for (const model of [...w.routes.map((r) => `dynamic/${r}`), ...w.models]) for (const f of familiesOf(model)) if (keyFamilies.has(f)) use(f, entry.what === "front door" ? "front door" : "gateway", model);
  }
  for (const { key, provider } of directProviders) use(`${provider} API`, "direct", key);

  const providerApis = unique(directProviders.map((p) => p.provider)).map((p): BaseUrl => ({ url: DIRECT_APIS[p].baseUrl, what: `${p} API` }));
  const targetBaseUrl = [...(viaGateway ? [entry] : []), ...providerApis];

  const budget = w.budget;
  const enforcement = budgetEnforcement(spec, w);

  const daysLeft = d?.reviewDate ? daysBetween(today, d.reviewDate) : 0;
  return {
    workload: name,
    owner: w.owner,
    environment: spec.environment,
    preferredPath: w.path,
    providerAccounts,
    gatewayWorkspace: viaGateway ? { gatewayId: spec.gateway.id, cloudflareAccountId: spec.cloudflare.accountId, keys: gatewayKeys } : null,
    modelRoutes: {
      routes: w.routes
        .filter((r) => Object.hasOwn(spec.routes, r))
        .map((r) => {
          const route = spec.routes[r];
          const serving = route.active === "rollback" && route.rollback ? route.rollback : route.primary;
          return {
            route: r,
            active: route.active,
            serving: serving.model,
            ...(route.canary ? { canary: { model: route.canary.model, percent: route.canary.percent } } : {}),
            fallbacks: route.fallbacks.map((f) => f.model),
            ...(route.rollback ? { rollback: route.rollback.model } : {}),
          };
        }),
      models: [...w.models],
    },
    endpointFamilies: [...families.values()],
    currentBaseUrl: d?.currentBaseUrl ? { recorded: true, urls: [{ url: d.currentBaseUrl, what: "recorded" }] } : { recorded: false, urls: targetBaseUrl },
    targetBaseUrl,
    billingSourceOfRecord: d?.billingSourceOfRecord ?? null,
    usageSourceOfRecord: d?.usageSourceOfRecord ?? null,
    invoiceReviewer: d?.invoiceReviewer ?? null,
    quotaOwner: d?.quotaOwner ?? null,
    providerNativeControls: [...(d?.providerNativeControls ?? [])],
    gatewayControls: {
      budget: budget ? { monthlyUsd: budget.monthlyUsd, alertAtPercent: [...budget.alertAtPercent], enforcement } : null,
      rateLimitPerMinute: viaGateway ? (w.rateLimit?.requestsPerMinute ?? null) : null,
      keys: gatewayKeys,
    },
    rollbackOwner: {
      owner: d?.rollbackOwner ?? null,
      keptReady: {
        ...(d?.rollbackModel ? { model: d.rollbackModel } : {}),
        ...(d?.rollbackKey ? { key: keyLabel(spec, d.rollbackKey) } : {}),
      },
    },
    reviewDate: d?.reviewDate ? { date: d.reviewDate, daysLeft, overdue: daysLeft < 0 } : null,
    notRecorded: DECISION_REQUIRED.filter((f) => d?.[f] === undefined).map((f) => `workloads.${name}.decision.${f}`),
  };
}

/** Every workload's record, by name. */
export function decisionRecords(spec: StackSpec, today: string): DecisionRecord[] {
  return Object.keys(spec.workloads)
    .sort()
    .map((name) => decisionRecord(spec, name, today));
}
