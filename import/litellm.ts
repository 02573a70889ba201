/**
 * LiteLLM proxy config -> stack-file entries. Read from LiteLLM's docs (BerriAI/litellm,
 * docs/my-website/docs/proxy/configs.md, load_balancing, provider_budget_routing, read 2026-12):
 * `model_list[]` entries are deployments: `model_name` is the name clients call (several entries
 * with one name are load-balanced), `litellm_params.model` is `provider/model`, `api_key` /
 * `api_base` are literals or `os.environ/VAR`, `litellm_credential_name` names an entry of
 * `credential_list`, `rpm`/`tpm` rate-limit one deployment; `router_settings` and
 * `litellm_settings` hold `fallbacks: [{group: [groups]}]`, `num_retries`, `timeout` /
 * `request_timeout` (seconds), `routing_strategy`, `provider_budget_config`, `max_budget` +
 * `budget_duration`, `default_key_generate_params` (virtual keys), callbacks and cache settings;
 * `general_settings` the master key and database; `environment_variables` plain values.
 *
 * The mapping: each `model_name` becomes a route (clients call `dynamic/<name>`), its first
 * servable deployment the primary, the others and its fallback groups the fallbacks; each key
 * variable a provider key with a `pulumiSecret` of the same name (a raw key is never copied);
 * one workload holds the clients of the proxy. Everything else is reported with why.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { providerOfModel, providerOfPrefix, providerOfUrl } from "../discover/catalogue";
import { addDays } from "../stacks/dates";
import { FORMATS, LIMITS } from "../stacks/formats";
import { PLACEHOLDER } from "../stacks/placeholders";
import { DIRECT_APIS, PROVIDERS, whyNotRoutable, type Provider } from "../stacks/providers";
import type { Imported, Importer, ImportOptions, Unmapped } from "./importer";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isStackProvider = (p: string): p is Provider => (PROVIDERS as readonly string[]).includes(p);
const ENV_PREFIX = "os.environ/";

/** A name as a stack-file label. */
function labelOf(name: string): string {
  const label = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").replace(/-+/g, "-").slice(0, 63);
  return FORMATS.label.pattern.test(label) ? label : `x-${label}`.slice(0, 63);
}
const camel = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");

/** Request parameters LiteLLM passes on to the provider: clients set these, the gateway does not rewrite bodies. */
const REQUEST_PARAMS = new Set(["temperature", "max_tokens", "top_p", "seed", "stop", "drop_params", "extra_headers", "extra_body", "response_format", "initial_prompt_value", "roles", "final_prompt_value", "bos_token", "eos_token", "stream_timeout", "input_cost_per_token", "output_cost_per_token"]);
/** Deployment settings read here; any other key of litellm_params is reported. */
const READ_PARAMS = new Set(["model", "api_key", "api_base", "litellm_credential_name", "rpm", "tpm"]);

