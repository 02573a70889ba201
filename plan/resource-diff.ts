/**
 * Resources that would be created, replaced, updated or deleted going from one captured version
 * of the stack to another, matched as the engine matches them: by URN, then by the head
 * resource's aliases (pulumi/pulumi pkg/resource/deploy/step_generator.go, getOldResource: the URN
 * first, then each alias; a base resource is claimed once). An unmatched URN is a delete plus a
 * create. Inputs the head lists in `ignoreChanges` take the base's value before the diff
 * (plan/ignore-changes.ts), then top-level inputs are compared. Component resources are logical and
 * left out. Only input names are reported, never values.
 */
import { isDeepStrictEqual } from "node:util";
import { applyIgnoreChanges } from "./ignore-changes";
import type { ResourceChange } from "./report-model";
import { replacingInputs } from "./replace-rules";

export interface DiffableResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  /** The provider's answer (the state): a renamed resource keeps its ARN and name. */
  outputs?: Record<string, unknown>;
  /** Earlier URNs of this resource (Pulumi `aliases`). */
  aliases?: string[];
  options?: { protect?: boolean; deleteBeforeReplace?: boolean; ignoreChanges?: string[]; replaceOnChanges?: string[] };
}

/**
 * Which protect flag lets `pulumi up` go on (step_generator.go and step.go):
 * - a replacement is refused when the program protects the resource and the state does too
 *   (generateStepsFromDiff: `new.Protect && old.Protect`), so unprotecting in the same deploy, or in
 *   the state first, lets it through;
 * - a deletion is refused when the state protects it (DeleteStep.Apply: `s.old.Protect`): the
 *   program no longer declares it, so only the state (`pulumi state unprotect`) or an earlier deploy
 *   that unprotected it can let it go.
 * Creates and updates are never refused; for them this is the program's flag.
 */
function protectDecides(action: ResourceChange["action"], base: DiffableResource | undefined, head: DiffableResource | undefined): boolean {
  const state = base?.options?.protect === true;
  const program = head?.options?.protect === true;
  if (action === "replace") return state && program;
  if (action === "delete") return state;
  return program;
}

/** The state attributes that name a resource to others: what a renamed resource keeps. */
const IDENTITY_OUTPUTS = ["arn", "name", "id"] as const;

/** `value` with every occurrence of each key of `renames` replaced by its value (strings, deeply). */
function substituted(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    let out = value;
    for (const [from, to] of renames) if (out.includes(from)) out = out.split(from).join(to);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => substituted(v, renames));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituted(v, renames)]));
  return value;
}

/**
 * What the engine's state gives the program for a resource that is renamed (matched by an alias)
 * and not replaced: its old ARN, name and id. The offline capture answers a renamed resource's
 * physical name from its new inputs (a `namePrefix` under ignoreChanges is unknown offline), so
 * the head's values are mapped back to the base's before inputs that reference them are compared.
 */
function keptIdentities(matches: ReadonlyArray<{ head: DiffableResource; old: DiffableResource; renamed: boolean }>): Map<string, string> {
  const renames = new Map<string, string>();
  for (const { head, old, renamed } of matches) {
    if (!renamed) continue;
    const inputs = applyIgnoreChanges(head.inputs, old.inputs, head.options?.ignoreChanges);
    if (replacingInputs(head.type, old.inputs, inputs, head.options?.replaceOnChanges).length) continue;
    for (const field of IDENTITY_OUTPUTS) {
      // A value the program sets (a route graph's name) is the new one; only computed ones are kept.
      if (Object.hasOwn(head.inputs, field)) continue;
      const now = head.outputs?.[field];
      const was = old.outputs?.[field];
      if (typeof now === "string" && typeof was === "string" && now !== was && now.length >= 8) renames.set(now, was);
    }
  }
  return renames;
}

export function diffResources(base: readonly DiffableResource[], head: readonly DiffableResource[]): ResourceChange[] {
  const before = new Map(base.filter((r) => r.custom).map((r) => [r.urn, r]));
  const after = head.filter((r) => r.custom);
  const headUrns = new Set(after.map((r) => r.urn));
  const claimed = new Set<string>();
  const matched = new Map<DiffableResource, string | undefined>();
  for (const r of after) {
    // An alias never claims a base resource that a head resource still has by its own URN.
    const match = [r.urn, ...(r.aliases ?? [])].find((u, i) => before.has(u) && !claimed.has(u) && (i === 0 || !headUrns.has(u)));
    if (match) claimed.add(match);
    matched.set(r, match);
  }
  claimed.clear();
  const renames = keptIdentities([...matched].flatMap(([r, match]) => (match ? [{ head: r, old: before.get(match)!, renamed: match !== r.urn }] : [])));
  const changes: ResourceChange[] = [];
  for (const r of after) {
    const match = matched.get(r);
    const old = match ? before.get(match) : undefined;
    const dbr = r.options?.deleteBeforeReplace ? { deleteBeforeReplace: true } : {};
    if (!old || !match) {
      changes.push({ urn: r.urn, type: r.type, name: r.name, action: "create", changedInputs: [], replaceBecause: [], protect: protectDecides("create", undefined, r), ...dbr });
      continue;
    }
    claimed.add(match);
    const renamed = match !== r.urn ? { previousUrn: old.urn, previousName: old.name } : {};
    const inputs = applyIgnoreChanges(renames.size ? (substituted(r.inputs, renames) as Record<string, unknown>) : r.inputs, old.inputs, r.options?.ignoreChanges);
    const changedInputs = [...new Set([...Object.keys(old.inputs), ...Object.keys(inputs)])].filter((k) => !isDeepStrictEqual(old.inputs[k], inputs[k])).sort();
    if (changedInputs.length === 0) {
      // Same state under a new name: listed, so the report shows the rename Pulumi follows.
      if (match !== r.urn) changes.push({ urn: r.urn, type: r.type, name: r.name, action: "same", changedInputs, replaceBecause: [], protect: protectDecides("same", old, r), ...renamed, ...dbr });
      continue;
    }
    const replaceBecause = replacingInputs(r.type, old.inputs, inputs, r.options?.replaceOnChanges);
    const action = replaceBecause.length ? "replace" : "update";
    changes.push({ urn: r.urn, type: r.type, name: r.name, action, changedInputs, replaceBecause, protect: protectDecides(action, old, r), ...renamed, ...dbr });
  }
  for (const [urn, r] of before) if (!claimed.has(urn)) changes.push({ urn, type: r.type, name: r.name, action: "delete", changedInputs: [], replaceBecause: [], protect: protectDecides("delete", r, undefined) });
  const order = { delete: 0, replace: 1, create: 2, update: 3, same: 4 } as const;
  return changes.sort((a, b) => order[a.action] - order[b.action] || (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}
