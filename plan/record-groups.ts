/**
 * Decision-record changes grouped: one route or key edit reaches every workload that uses it, and
 * their records change alike. Workloads whose records change the same way (same fields, same old
 * and new lines) make one group, so a canary moved on a route used by 76 workloads reads as one
 * line for 76 workloads rather than 76 rows. Largest group first.
 */
import type { EntryChange, FieldChange } from "./report-model";

export interface RecordGroup {
  change: EntryChange["change"];
  /** Workload names, sorted. */
  workloads: string[];
  /** The fields that changed, the same for every workload of the group (none for added or removed records). */
  fields: FieldChange[];
}

export function groupRecordChanges(entries: readonly EntryChange[]): RecordGroup[] {
  const groups = new Map<string, RecordGroup>();
  for (const e of entries) {
    if (e.section !== "decisions") continue;
    const id = JSON.stringify([e.change, e.fields]);
    const group = groups.get(id) ?? groups.set(id, { change: e.change, workloads: [], fields: e.fields }).get(id)!;
    group.workloads.push(e.name);
  }
  const first = (g: RecordGroup) => g.workloads[0] ?? "";
  return [...groups.values()]
    .map((g) => ({ ...g, workloads: [...g.workloads].sort() }))
    .sort((a, b) => b.workloads.length - a.workloads.length || (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
}

/** "changed", "new record", "record removed": what happened to the records of a group. */
export const recordChangeWords = (change: EntryChange["change"]) => (change === "changed" ? "changed" : change === "added" ? "new record" : "record removed");