/** Why a setting has no equivalent, by where it sits (exact key, then `section.*`). */
const NO_EQUIVALENT: Readonly<Record<string, string>> = {
  "router_settings.routing_strategy": "a route sends to its primary (and its canary share), then its fallbacks in order; there is no least-busy, latency or usage-based choice",
  "router_settings.model_group_alias": "a route has one name; clients call dynamic/<route>: point the aliases' clients at the route",
  "router_settings.allowed_fails": "AI Gateway does not cool a target down; a failing target is retried, then the next fallback is tried",
  "router_settings.cooldown_time": "AI Gateway does not cool a target down; a failing target is retried, then the next fallback is tried",
  "router_settings.redis_host": "no shared router state to keep: routing runs in Cloudflare AI Gateway",
  "router_settings.redis_port": "no shared router state to keep: routing runs in Cloudflare AI Gateway",
  "router_settings.redis_password": "no shared router state to keep: routing runs in Cloudflare AI Gateway (its value is not copied)",
  "router_settings.enable_pre_call_checks": "the gateway does not check context windows before a call",
  "router_settings.provider_budget_config": "budgets are per workload (workloads.<w>.budget.monthlyUsd, enforced by a spend-limit rule), not per provider",
  "router_settings.context_window_fallbacks": "fallbacks are tried on any failure or timeout, not chosen by the kind of error",
  "router_settings.content_policy_fallbacks": "fallbacks are tried on any failure or timeout, not chosen by the kind of error",
  "litellm_settings.context_window_fallbacks": "fallbacks are tried on any failure or timeout, not chosen by the kind of error",
  "litellm_settings.content_policy_fallbacks": "fallbacks are tried on any failure or timeout, not chosen by the kind of error",
  "litellm_settings.drop_params": "the gateway forwards requests as sent; clients send only what the provider accepts",
  "litellm_settings.set_verbose": "the gateway's own logs (gateway.logs) replace the proxy's",
  "litellm_settings.success_callback": "the gateway logs every request (gateway.logs) and exports traces with gateway.openTelemetry; the usage ledger keeps spend",
  "litellm_settings.failure_callback": "the gateway logs every request (gateway.logs) and exports traces with gateway.openTelemetry",
  "litellm_settings.callbacks": "the gateway logs every request (gateway.logs) and exports traces with gateway.openTelemetry",
  "litellm_settings.allowed_fails": "AI Gateway does not cool a target down; a failing target is retried, then the next fallback is tried",
  "litellm_settings.default_key_generate_params": "virtual keys become workloads, one per team or application: max_budget -> budget.monthlyUsd, rpm_limit -> rateLimit.requestsPerMinute, models -> routes, duration -> keys[].expiresOn",
  "litellm_settings.upperbound_key_generate_params": "virtual keys become workloads, one per team or application; the loader and the policies bound what each may hold",
  "litellm_settings.default_team_settings": "teams become workloads, each with its own keys, routes, budget and alert channels",
  "litellm_settings.max_end_user_budget": "budgets are per workload; the gateway does not track end users",
  "general_settings.master_key": "not copied: the front door has no master key; every workload gets its own gateway keys (workloads.<w>.keys)",
  "general_settings.database_url": "no database: keys live in the front door's key table, usage in the ledger (not copied)",
  "general_settings.alerting": "alarms go to the channels under alerts (e-mail or an https webhook): add the Slack webhook as alerts.<name>.webhook",
  "general_settings.store_model_in_db": "routes live in the stack file, reviewed in pull requests",
  "general_settings.max_parallel_requests": "no concurrency limit: rate limits are per window (gateway.rateLimit, workloads.<w>.rateLimit)",
  "general_settings.global_max_parallel_requests": "no concurrency limit: rate limits are per window (gateway.rateLimit, workloads.<w>.rateLimit)",
  "environment_variables.*": "not copied (values may be secrets): secrets go by reference (pulumiSecret, awsSecretArn), other settings where the apps run",
  "model_info.*": "model metadata (ids, access groups, costs) has no field: Cloudflare prices requests itself",
};

interface Deployment {
  index: number;
  group: string;
  model: string;
  provider?: Provider;
  bare: string;
  keyLabel?: string;
}

