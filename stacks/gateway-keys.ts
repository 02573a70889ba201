/**
 * Which provider keys the gateway serves. Cloudflare AI Gateway calls a provider with the BYOK key
 * stored under the alias `default` unless the request sends `cf-aig-byok-alias`
 * (developers.cloudflare.com/ai-gateway/usage/worker-binding-methods, "credential precedence" in
 * ai-gateway/features/unified-billing); the front door never sends that header, and a dynamic
 * route's model node has no key or alias property (@pulumi/cloudflare 6.22.1
 * AiGatewayDynamicRouting elements). So the gateway serves one key per provider, and a route
 * target's `key` can only ever be that one.
 *
 * For each provider, the served key is:
 *   1. the key route targets name, if any does;
 *   2. otherwise its keys no workload lists in `directKeys`;
 *   3. otherwise, when a gateway or hybrid workload calls the provider through `models`, its keys
 *      listed in `directKeys`.
 * Every other key is direct-only: it stays in AWS Secrets Manager and never reaches Cloudflare.
 * More than one key at the deciding step is a stack-file error (checks.ts).
 */
import type { FieldPath } from "./checks";
import { providerOf, type Provider, type StackFile } from "./schema";

/** The BYOK alias Cloudflare uses when a request names none. */
export const DEFAULT_BYOK_ALIAS = "default";

export interface GatewayKeyChoice {
  provider: Provider;
  /** Which rule above decided. */
  by: "routes" | "not-direct" | "models";
  /** The served keys in stack-file order, each with where it is named; exactly one in a valid stack. */
  keys: Array<{ label: string; at: FieldPath }>;
}

/** Every route target with its path, in stack-file order. */
function routeTargets(stack: Pick<StackFile, "routes">): Array<{ key: string; at: FieldPath }> {
  const targets: Array<{ key: string; at: FieldPath }> = [];
  for (const [name, route] of Object.entries(stack.routes)) {
    const at = ["routes", name];
    targets.push({ key: route.primary.key, at: [...at, "primary", "key"] });
    if (route.canary) targets.push({ key: route.canary.key, at: [...at, "canary", "key"] });
    route.fallbacks.forEach((f, i) => targets.push({ key: f.key, at: [...at, "fallbacks", i, "key"] }));
    if (route.rollback) targets.push({ key: route.rollback.key, at: [...at, "rollback", "key"] });
  }
  return targets;
}

/** Per provider with at least one declared key the gateway serves, how its key is chosen. */
export function gatewayKeyChoices(stack: Pick<StackFile, "providerKeys" | "routes" | "workloads">): GatewayKeyChoice[] {
  const byProvider = new Map<Provider, string[]>();
  for (const [label, key] of Object.entries(stack.providerKeys)) byProvider.set(key.provider, [...(byProvider.get(key.provider) ?? []), label]);

  const routeNamed = new Map<string, FieldPath>();
  for (const t of routeTargets(stack)) if (Object.hasOwn(stack.providerKeys, t.key) && !routeNamed.has(t.key)) routeNamed.set(t.key, t.at);
  const directListed = new Set(Object.values(stack.workloads).flatMap((w) => w.directKeys));
  const calledByModels = new Set(Object.values(stack.workloads).flatMap((w) => (w.path === "direct" ? [] : w.models.map(providerOf))));

  const choices: GatewayKeyChoice[] = [];
  for (const [provider, labels] of byProvider) {
    const declared = (label: string): { label: string; at: FieldPath } => ({ label, at: ["providerKeys", label] });
    const named = [...routeNamed].filter(([label]) => stack.providerKeys[label].provider === provider);
    if (named.length) {
      choices.push({ provider, by: "routes", keys: named.map(([label, at]) => ({ label, at })) });
      continue;
    }
    const unlisted = labels.filter((l) => !directListed.has(l));
    if (unlisted.length) choices.push({ provider, by: "not-direct", keys: unlisted.map(declared) });
    else if (calledByModels.has(provider)) choices.push({ provider, by: "models", keys: labels.map(declared) });
  }
  return choices;
}

/** Labels of the provider keys the gateway serves (one per provider in a valid stack). */
export function gatewayServedKeys(stack: Pick<StackFile, "providerKeys" | "routes" | "workloads">): string[] {
  return gatewayKeyChoices(stack).flatMap((c) => c.keys.map((k) => k.label));
}
