/**
 * Lifecycle findings of `--base`: what the resource changes mean for a deployment, judged as
 * `pulumi up` would, in the stack file's terms.
 * - refused: a replacement or deletion of a protected resource, which makes `pulumi up` stop
 *   (the protect flags that decide: plan/resource-diff.ts). Always failing: nothing deploys.
 * - clients cut off: a change after which running clients are refused: a gateway key's random
 *   bytes replaced or deleted before the key's expiresOn, a route label gone that no route keeps in
 *   `renamedFrom`, the front door's hostname changed, the AI Gateway replaced or deleted. Failing in
 *   a production environment (stacks/environment.ts isProduction, the one rule for what production
 *   is, which also decides protection by default), a warning elsewhere.
 * Pure: resource changes, both specs and both captures in, sorted findings out.
 */
import { shortType } from "./format-helpers";
import { daysBetween } from "../stacks/dates";
import { isProduction } from "../stacks/environment";
import { dynamicModel } from "../stacks/providers";
import type { StackSpec } from "../stacks/schema";
import { BYOK_PROVIDER_CONFIG_TYPE } from "../components/contract";
import { TYPES } from "../policies/support/types";
import { entryOfResource, type ResourceIdentity } from "./entry-of-resource";
import { formatFieldPath, type FieldPath, type Locator } from "./locate-entry";
import type { LifecycleFinding, ResourceChange } from "./report-model";

export const LIFECYCLE_RULES = {
  refused: {
    id: "switchyard-lifecycle-refused",
    description: "`pulumi up` refuses to replace or delete a protected resource, and then deploys nothing.",
  },
  clientsCutOff: {
    id: "switchyard-lifecycle-clients-cut-off",
    description: "A change after which running clients are refused: a valid gateway key replaced or deleted, a route label gone, the front door's hostname or the AI Gateway replaced.",
  },
} as const;

const TYPE = { aiGateway: TYPES.AiGateway, route: TYPES.DynamicRouting, customDomain: TYPES.WorkersCustomDomain, randomBytes: TYPES.RandomBytes } as const;

/** The stack-file field behind a replacing input, where it is not the resource's entry itself. */
const FIELD_OF_INPUT: Record<string, FieldPath> = {
  [`${TYPE.aiGateway}#aiGatewayId`]: ["gateway", "id"],
  [`${TYPE.aiGateway}#accountId`]: ["cloudflare", "accountId"],
  [`${TYPE.route}#gatewayId`]: ["gateway", "id"],
  [`${BYOK_PROVIDER_CONFIG_TYPE}#gatewayId`]: ["gateway", "id"],
  [`${TYPE.customDomain}#hostname`]: ["gateway", "frontDoor", "hostname"],
  [`${TYPE.customDomain}#zoneId`]: ["cloudflare", "zoneId"],
};

export interface LifecycleInput {
  changes: readonly ResourceChange[];
  base: StackSpec;
  head: StackSpec;
  baseResources: readonly ResourceIdentity[];
  headResources: readonly ResourceIdentity[];
  /** The date clients are judged at (YYYY-MM-DD). */
  today: string;
  /** Stack-file positions in the head file. */
  locate: Locator;
}

/** An entry's former labels (stack-file `renamedFrom`, oldest first). */
const renamedFromOf = (entry: { renamedFrom?: readonly string[] }): readonly string[] => entry.renamedFrom ?? [];

const quoted = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(", ");