export const importLitellm: Importer = (text: string, options: ImportOptions): Imported => {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  if (doc.errors.length) throw new Error(`${options.file}:${counter.linePos(doc.errors[0].pos[0]).line}: not YAML: ${doc.errors[0].message.split("\n")[0]}`);
  const config = doc.toJS() as unknown;
  if (!isObject(config)) throw new Error(`${options.file}: expected a LiteLLM config (a mapping with model_list)`);
  const unmapped: Unmapped[] = [];
  const lineOf = (path: Array<string | number>) => nodeLine(doc, counter, path);
  const report = (path: Array<string | number>, why: string) => unmapped.push({ at: pathText(path), ...optionalLine(lineOf(path)), why });

  // Credentials named by litellm_credential_name.
  const credentials = new Map<string, Json>();
  for (const c of asArray(config.credential_list)) if (isObject(c) && typeof c.credential_name === "string" && isObject(c.credential_values)) credentials.set(c.credential_name, c.credential_values);

  // Provider keys: one per key variable; the gateway serves one key per provider (stacks/gateway-keys.ts).
  const providerKeys: Json = {};
  const servedKey = new Map<Provider, string>();
  const keyFor = (provider: Provider, apiKey: unknown, at: Array<string | number>): string => {
    const served = servedKey.get(provider);
    let label: string;
    let secret: string;
    if (typeof apiKey === "string" && apiKey.startsWith(ENV_PREFIX)) {
      const variable = apiKey.slice(ENV_PREFIX.length);
      label = labelOf(variable);
      secret = camel(variable);
    } else if (apiKey === undefined || apiKey === null) {
      const variable = DIRECT_APIS[provider].keyEnv ?? `${provider.toUpperCase().replace(/-/g, "_")}_API_KEY`;
      label = labelOf(variable);
      secret = camel(variable);
    } else {
      label = `${provider}-key`;
      secret = `${camel(provider)}ApiKey`;
      report([...at, "api_key"], "a key written in the config (not copied): store it with pulumi config set --secret " + secret + ", then rotate it");
    }
    if (served && served !== label) {
      report([...at, "api_key"], `a second ${provider} key: the gateway calls each provider with one key (${served}), so this deployment's key is not imported`);
      return served;
    }
    if (!served) {
      servedKey.set(provider, label);
      providerKeys[label] = { provider, source: { pulumiSecret: secret }, owner: PLACEHOLDER.email("platform"), rotation: { everyDays: 90, lastRotated: options.today } };
    }
    return label;
  };

  const deployments: Deployment[] = [];
  asArray(config.model_list).forEach((entry, index): void => {
    const at: Array<string | number> = ["model_list", index];
    if (!isObject(entry) || typeof entry.model_name !== "string" || !isObject(entry.litellm_params)) {
      report(at, "not a deployment (model_name and litellm_params): skipped");
      return;
    }
    const params = { ...(typeof entry.litellm_params.litellm_credential_name === "string" ? credentials.get(entry.litellm_params.litellm_credential_name) ?? {} : {}), ...entry.litellm_params } as Json;
    const pat = [...at, "litellm_params"];
    for (const key of ["rpm", "tpm"]) {
      if (entry[key] !== undefined) report([...at, key], "a rate limit of one deployment: the gateway's is gateway-wide (gateway.rateLimit) and the front door's per workload key (workloads.<w>.rateLimit)");
      if (params[key] !== undefined && entry.litellm_params[key] !== undefined) report([...pat, key], "a rate limit of one deployment: the gateway's is gateway-wide (gateway.rateLimit) and the front door's per workload key (workloads.<w>.rateLimit)");
    }
    if (entry.model_info !== undefined) report([...at, "model_info"], NO_EQUIVALENT["model_info.*"]);
    for (const key of Object.keys(entry.litellm_params)) {
      if (READ_PARAMS.has(key)) continue;
      if (REQUEST_PARAMS.has(key)) report([...pat, key], "a request parameter: clients set it; the gateway forwards requests as sent");
      else if (key === "max_budget" || key === "budget_duration") report([...pat, key], "a budget of one deployment: budgets are per workload (workloads.<w>.budget.monthlyUsd)");
      else if (key === "api_version" || key === "aws_region_name" || key === "vertex_project" || key === "vertex_location") {
        if (!["azure", "bedrock", "vertex_ai"].includes(String(params.model).split("/")[0])) report([...pat, key], "not used by the provider it names");
      } else report([...pat, key], "no equivalent setting for a route target");
    }

    const model = String(params.model ?? "");
    if (model.includes("*")) {
      report([...pat, "model"], `${model}: a wildcard passes any model to the provider; list the models clients call as routes or workload models`);
      return;
    }
    const slash = model.indexOf("/");
    const named = slash > 0 ? providerOfPrefix(model.slice(0, slash)) : (providerOfModel(model) ?? "openai");
    const bare = slash > 0 && named ? model.slice(slash + 1) : model;
    if (!named || !isStackProvider(named)) {
      report([...pat, "model"], `${model}: ${slash > 0 ? `provider "${model.slice(0, slash)}"` : "this model's provider"} is not one AI Gateway serves through a stack file (${PROVIDERS.join(", ")}); keep it on its own path`);
      return;
    }
    const unroutable = whyNotRoutable(named);
    if (unroutable) {
      report([...pat, "model"], `${model}: a route cannot target ${named} (${unroutable}); a workload that needs it reads its key directly (path hybrid or direct, directKeys)`);
      return;
    }
    const base = typeof params.api_base === "string" ? params.api_base : undefined;
    if (base !== undefined) {
      const resolved = base.startsWith(ENV_PREFIX) ? undefined : providerOfUrl(base);
      if (resolved !== named) {
        report([...pat, "api_base"], `${base.startsWith(ENV_PREFIX) ? base : "an endpoint"} that is not ${named}'s own API (a self-hosted or proxied server): AI Gateway calls the provider's API; serve it elsewhere or keep it on its own path`);
        return;
      }
    }
    deployments.push({ index, group: entry.model_name, model, provider: named, bare, keyLabel: keyFor(named, params.api_key, pat) });
  });

  // Routes: one per model_name, in order of first appearance.
  const router = isObject(config.router_settings) ? config.router_settings : {};
  const settings = isObject(config.litellm_settings) ? config.litellm_settings : {};
  const retries = numberSetting(router, "num_retries") ?? numberSetting(settings, "num_retries");
  const timeoutS = numberSetting(router, "timeout") ?? numberSetting(settings, "request_timeout");
  const routes: Record<string, { primary: Json; fallbacks: Json[]; rollback?: Json; timeoutMs?: number; retries?: number; description: string }> = {};
  const routeOfGroup = new Map<string, string>();
  const target = (d: Deployment) => ({ model: `${d.provider}/${d.bare}`, key: d.keyLabel! });
  const same = (a: Json, b: Json) => a.model === b.model && a.key === b.key;
  for (const d of deployments) {
    let name = routeOfGroup.get(d.group);
    if (!name) {
      name = labelOf(d.group);
      for (let i = 2; Object.hasOwn(routes, name); i++) name = `${labelOf(d.group)}-${i}`;
      routeOfGroup.set(d.group, name);
      routes[name] = {
        description: `Imported from LiteLLM model_name ${d.group}`.slice(0, 256),
        primary: target(d),
        fallbacks: [],
        ...(timeoutS !== undefined ? { timeoutMs: Math.min(600_000, Math.max(100, Math.round(timeoutS * 1000))) } : {}),
        ...(retries !== undefined ? { retries: Math.min(5, Math.max(0, Math.round(retries))) } : {}),
      };
      continue;
    }
    const route = routes[name];
    if ([route.primary, ...route.fallbacks].some((t) => same(t, target(d)))) report(["model_list", d.index], `load balancing across deployments of ${d.model}: the gateway calls ${d.provider} with one key, so this deployment adds nothing to route ${name}`);
    else {
      route.fallbacks.push(target(d));
      report(["model_list", d.index], `load balancing: route ${name} sends to its primary and tries this deployment as a fallback (a share of traffic needs a canary: routes.${name}.canary.percent)`);
    }
  }
  if (retries !== undefined && retries > 5) report([Object.hasOwn(router, "num_retries") ? "router_settings" : "litellm_settings", "num_retries"], `${retries} retries: a route retries a target at most 5 times`);

  // Fallback groups: [{ "gpt-4o": ["claude"] }], from router_settings or litellm_settings.
  for (const section of ["router_settings", "litellm_settings"] as const) {
    const fallbacks = (section === "router_settings" ? router : settings).fallbacks;
    asArray(fallbacks).forEach((rule, i): void => {
      if (!isObject(rule)) {
        report([section, "fallbacks", i], "not a {group: [groups]} rule: skipped");
        return;
      }
      for (const [group, list] of Object.entries(rule)) {
        const name = routeOfGroup.get(group);
        if (!name) {
          report([section, "fallbacks", i, group], `model_name ${group} became no route: its fallbacks are not imported`);
          continue;
        }
        for (const next of asArray(list)) {
          const other = routeOfGroup.get(String(next));
          if (!other) report([section, "fallbacks", i, group], `fallback ${String(next)} became no route: not imported`);
          else if (routes[name].fallbacks.length >= LIMITS.fallbacks.max) report([section, "fallbacks", i, group], `route ${name} holds at most ${LIMITS.fallbacks.max} fallbacks: ${String(next)} is not imported`);
          else if (![routes[name].primary, ...routes[name].fallbacks].some((t) => same(t, routes[other].primary))) routes[name].fallbacks.push(routes[other].primary);
        }
      }
    });
  }
  // The last known-good target: the first fallback, until a person names the model clients used before.
  for (const route of Object.values(routes)) if (route.fallbacks[0]) route.rollback = route.fallbacks[0];

  // Everything else in the known sections, by key.
  const gateway: Json = {};
  const cache = settings.cache === true && isObject(settings.cache_params) ? numberSetting(settings.cache_params, "ttl") : undefined;
  if (cache !== undefined) gateway.cacheTtlSeconds = Math.min(2_592_000, Math.max(0, Math.round(cache)));
  const budget = numberSetting(settings, "max_budget");
  const monthly = budget !== undefined && /^(30d|1mo)$/.test(String(settings.budget_duration ?? "")) ? budget : undefined;
  const read = new Set(["router_settings.num_retries", "router_settings.timeout", "router_settings.fallbacks", "litellm_settings.num_retries", "litellm_settings.request_timeout", "litellm_settings.fallbacks", ...(cache !== undefined ? ["litellm_settings.cache", "litellm_settings.cache_params"] : []), ...(monthly !== undefined ? ["litellm_settings.max_budget", "litellm_settings.budget_duration"] : [])]);
  for (const section of ["router_settings", "litellm_settings", "general_settings", "environment_variables"]) {
    const values = config[section];
    if (!isObject(values)) continue;
    for (const key of Object.keys(values)) {
      if (read.has(`${section}.${key}`)) continue;
      const why =
        NO_EQUIVALENT[`${section}.${key}`] ??
        NO_EQUIVALENT[`${section}.*`] ??
        (key === "cache" || key === "cache_params" ? "the gateway caches responses for gateway.cacheTtlSeconds: set it (a cache with a ttl in cache_params maps to it)" : undefined) ??
        (key === "max_budget" || key === "budget_duration" ? "a proxy-wide budget: budgets are per workload (workloads.<w>.budget.monthlyUsd); a 30d or 1mo budget maps to the workload below" : undefined) ??
        "no equivalent setting";
      report([section, key], why);
    }
  }
  for (const key of Object.keys(config)) {
    if (!["model_list", "router_settings", "litellm_settings", "general_settings", "environment_variables", "credential_list"].includes(key)) report([key], "no equivalent section");
  }

  const routeNames = Object.keys(routes);
  const workloads: Json = {};
  const workload = `${labelOf(options.environment)}-clients`.slice(0, 63);
  if (routeNames.length) {
    workloads[workload] = {
      owner: PLACEHOLDER.email("platform"),
      path: "gateway",
      routes: routeNames,
      keys: [{ name: `${workload}-key`, expiresOn: addDays(options.today, 90) }],
      readerRoleArn: `arn:aws:iam::${PLACEHOLDER.awsAccount}:role/${workload}`,
      // The skeleton's one channel (stacks/placeholders.ts).
      alerts: ["platform"],
      ...(monthly !== undefined ? { budget: { monthlyUsd: monthly } } : {}),
    };
  }
  return {
    source: "litellm",
    entries: { providerKeys, routes: routes as unknown as Json, workloads, gateway },
    unmapped,
    clientChanges: [
      ...[...routeOfGroup].map(([group, route]) => `model ${JSON.stringify(group)} -> "dynamic/${route}"`),
      `base URL: the LiteLLM proxy -> https://<gateway.frontDoor.hostname>/v1`,
      `key: the master key or a virtual key -> a gateway key of workload ${workload} (one workload per team or application: split it as virtual keys were)`,
    ],
  };
};

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function numberSetting(section: Json, key: string): number | undefined {
  const v = section[key];
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v.replace(/_/g, "")) ? Number(v.replace(/_/g, "")) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

function pathText(path: Array<string | number>): string {
  return path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${p}` : p), "");
}

function optionalLine(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

/** The line of the node at `path` (or of its nearest ancestor that exists). */
function nodeLine(doc: Document, counter: LineCounter, path: Array<string | number>): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
    const key = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown })?.value === key);
      const range = (pair?.key as { range?: number[] } | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
    if (isSeq(parent) && typeof key === "number") {
      const range = (parent.items[key] as { range?: number[] } | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
  }
  return undefined;
}
