/**
 * Which stack-file entry a resource (or a policy violation about it) comes from. Components are
 * named after their entries (a Workload "checkout-assistant", a Route "chat") and children are
 * parented to them, so the nearest such ancestor names the entry; provider-key and alert children
 * carry their label in their names. A path quoted in a policy message (`workloads.a.keys[0].allowedIps`)
 * is more precise and wins when it agrees with the resource's entry.
 */
import { gatewayKeyChoices } from "../stacks/gateway-keys";
import type { StackSpec } from "../stacks/schema";
import { parseFieldPath, type FieldPath } from "./locate-entry";

export interface ResourceIdentity {
  urn: string;
  type: string;
  name: string;
  parent?: string;
}

const SECTIONS = ["workloads", "routes", "providerKeys", "gateway", "alerts", "usageLedger", "cloudflare", "aws"];
const QUOTED_PATH = new RegExp(`\\b((?:${SECTIONS.join("|")})(?:\\.[A-Za-z0-9-]+|\\[\\d+\\])*)`, "g");

export function entryOfResource(resource: ResourceIdentity | undefined, byUrn: ReadonlyMap<string, ResourceIdentity>, spec: StackSpec): FieldPath {
  for (let r = resource; r; r = r.parent ? byUrn.get(r.parent) : undefined) {
    const own = ownEntry(r, spec);
    if (own) return own;
  }
  return [];
}

function ownEntry(r: ResourceIdentity, spec: StackSpec): FieldPath | undefined {
  switch (r.type) {
    case "switchyard:index:Workload":
      return ["workloads", r.name];
    case "switchyard:index:Route":
      return ["routes", r.name];
    case "switchyard:index:FrontDoor":
      return ["gateway", "frontDoor"];
    case "switchyard:index:Gateway":
      return ["gateway"];
    case "switchyard:index:UsageLedger":
      return ["usageLedger"];
    case "switchyard:index:ProviderKeys":
      return ["providerKeys"];
    case "switchyard:index:Alerts":
      return ["alerts"];
    case "pulumi-nodejs:dynamic/switchyard:ByokProviderConfig": {
      // Named by provider (components/provider-keys.ts): its entry is the key the gateway serves.
      const choice = gatewayKeyChoices(spec).find((c) => r.name.endsWith(`-byok-${c.provider}`));
      return choice ? ["providerKeys", choice.keys[0].label] : undefined;
    }
  }
  const keyLabel = longestLabelIn(r.name, Object.keys(spec.providerKeys), "provider-keys-");
  if (keyLabel) return ["providerKeys", keyLabel];
  const alertLabel = longestLabelIn(r.name, Object.keys(spec.alerts), "alerts-");
  if (alertLabel) return ["alerts", alertLabel];
  return undefined;
}

/** The longest label L such that name starts with prefix + L + "-" (labels may contain dashes). */
function longestLabelIn(name: string, labels: string[], prefix: string): string | undefined {
  return labels.filter((l) => name === `${prefix}${l}` || name.startsWith(`${prefix}${l}-`)).sort((a, b) => b.length - a.length)[0];
}

/**
 * The entry a violation points at: a field path quoted in its message when that path lies within
 * the resource's entry (or the resource has none), else the resource's entry.
 */
export function entryOfViolation(message: string, resourceEntry: FieldPath, spec?: StackSpec): FieldPath {
  for (const m of message.matchAll(QUOTED_PATH)) {
    const quoted = parseFieldPath(m[1] as string);
    if (quoted.length < 2 && quoted[0] !== "gateway") continue;
    const within = resourceEntry.every((p, i) => quoted[i] === p) || resourceEntry.length === 0;
    if (within) return quoted;
  }
  // A workload finding that names one of its gateway keys in quotes is about that key.
  if (spec && resourceEntry.length === 2 && resourceEntry[0] === "workloads") {
    const keys = spec.workloads[resourceEntry[1] as string]?.keys ?? [];
    const named = keys.findIndex((k) => message.includes(`"${k.name}"`));
    if (named >= 0) return [...resourceEntry, "keys", named];
  }
  return resourceEntry;
}
