/**
 * Which stack-file entry a resource comes from, for a violation whose policy named no field
 * (policies that know the field report it as data: PolicyViolation.path). Components are named
 * after their entries (a Workload "checkout-assistant", a Route "chat") and children are parented
 * to them, so the nearest such ancestor names the entry; provider-key and alert children carry
 * their label in their names.
 */
import { BYOK_PROVIDER_CONFIG_TYPE, COMPONENT_TYPES } from "../components/contract";
import { gatewayKeyChoices } from "../stacks/gateway-keys";
import type { StackSpec } from "../stacks/schema";
import type { FieldPath } from "./locate-entry";

export interface ResourceIdentity {
  urn: string;
  type: string;
  name: string;
  parent?: string;
}

export function entryOfResource(resource: ResourceIdentity | undefined, byUrn: ReadonlyMap<string, ResourceIdentity>, spec: StackSpec): FieldPath {
  for (let r = resource; r; r = r.parent ? byUrn.get(r.parent) : undefined) {
    const own = ownEntry(r, spec);
    if (own) return own;
  }
  return [];
}

function ownEntry(r: ResourceIdentity, spec: StackSpec): FieldPath | undefined {
  switch (r.type) {
    case COMPONENT_TYPES.Workload:
      return ["workloads", r.name];
    case COMPONENT_TYPES.Route:
      return ["routes", r.name];
    case COMPONENT_TYPES.FrontDoor:
      return ["gateway", "frontDoor"];
    case COMPONENT_TYPES.Gateway:
      return ["gateway"];
    case COMPONENT_TYPES.UsageLedger:
      return ["usageLedger"];
    case COMPONENT_TYPES.ProviderKeys:
      return ["providerKeys"];
    case COMPONENT_TYPES.Alerts:
      return ["alerts"];
    case BYOK_PROVIDER_CONFIG_TYPE: {
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
