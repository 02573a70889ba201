/**
 * Which provider keys the gateway serves. Cloudflare AI Gateway calls a provider with the BYOK key
 * stored under the alias `default` unless the request sends `cf-aig-byok-alias`
 * (developers.cloudflare.com/ai-gateway/usage/worker-binding-methods, "credential precedence" in
 * ai-gateway/features/unified-billing); the front door never sends that header, and a dynamic
 * route's model node has no key or alias property (@pulumi/cloudflare 6.22.1
 * AiGatewayDynamicRouting elements). So the gateway serves one key per provider, and a route
 * target's `key` can only ever be that one.
 *
 * For each provider the gateway calls (a route target's model, or a model a gateway or hybrid
 * workload lists), the served key is:
 *   1. the key route targets name, if any does;
 *   2. otherwise its keys no workload lists in `directKeys`;
 *   3. otherwise its keys (each listed in some `directKeys`: read directly and served).
 * Every other key is direct-only: it stays in AWS Secrets Manager and never reaches Cloudflare.
 * More than one key at the deciding step is a stack-file error (checks.ts).
 */
import type { FieldPath } from "./checks";
import { callsGateway } from "./paths";
import { routeTargets } from "./route-targets";
import { providerOf, type Provider, type StackFile } from "./schema";

/** The BYOK alias Cloudflare uses when a request names none. */
export const DEFAULT_BYOK_ALIAS = "default";

export interface GatewayKeyChoice {
  provider: Provider;
  /** Which rule above decided. */
  by: "routes" | "not-direct" | "direct";
  /** The served keys in stack-file order, each with where it is named; exactly one in a valid stack. */
  keys: Array<{ label: string; at: FieldPath }>;
}

/** Per provider the gateway calls that has a declared key, how its key is chosen. */
export function gatewayKeyChoices(stack: Pick<StackFile, "providerKeys" | "routes" | "workloads">): GatewayKeyChoice[] {
  const targets = routeTargets(stack.routes).map(({ target, at }) => ({ model: target.model, key: target.key, at: [...at, "key"] }));
  const called = new Set([...targets.map((t) => t.model), ...Object.values(stack.workloads).flatMap((w) => (callsGateway(w.path) ? w.models : []))].map(providerOf));
  const routeNamed = new Map<string, FieldPath>();
  for (const t of targets) if (Object.hasOwn(stack.providerKeys, t.key) && !routeNamed.has(t.key)) routeNamed.set(t.key, t.at);
  const directListed = new Set(Object.values(stack.workloads).flatMap((w) => w.directKeys));

  const byProvider = new Map<Provider, string[]>();
  for (const [label, key] of Object.entries(stack.providerKeys)) if (called.has(key.provider)) byProvider.set(key.provider, [...(byProvider.get(key.provider) ?? []), label]);

  return [...byProvider].map(([provider, labels]): GatewayKeyChoice => {
    const declared = (label: string) => ({ label, at: ["providerKeys", label] as FieldPath });
    const named = [...routeNamed].filter(([label]) => stack.providerKeys[label].provider === provider);
    if (named.length) return { provider, by: "routes", keys: named.map(([label, at]) => ({ label, at })) };
    const unlisted = labels.filter((l) => !directListed.has(l));
    return unlisted.length ? { provider, by: "not-direct", keys: unlisted.map(declared) } : { provider, by: "direct", keys: labels.map(declared) };
  });
}

/** Labels of the provider keys the gateway serves (one per provider in a valid stack). */
export function gatewayServedKeys(stack: Pick<StackFile, "providerKeys" | "routes" | "workloads">): string[] {
  return gatewayKeyChoices(stack).flatMap((c) => c.keys.map((k) => k.label));
}
