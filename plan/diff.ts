/**
 * The diff in the stack file's own terms: which workloads, gateway keys, budgets, routes,
 * provider keys, alert channels and gateway settings were added, removed or changed between two
 * versions of a stack file, each changed field with its old and new value and a reading aid
 * (a budget 500 -> 800 USD: +60%; a canary 10 -> 25: +15 points; an expiry: moves 30 days later).
 * Pure: two StackSpecs in, sorted EntryChanges out.
 */
import { daysBetween, isCalendarDate } from "../stacks/dates";
import type { RouteTarget, StackSpec } from "../stacks/schema";
import { flatten, type Flat } from "./flatten";
import type { DiffSection, DiffValue, EntryChange, FieldChange } from "./report-model";

const target = (t: RouteTarget) => `${t.model} (key ${t.key})`;

/** The entries of each section as flat field maps, in the stack file's terms. */
function entriesOf(spec: StackSpec | undefined): Map<DiffSection, Map<string, Flat>> {
  const sections = new Map<DiffSection, Map<string, Flat>>();
  const put = (section: DiffSection, name: string, value: unknown) => {
    if (!sections.has(section)) sections.set(section, new Map());
    sections.get(section)?.set(name, flatten(value));
  };
  for (const s of ["stack", "gateway", "providerKeys", "routes", "workloads", "gatewayKeys", "budgets", "alerts"] as DiffSection[]) sections.set(s, new Map());
  if (!spec) return sections;
  put("stack", "settings", { environment: spec.environment, owner: spec.owner, description: spec.description, cloudflare: spec.cloudflare, aws: spec.aws, usageLedger: spec.usageLedger });
  put("gateway", "gateway", spec.gateway);
  for (const [name, k] of Object.entries(spec.providerKeys)) put("providerKeys", name, k);
  for (const [name, r] of Object.entries(spec.routes)) {
    put("routes", name, {
      description: r.description,
      primary: target(r.primary),
      canary: r.canary ? target(r.canary) : undefined,
      "canary.percent": r.canary?.percent,
      fallbacks: r.fallbacks.map(target).join(" -> ") || undefined,
      rollback: r.rollback ? target(r.rollback) : undefined,
      active: r.active,
      timeoutMs: r.timeoutMs,
      retries: r.retries,
    });
  }
  for (const [name, w] of Object.entries(spec.workloads)) {
    const { keys, budget, ...rest } = w;
    put("workloads", name, rest);
    for (const k of keys) put("gatewayKeys", k.name, { workload: name, expiresOn: k.expiresOn, allowedIps: k.allowedIps });
    if (budget) put("budgets", name, budget);
  }
  for (const [name, a] of Object.entries(spec.alerts)) put("alerts", name, a);
  return sections;
}

/** The reading aid for one numeric or date change. */
export function changeNote(field: string, old: DiffValue | undefined, now: DiffValue | undefined): string | undefined {
  if (typeof old === "number" && typeof now === "number") {
    if (/percent$/i.test(field)) {
      const d = now - old;
      return `${d > 0 ? "+" : ""}${d} point${Math.abs(d) === 1 ? "" : "s"}`;
    }
    if (old === 0) return undefined;
    const pct = Math.round(((now - old) / old) * 1000) / 10;
    return `${pct > 0 ? "+" : ""}${pct}%`;
  }
  if (isCalendarDate(old) && isCalendarDate(now)) {
    const d = daysBetween(old, now);
    return `moves ${Math.abs(d)} day${Math.abs(d) === 1 ? "" : "s"} ${d > 0 ? "later" : "earlier"}`;
  }
  return undefined;
}

export function diffStacks(base: StackSpec | undefined, head: StackSpec): EntryChange[] {
  const before = entriesOf(base);
  const after = entriesOf(head);
  const changes: EntryChange[] = [];
  for (const [section, headEntries] of after) {
    const baseEntries = before.get(section) ?? new Map<string, Flat>();
    const names = [...new Set([...baseEntries.keys(), ...headEntries.keys()])].sort();
    for (const name of names) {
      const o = baseEntries.get(name);
      const n = headEntries.get(name);
      const fields = fieldChanges(o ?? new Map(), n ?? new Map());
      if (!o && n) changes.push({ section, name, change: "added", fields });
      else if (o && !n) changes.push({ section, name, change: "removed", fields });
      else if (fields.length) changes.push({ section, name, change: "changed", fields });
    }
  }
  return changes;
}

function fieldChanges(o: Flat, n: Flat): FieldChange[] {
  const fields = [...new Set([...o.keys(), ...n.keys()])].sort();
  const out: FieldChange[] = [];
  for (const field of fields) {
    const old = o.get(field);
    const now = n.get(field);
    if (old === now) continue;
    const note = changeNote(field, old, now);
    out.push({ field, ...(old !== undefined ? { old } : {}), ...(now !== undefined ? { new: now } : {}), ...(note ? { note } : {}) });
  }
  return out;
}
