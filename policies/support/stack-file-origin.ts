/**
 * Which stack-file entry a resource was made from, so that a violation can name the field to change
 * in the stack file's own words (issue 26: "Set alarmActions ..." is nothing a stack file can say).
 * The components parent every resource to the component of its entry, named after the entry's
 * label (components/ai-gateway-stack.ts), and tag AWS resources with their workload and provider
 * key (components/tags.ts). Resource policies know their parent by URN (opts.parent), stack
 * policies as a resource (parent.urn): both come here as a URN.
 */
import { COMPONENT_TYPES, TAG } from "../../components/contract";
import type { FieldPath } from "./location";

export interface ResourceOrigin {
  /** The URN of the resource's parent, if any. */
  parent?: string;
  /** The resource's tags input, if any. */
  tags?: unknown;
}

/** Components whose label is the entry's (a Workload "checkout", a Route "chat"), and the entries of the others. */
const ENTRY_OF_COMPONENT: Record<string, (name: string) => FieldPath> = {
  [COMPONENT_TYPES.Workload]: (name) => ["workloads", name],
  [COMPONENT_TYPES.Route]: (name) => ["routes", name],
  [COMPONENT_TYPES.Gateway]: () => ["gateway"],
  [COMPONENT_TYPES.FrontDoor]: () => ["gateway", "frontDoor"],
  [COMPONENT_TYPES.ProviderKeys]: () => ["providerKeys"],
  [COMPONENT_TYPES.UsageLedger]: () => ["usageLedger"],
  [COMPONENT_TYPES.Alerts]: () => ["alerts"],
  // The stack's own resources (its KMS key, the key table) come from the file as a whole.
  [COMPONENT_TYPES.AiGatewayStack]: () => [],
};

/**
 * The stack-file entry a resource was made from (`["workloads", "checkout"]`, `["usageLedger"]`,
 * `[]` for the stack's own resources), or undefined for a resource no Switchyard component made:
 * a hand-written program's.
 */
export function stackFileEntry(origin: ResourceOrigin): FieldPath | undefined {
  const tags = origin.tags && typeof origin.tags === "object" ? (origin.tags as Record<string, unknown>) : {};
  const workload = tags[TAG.workload];
  if (typeof workload === "string") return ["workloads", workload];
  const providerKey = tags[TAG.providerKey];
  if (typeof providerKey === "string") return ["providerKeys", providerKey];
  if (!origin.parent) return undefined;
  const [, , types = "", name = ""] = origin.parent.split("::");
  return entryOfComponent(types.split("$").pop() ?? "", name);
}

/** The entry a Switchyard component of this type and name stands for; undefined for any other resource. */
export function entryOfComponent(type: string, name: string): FieldPath | undefined {
  return ENTRY_OF_COMPONENT[type]?.(name);
}

/** The workload a resource was made for, if any. */
export function workloadOf(origin: ResourceOrigin): string | undefined {
  const entry = stackFileEntry(origin);
  return entry?.[0] === "workloads" && typeof entry[1] === "string" ? entry[1] : undefined;
}

/**
 * Said by a violation that no stack file can cause: the components always set what it asks for, so
 * its advice is in the resource's terms.
 */
export const NOT_FROM_A_STACK_FILE = "No stack file can cause this (the Switchyard components always set it): the program that made this resource was written or changed by hand.";
