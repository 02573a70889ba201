/**
 * Which stack-file entry a resource comes from, for a violation whose policy named no field
 * (policies that know the field report it as data: PolicyViolation.path). Components are named
 * after their entries (a Workload "checkout-assistant", a Route "chat") and children are parented
 * to them, so the nearest such ancestor names the entry; provider-key and alert children carry
 * their label in their names.
 */
import { BYOK_PROVIDER_CONFIG_TYPE } from "../components/contract";
import { entryOfComponent } from "../policies/support/stack-file-origin";
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
  const component = entryOfComponent(r.type, r.name);
  if (component) return component;
  if (r.type === BYOK_PROVIDER_CONFIG_TYPE) {
    // Named by provider (components/provider-keys.ts): its entry is the key the gateway serves.
    const choice = gatewayKeyChoices(spec).find((c) => r.name.endsWith(`-byok-${c.provider}`));
    return choice ? ["providerKeys", choice.keys[0].label] : undefined;
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