export function lifecycleFindings(input: LifecycleInput): LifecycleFinding[] {
  const { changes, base, head, today, locate } = input;
  const baseByUrn = new Map(input.baseResources.map((r) => [r.urn, r]));
  const headByUrn = new Map(input.headResources.map((r) => [r.urn, r]));
  const cutOffLevel: LifecycleFinding["level"] = isProduction(head.environment) ? "failing" : "warning";
  const findings: LifecycleFinding[] = [];
  const resourceOf = (c: ResourceChange) => ({ urn: c.urn, type: c.type, name: c.name, action: c.action });
  /** The resource as the base knew it (a delete, or a change found under an alias). */
  const baseResource = (c: ResourceChange) => baseByUrn.get(c.previousUrn ?? c.urn);
  const entryOf = (c: ResourceChange): FieldPath => (c.action === "delete" ? entryOfResource(baseResource(c), baseByUrn, base) : entryOfResource(headByUrn.get(c.urn), headByUrn, head));

  // Refused: grouped by the field that caused them, so a gateway id names its resources once.
  const refused = new Map<string, { path: FieldPath; removed: boolean; changes: ResourceChange[] }>();
  for (const c of changes) {
    if (!c.protect || (c.action !== "replace" && c.action !== "delete")) continue;
    const cause = causeOf(c, entryOf(c), head);
    const key = `${formatFieldPath(cause.path)}#${cause.removed}`;
    const group = refused.get(key) ?? { ...cause, changes: [] };
    group.changes.push(c);
    refused.set(key, group);
  }
  for (const { path, removed, changes: group } of refused.values()) {
    const field = formatFieldPath(path);
    const what = group.map((c) => `${c.action === "delete" ? "delete" : "replace"} protected ${shortType(c.type)} ${c.name}${c.replaceBecause.length ? ` (forced by ${c.replaceBecause.join(", ")})` : ""}`).join("; ");
    findings.push({
      rule: LIFECYCLE_RULES.refused.id,
      level: "failing",
      field,
      message: `\`pulumi up\` will refuse this: it would ${what}, because \`${field}\` ${removed ? "was removed" : "changed"}.`,
      fix: refusedFix(path, removed, group, base, head),
      resources: group.map(resourceOf),
      location: locate(path),
    });
  }

  const cutOff = (path: FieldPath, message: string, fix: string, group: ResourceChange[], level = cutOffLevel) =>
    findings.push({ rule: LIFECYCLE_RULES.clientsCutOff.id, level, field: formatFieldPath(path), message, fix, resources: group.map(resourceOf), location: locate(path) });

  for (const c of changes) {
    if (c.action !== "replace" && c.action !== "delete") continue;
    const gone = c.action === "delete" ? "deleted" : "replaced";
    if (c.type === TYPE.randomBytes) {
      const key = gatewayKeyOf(baseResource(c), baseByUrn, base);
      // A key is refused from 00:00 UTC on its expiresOn (runtime/front-door/scope.ts, keyExpired).
      if (!key || daysBetween(today, key.expiresOn) <= 0) continue;
      const index = head.workloads[key.workload]?.keys.findIndex((k) => k.name === key.name) ?? -1;
      const path: FieldPath = index >= 0 ? ["workloads", key.workload, "keys", index] : ["workloads", key.workload];
      cutOff(
        path,
        `Gateway key \`${key.name}\` of workload \`${key.workload}\` is ${gone} (its random bytes${c.action === "replace" ? " are new" : " go"}) while it is valid until ${key.expiresOn}: clients still using it are refused from this deploy on.`,
        `Add the new key beside the old one and remove \`${key.name}\` once its clients have moved, or from ${key.expiresOn} on, when the front door refuses it anyway.`,
        [c],
      );
    } else if (c.type === TYPE.aiGateway) {
      const path: FieldPath = base.gateway.id !== head.gateway.id ? ["gateway", "id"] : ["gateway"];
      cutOff(
        path,
        `The AI Gateway \`${base.gateway.id}\` is ${gone}: requests through it fail until a new gateway and its routes and provider keys are in place, and its logs and analytics go with it.`,
        "Keep `gateway.id`: a new gateway is a new stack, with a stack file and environment of its own (`switchyard init`); move clients to it, then retire this one.",
        [c],
      );
    }
  }

  const oldHost = base.gateway.frontDoor?.hostname;
  const newHost = head.gateway.frontDoor?.hostname;
  const domains = changes.filter((c) => c.type === TYPE.customDomain && (c.action === "replace" || c.action === "delete"));
  if (oldHost !== undefined && oldHost !== newHost && domains.length) {
    cutOff(
      newHost !== undefined ? ["gateway", "frontDoor", "hostname"] : ["gateway", "frontDoor"],
      `The front door's hostname ${newHost !== undefined ? `changes from ${oldHost} to ${newHost}` : `${oldHost} goes with the front door`} (its custom domain is ${newHost !== undefined ? "replaced" : "deleted"}): clients calling https://${oldHost} are refused.`,
      `Keep \`gateway.frontDoor.hostname\` ${oldHost} until every client calls the new base URL: the front door serves one hostname.`,
      domains,
    );
  }

  const keptRoutes = new Set(Object.entries(head.routes).flatMap(([label, r]) => [label, ...renamedFromOf(r)]));
  // Only a route some workload's keys could call has clients to cut off.
  const calledRoutes = new Set(Object.values(base.workloads).flatMap((w) => (w.keys.length ? w.routes : [])));
  for (const label of Object.keys(base.routes).sort()) {
    if (keptRoutes.has(label) || !calledRoutes.has(label)) continue;
    const added = Object.keys(head.routes).filter((l) => !(l in base.routes));
    cutOff(
      ["routes", label],
      `Route \`${label}\` is removed and no route keeps it in \`renamedFrom\`: clients calling \`${dynamicModel(label)}\` are refused.`,
      `${added.length ? `If ${added.map((l) => `\`routes.${l}\``).join(" or ")} takes its place, add \`renamedFrom: [${label}]\` to it: the front door keeps serving \`${dynamicModel(label)}\`. Otherwise m` : "M"}ove the clients off \`${dynamicModel(label)}\` before removing the route.`,
      [],
    );
  }
  // A former label dropped from renamedFrom: the end of a rename, which only the gateway's logs can
  // say is safe (no client still calls it), so a warning in every environment, never a refusal.
  for (const [label, route] of Object.entries(base.routes).sort(([a], [b]) => cmp(a, b))) {
    if (!calledRoutes.has(label) || !(label in head.routes)) continue;
    for (const former of renamedFromOf(route)) {
      if (keptRoutes.has(former)) continue;
      cutOff(
        ["routes", label, "renamedFrom"],
        `\`${dynamicModel(former)}\`, the former name of route \`${label}\`, is no longer served: clients still calling it are refused.`,
        `Check the gateway's logs for requests to \`${dynamicModel(former)}\` before dropping it from \`routes.${label}.renamedFrom\`.`,
        [],
        "warning",
      );
    }
  }

  const levelRank = { failing: 0, warning: 1 } as const;
  return findings.sort((a, b) => levelRank[a.level] - levelRank[b.level] || cmp(a.rule, b.rule) || cmp(a.field, b.field) || cmp(a.message, b.message));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The field that caused a change: the replacing input's own field, the removed entry, else the entry. */
