/**
 * The front door's key table entries among a stack's resources: Workers KV values that parse as
 * runtime/front-door/key-entry.ts KeyTableEntry (v: 1). Values unknown during a preview are
 * skipped: the Workload component's own inputs carry the same facts.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { KeyTableEntry } from "../../runtime/front-door/key-entry";
import { peek } from "./known";
import { TYPES } from "./types";

export function parseKeyTableEntry(value: unknown): KeyTableEntry | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<KeyTableEntry>;
    if (parsed && parsed.v === 1 && typeof parsed.workload === "string" && typeof parsed.keyName === "string") return parsed as KeyTableEntry;
  } catch {
    // Not JSON: some other KV value (e.g. the route table), not a key entry.
  }
  return undefined;
}

export function keyTableEntries(resources: readonly PolicyResource[]): Array<{ resource: PolicyResource; entry: KeyTableEntry }> {
  const found: Array<{ resource: PolicyResource; entry: KeyTableEntry }> = [];
  for (const resource of resources) {
    if (resource.type !== TYPES.WorkersKv) continue;
    const entry = parseKeyTableEntry(peek(resource.props, "value"));
    if (entry) found.push({ resource, entry });
  }
  return found;
}
