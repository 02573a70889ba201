/**
 * The diff in the stack file's own terms: which workloads, gateway keys, budgets, routes,
 * provider keys, alert channels, gateway settings and safety controls (guardrails by side, DLP
 * policies, OpenTelemetry exporters) were added, removed or changed between two
 * versions of a stack file, each changed field with its old and new value and a reading aid
 * (a budget 500 -> 800 USD: +60%; a canary 10 -> 25: +15 points; an expiry: moves 30 days later).
 * Each workload's decision record is compared too, field by field in its template's terms, so a
 * route or key change shows in the records it reaches. Pure: two StackSpecs in, sorted EntryChanges out.
 */
import { daysBetween, isCalendarDate } from "../stacks/dates";
import type { RouteTarget, StackSpec } from "../stacks/schema";
import { fieldLines } from "./decision-lines";
import { DECISION_FIELDS, decisionRecord } from "./decision-records";
import { flatten, type Flat } from "./flatten";
import { headerDiffText } from "./gateway-safety";
import type { DiffSection, DiffValue, EntryChange, FieldChange } from "./report-model";

/** Joins a decision field's lines in a Flat value; only the lines that changed are reported. */
const LINE = "\n";

const target = (t: RouteTarget) => `${t.model} (key ${t.key})`;

/** The entries of each section as flat field maps, in the stack file's terms. */
function entriesOf(spec: StackSpec | undefined): Map<DiffSection, Map<string, Flat>> {
  const sections = new Map<DiffSection, Map<string, Flat>>();
  const put = (section: DiffSection, name: string, value: unknown) => {
    if (!sections.has(section)) sections.set(section, new Map());
    sections.get(section)?.set(name, flatten(value));
  };
  for (const s of ["stack", "gateway", "guardrails", "dlp", "openTelemetry", "providerKeys", "routes", "workloads", "gatewayKeys", "budgets", "alerts", "decisions"] as DiffSection[]) sections.set(s, new Map());
  if (!spec) return sections;
  put("stack", "settings", { environment: spec.environment, owner: spec.owner, description: spec.description, cloudflare: spec.cloudflare, aws: spec.aws, usageLedger: spec.usageLedger });
  const { guardrails, dlp, openTelemetry, ...gateway } = spec.gateway;
  put("gateway", "gateway", gateway);
  // Safety controls as entries of their own: a category, a DLP policy or an exporter added, removed or changed.
  for (const side of ["prompts", "responses"] as const) {
    if (Object.values(guardrails?.[side] ?? {}).some((a) => a !== undefined)) put("guardrails", side, guardrails?.[side]);
  }
  for (const [id, p] of Object.entries(dlp?.policies ?? {})) put("dlp", id, p);
  for (const [name, e] of Object.entries(openTelemetry)) {
    put("openTelemetry", name, { url: e.url, contentType: e.contentType, headers: Object.fromEntries(Object.entries(e.headers).map(([h, v]) => [h, headerDiffText(v)])) });
  }
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
    const { keys, budget, decision, ...rest } = w;
    put("workloads", name, rest);
    for (const k of keys) put("gatewayKeys", k.name, { workload: name, expiresOn: k.expiresOn, allowedIps: k.allowedIps });
    if (budget) put("budgets", name, budget);
    // Undated lines leave out what moves with the calendar, so any day serves as today here.
    const record = decisionRecord(spec, name, "1970-01-01");
    put("decisions", name, Object.fromEntries(DECISION_FIELDS.map(([field, label]) => [label, fieldLines(record, field, { dated: false }).join(LINE)])));
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
      const fields = fieldChanges(o ?? new Map(), n ?? new Map(), section !== "decisions");
      // A record added or removed with its workload: the workload's own entry lists the fields.
      const listed = section === "decisions" ? [] : fields;
      if (!o && n) changes.push({ section, name, change: "added", fields: listed });
      else if (o && !n) changes.push({ section, name, change: "removed", fields: listed });
      else if (fields.length) changes.push({ section, name, change: "changed", fields });
    }
  }
  return changes;
}

/** Changed fields, by name or (`sorted` false: a decision record's template order) as the entry lists them. */
function fieldChanges(o: Flat, n: Flat, sorted: boolean): FieldChange[] {
  const listed = [...new Set([...n.keys(), ...o.keys()])];
  const fields = sorted ? listed.sort() : listed;
  const out: FieldChange[] = [];
  for (const field of fields) {
    const old = o.get(field);
    const now = n.get(field);
    if (old === now) continue;
    if (!sorted && typeof old === "string" && typeof now === "string") {
      // A decision field: the lines that went and the lines that came, in order.
      const before = old.split(LINE);
      const after = now.split(LINE);
      const went = before.filter((l) => !after.includes(l)).join("; ");
      const came = after.filter((l) => !before.includes(l)).join("; ");
      const note = changeNote(field, went, came);
      out.push({ field, ...(went ? { old: went } : {}), ...(came ? { new: came } : {}), ...(note ? { note } : {}) });
      continue;
    }
    const note = changeNote(field, old, now);
    out.push({ field, ...(old !== undefined ? { old } : {}), ...(now !== undefined ? { new: now } : {}), ...(note ? { note } : {}) });
  }
  return out;
}