function causeOf(c: ResourceChange, entry: FieldPath, head: StackSpec): { path: FieldPath; removed: boolean } {
  for (const input of c.replaceBecause) {
    const field = FIELD_OF_INPUT[`${c.type}#${input}`];
    if (field) return { path: field, removed: false };
  }
  const [section, label] = entry;
  if (c.action === "delete" && typeof section === "string" && typeof label === "string") {
    const entries = (head as unknown as Record<string, Record<string, unknown> | undefined>)[section];
    if (!entries || !(label in entries)) return { path: [section, label], removed: true };
  }
  return { path: entry, removed: false };
}

/** The way out of a refused deploy, in stack-file terms and the Pulumi commands it takes. */
function refusedFix(path: FieldPath, removed: boolean, group: readonly ResourceChange[], base: StackSpec, head: StackSpec): string {
  const field = formatFieldPath(path);
  // In production, gateway.protect: false fails switchyard-protection-required (mandatory there).
  const unprotect = `\`pulumi state unprotect '<urn>'\` for ${group.length === 1 ? "it" : "each"} (${group.map((c) => c.previousUrn ?? c.urn).join(", ")})`;
  const orProtectFalse = isProduction(head.environment) ? "" : ", or deploy once with `gateway.protect: false` first";
  if (field === "gateway.id") return "Keep `gateway.id`: a new gateway is a new stack, with a stack file and environment of its own (`switchyard init`).";
  if (removed) {
    const [section, label] = path as [string, string];
    const before = Object.keys((base as unknown as Record<string, Record<string, unknown>>)[section] ?? {});
    const added = Object.keys((head as unknown as Record<string, Record<string, unknown>>)[section] ?? {}).filter((l) => !before.includes(l));
    const rename = ["workloads", "routes", "providerKeys"].includes(section) && added.length ? `If ${quoted(added.map((l) => `${section}.${l}`))} is \`${label}\` renamed, add \`renamedFrom: [${label}]\` to it: Pulumi then keeps its resources. ` : "";
    // A deletion is refused on the state's flag alone (plan/resource-diff.ts), so the program cannot lift it once the entry is gone.
    return `${rename}To remove it for good, clear the state's protection first: ${unprotect}${orProtectFalse ? `, or deploy once with \`gateway.protect: false\` while \`${field}\` is still there` : ""}; then deploy the removal.`;
  }
  // A replacement is refused only while program and state both protect (plan/resource-diff.ts).
  return `Keep \`${field}\` as it was. To replace on purpose, clear the state's protection first: ${unprotect}${orProtectFalse} (the deploy protects the new one again).`;
}

/** The base spec's gateway key a RandomBytes `<w>-key-<k>` holds (components/workload.ts names them so). */
function gatewayKeyOf(resource: ResourceIdentity | undefined, byUrn: ReadonlyMap<string, ResourceIdentity>, base: StackSpec): { workload: string; name: string; expiresOn: string } | undefined {
  const [section, workload] = entryOfResource(resource, byUrn, base);
  if (section !== "workloads" || typeof workload !== "string" || !resource) return undefined;
  const key = base.workloads[workload]?.keys.find((k) => resource.name === `${workload}-key-${k.name}`);
  return key ? { workload, name: key.name, expiresOn: key.expiresOn } : undefined;
}
