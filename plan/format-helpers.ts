/** Small wording and layout helpers shared by the report renderers. */
import type { EntryLocation, FieldChange } from "./report-model";

/** `aws:s3/bucketVersioning:BucketVersioning` -> `aws:s3:BucketVersioning`. */
export function shortType(type: string): string {
  const parts = type.split(":");
  if (parts.length < 3) return type;
  return `${parts[0]}:${(parts[1] ?? "").split("/")[0]}:${parts[parts.length - 1]}`;
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

// One formatter for every amount (toLocaleString would build one per call, as many as the report has amounts).
const USD_AMOUNT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
export const usd = (n: number) => `${USD_AMOUNT.format(n)} USD`;

export const where = (l: EntryLocation) => `${l.file}:${l.line}:${l.col}`;

/** "in 12 days", "today", "3 days ago". */
export function relativeDays(daysLeft: number): string {
  if (daysLeft === 0) return "today";
  return daysLeft > 0 ? `in ${plural(daysLeft, "day")}` : `${plural(-daysLeft, "day")} ago`;
}

/** Word-wraps one paragraph to `width` columns; continuation lines get `indent`. Words longer than a line are cut. */
export function wrap(text: string, width: number, firstIndent = "", indent = firstIndent): string[] {
  const out: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    const room = () => width - line.length - (empty ? 0 : 1);
    if (!empty && w.length > room()) {
      out.push(line);
      line = indent;
      empty = true;
    }
    while (w.length > width - line.length) {
      const cut = width - line.length;
      out.push(line + w.slice(0, cut));
      w = w.slice(cut);
      line = indent;
    }
    line += (empty ? "" : " ") + w;
    empty = false;
  }
  if (!empty || out.length === 0) out.push(line);
  return out;
}

export function diffValue(v: FieldChange["old"]): string {
  if (v === undefined) return "(unset)";
  if (v === null) return "null";
  return String(v);
}

/** "old -> new (note)" for one changed field. */
export function describeFieldChange(f: FieldChange): string {
  const body = f.old === undefined ? `set to ${diffValue(f.new)}` : f.new === undefined ? `removed (was ${diffValue(f.old)})` : `${diffValue(f.old)} -> ${diffValue(f.new)}`;
  return `${f.field}: ${body}${f.note ? ` (${f.note})` : ""}`;
}

/** One changed field of a decision record: the lines it drops and adds (plan/diff.ts). */
export function describeRecordChange(f: FieldChange): string {
  const body = f.old === undefined ? `adds ${diffValue(f.new)}` : f.new === undefined ? `drops ${diffValue(f.old)}` : `${diffValue(f.old)} -> ${diffValue(f.new)}`;
  return `${f.field}: ${body}${f.note ? ` (${f.note})` : ""}`;
}

/** A plain-text table, columns padded to their widest cell; columns from `rightFrom` on (numbers) align right. */
export function textTable(header: readonly string[], rows: readonly string[][], rightFrom = Infinity): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i >= rightFrom ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
