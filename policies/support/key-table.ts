/**
 * The front door's key table entries among a stack's resources: Workers KV values that parse as
 * runtime/front-door/key-entry.ts KeyTableEntry (v: 1). The Workload component writes each value
 * as plain JSON, known in every preview; a value that is unknown is read through the engine's
 * proxy, so the engine reports that the policy can't run during preview rather than skipping it.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { WorkloadScope } from "../../components/contract";
import type { KeyTableEntry } from "../../runtime/front-door/key-entry";
import { decisive } from "./known";
import { TYPES } from "./types";

export function parseKeyTableEntry(value: unknown): KeyTableEntry | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<KeyTableEntry>;
    if (parsed && parsed.v === 1 && typeof parsed.workload === "string" && typeof parsed.keyName === "string") return parsed as KeyTableEntry;
  } catch {
    // Not JSON: some other KV value, not a key entry.
  }
  return undefined;
}

export function keyTableEntries(resources: readonly PolicyResource[]): Array<{ resource: PolicyResource; entry: KeyTableEntry }> {
  const found: Array<{ resource: PolicyResource; entry: KeyTableEntry }> = [];
  for (const resource of resources) {
    if (resource.type !== TYPES.WorkersKv) continue;
    const entry = parseKeyTableEntry(decisive(resource.props, "value"));
    if (entry) found.push({ resource, entry });
  }
  return found;
}

/** A Workload's scope as it registered it in its outputs; undefined when it registered none. */
export function scopeOf(workload: PolicyResource): WorkloadScope | undefined {
  const scope = workload.props as Partial<WorkloadScope>;
  return typeof scope.workload === "string" ? (scope as WorkloadScope) : undefined;
}
