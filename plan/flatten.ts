/**
 * A stack-file entry as flat fields, named as the diff and the report name them
 * (`decision.quotaOwner`, `fallbacks[1].model`): nested objects become dotted fields, lists of
 * plain values one comma-joined value. The diff compares these; the report shows the ones it has
 * no column for (`settingsOf`), so a field added to the stack file shows without plan code.
 */
import type { DiffValue } from "./report-model";

export type Flat = Map<string, DiffValue>;

export function flatten(value: unknown, prefix = "", out: Flat = new Map()): Flat {
  if (value === undefined) return out;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) out.set(prefix, value.length ? value.join(", ") : "(none)");
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value as DiffValue);
  return out;
}

/** The entry's fields other than those under `shown` (fields the report already has a column for), flattened. */
export function settingsOf(entry: object, shown: readonly string[]): Record<string, DiffValue> {
  const covered = (field: string) => shown.some((s) => field === s || field.startsWith(`${s}.`) || field.startsWith(`${s}[`));
  return Object.fromEntries([...flatten(entry)].filter(([field]) => !covered(field)));
}
