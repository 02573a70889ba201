/**
 * Resources that would be created, replaced, updated or deleted going from one captured version
 * of the stack to another: by URN (a resource whose URN changes is a delete plus a create, as in
 * the engine), then by top-level input. Component resources are logical and left out. Only input
 * names are reported, never values.
 */
import { isDeepStrictEqual } from "node:util";
import type { ResourceChange } from "./report-model";
import { replacingInputs } from "./replace-rules";

export interface DiffableResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
}

export function diffResources(base: readonly DiffableResource[], head: readonly DiffableResource[]): ResourceChange[] {
  const before = new Map(base.filter((r) => r.custom).map((r) => [r.urn, r]));
  const after = new Map(head.filter((r) => r.custom).map((r) => [r.urn, r]));
  const changes: ResourceChange[] = [];
  for (const [urn, r] of after) {
    const old = before.get(urn);
    if (!old) {
      changes.push({ urn, type: r.type, name: r.name, action: "create", changedInputs: [], replaceBecause: [] });
      continue;
    }
    const changedInputs = [...new Set([...Object.keys(old.inputs), ...Object.keys(r.inputs)])].filter((k) => !isDeepStrictEqual(old.inputs[k], r.inputs[k])).sort();
    if (changedInputs.length === 0) continue;
    const replaceBecause = replacingInputs(r.type, changedInputs);
    changes.push({ urn, type: r.type, name: r.name, action: replaceBecause.length ? "replace" : "update", changedInputs, replaceBecause });
  }
  for (const [urn, r] of before) if (!after.has(urn)) changes.push({ urn, type: r.type, name: r.name, action: "delete", changedInputs: [], replaceBecause: [] });
  const order = { delete: 0, replace: 1, create: 2, update: 3 } as const;
  return changes.sort((a, b) => order[a.action] - order[b.action] || (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}
