/**
 * Code against the stack file (`switchyard discover --stack`): each service is matched to the
 * workload with its label (or a former label, renamedFrom), then every place it reaches a model
 * is held to the workload's path and scope. Failing: a gateway bypass (a gateway workload's code
 * calling a provider directly, or a hybrid one calling a provider it holds no direct key of), a
 * model or route the workload's scope does not serve, a raw credential in code. Warnings: what
 * the code alone cannot tell (a base URL set at deploy time) or what looks off but works.
 */
import { gatewayBaseUrl, routeModels } from "../plan/decision-records";
import { entryFor } from "./draft";
import { dynamicName, PROVIDERS, whyNotCallable, type Provider } from "../stacks/providers";
import type { StackSpec, WorkloadSpec } from "../stacks/schema";
import type { JudgedSite, ServiceInventory } from "./inventory";
import type { RawCredential } from "./sites";

export type FindingRule = "gateway-bypass" | "model-not-served" | "route-not-allowed" | "raw-credential" | "base-url-unknown" | "not-a-provider-api" | "model-unknown" | "no-workload" | "gateway-from-direct";

export interface Finding {
  severity: "fail" | "warn" | "note";
  rule: FindingRule;
  service: string;
  workload?: string;
  file?: string;
  line?: number;
  col?: number;
  message: string;
}

/** Which rules fail a run (exit 1); the rest inform. */
export const FAILING: ReadonlySet<FindingRule> = new Set(["gateway-bypass", "model-not-served", "route-not-allowed", "raw-credential"]);

/** The workload a service is: the one with its label, else the one that was once called so. */
export function workloadOf(spec: StackSpec, service: string): string | undefined {
  if (Object.hasOwn(spec.workloads, service)) return service;
  return Object.entries(spec.workloads).find(([, w]) => w.renamedFrom?.includes(service))?.[0];
}

const finding = (rule: FindingRule, service: string, message: string, at?: Pick<JudgedSite, "file" | "line" | "col">, workload?: string): Finding => ({
  severity: FAILING.has(rule) ? "fail" : rule === "no-workload" ? "note" : "warn",
  rule,
  service,
  ...(workload ? { workload } : {}),
  ...(at ? { file: at.file, line: at.line, col: at.col } : {}),
  message,
});

/** Raw credentials fail with or without a stack file: a key in code is a leaked key. */
export function credentialFindings(found: Array<RawCredential & { service: string }>): Finding[] {
  return found.map((c) => finding("raw-credential", c.service, `a raw ${c.kind} is written in the code (not shown): move it to a secret store and rotate it`, c));
}

export function compareWithStack(spec: StackSpec, services: ServiceInventory[]): Finding[] {
  const out: Finding[] = [];
  for (const service of services) {
    if (service.sites.length === 0) continue;
    const name = workloadOf(spec, service.name);
    if (!name) {
      out.push(finding("no-workload", service.name, `no workload ${service.name} in the stack file (${service.sites.length} places reach a model): see its drafted workload`));
      continue;
    }
    const w = spec.workloads[name];
    for (const site of service.sites) out.push(...judgeSite(spec, name, w, site));
  }
  // A model object and its calls name the same model: one finding per service and message.
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(`${f.rule}|${f.service}|${f.message}`) && !!seen.add(`${f.rule}|${f.service}|${f.message}`));
}

function judgeSite(spec: StackSpec, name: string, w: WorkloadSpec, site: JudgedSite): Finding[] {
  const out: Finding[] = [];
  const add = (rule: FindingRule, message: string) => out.push(finding(rule, site.service, message, site, name));
  const directProviders = new Set(w.directKeys.filter((k) => Object.hasOwn(spec.providerKeys, k)).map((k) => spec.providerKeys[k].provider as string));
  const mayGoDirect = w.path !== "gateway" && directProviders.has(site.provider);
  const where = site.url ? ` (${site.url}: ${site.why})` : ` (${site.why})`;

  if (site.reach === "direct" && !mayGoDirect) {
    const because =
      w.path === "gateway"
        ? `workload ${name} is on the gateway`
        : `workload ${name} holds no direct key for ${site.provider} (directKeys: ${[...directProviders].join(", ") || "none"})`;
    const provider = (PROVIDERS as readonly string[]).includes(site.provider) ? (site.provider as Provider) : undefined;
    const fix = provider && !whyNotCallable(provider) ? `point it at ${entryFor(gatewayBaseUrl(spec).url, provider)} with the workload's key` : `read a provider key of ${site.provider} directly (path hybrid, directKeys)`;
    add("gateway-bypass", `${site.what === "call" ? `${site.api} calls` : site.what === "http" ? "raw HTTP to" : `client ${site.api} (${site.sdk}) built for`} ${site.provider} directly${where}, but ${because}: ${fix}`);
  } else if (site.reach === "gateway" && w.path === "direct") {
    add("gateway-from-direct", `calls the gateway${where}, but workload ${name} is direct: it holds no gateway key`);
  } else if (site.reach === "other" && w.path !== "direct") {
    add("not-a-provider-api", `${site.api} calls ${site.url}: neither a provider's API nor the gateway`);
  } else if (site.reach === "unknown" && w.path === "gateway" && !site.unresolvedClient) {
    add("base-url-unknown", `${site.api}: ${site.why}; make sure it is the gateway's URL`);
  }

  // Scope: what goes (or will go) through the gateway must be a route or model of the workload.
  // A client carries models only when it is a model object (LangChain's): its calls may be elsewhere.
  if (w.path === "direct" || mayGoDirect || (site.what === "client" && !site.family)) return out;
  const models = new Set([...w.models, ...w.routes.filter((r) => Object.hasOwn(spec.routes, r)).flatMap((r) => routeModels(spec.routes[r]))]);
  for (const m of site.stackModels) {
    const route = dynamicName(m);
    if (route !== undefined) {
      if (!w.routes.includes(route)) add("route-not-allowed", `${m}: route ${route} is not among workload ${name}'s routes (${w.routes.join(", ") || "none"})`);
    } else if (!models.has(m)) {
      add("model-not-served", `${m}: no route or model of workload ${name} serves it (it may call ${[...w.routes.map((r) => `dynamic/${r}`), ...w.models].join(", ") || "nothing"})`);
    }
  }
  for (const m of site.models) {
    if (!site.stackModels.some((x) => x === m || x.endsWith(`/${m}`))) add("model-unknown", `model ${JSON.stringify(m)} names no provider of the stack file (${PROVIDERS.join(", ")}): check it by hand`);
  }
  return out;
}
