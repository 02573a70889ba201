/**
 * `switchyard decisions`: the decision records of a stack as Markdown (an index, then one table
 * per workload with every template field in its order) or as JSON (the same records as data;
 * shape documented in docs/decisions.md).
 */
import { fieldLines } from "./decision-lines";
import { DECISION_FIELDS, PATH_LABELS, type DecisionRecord } from "./decision-records";
import { plural, relativeDays } from "./format-helpers";
import { breakable, cell, code, date } from "./markdown-cells";

/** Bump on any change that could break a reader of the JSON (a removed or renamed field). */
export const DECISIONS_SCHEMA_VERSION = 1;

export interface DecisionsReport {
  kind: "switchyard-decisions";
  schemaVersion: typeof DECISIONS_SCHEMA_VERSION;
  stack: { file: string; environment: string; today: string };
  records: DecisionRecord[];
}

export function decisionsReport(file: string, environment: string, today: string, records: DecisionRecord[]): DecisionsReport {
  return { kind: "switchyard-decisions", schemaVersion: DECISIONS_SCHEMA_VERSION, stack: { file, environment, today }, records };
}

export function renderDecisionsJson(report: DecisionsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const overdue = (r: DecisionRecord) => r.reviewDate?.overdue === true;

export function renderDecisionsMarkdown(report: DecisionsReport): string {
  const { stack, records } = report;
  const out: string[] = [`## Access decision records: ${code(stack.environment)}`, ""];
  const paths = (["gateway", "direct", "hybrid"] as const).map((p) => [p, records.filter((r) => r.preferredPath === p).length] as const).filter(([, n]) => n > 0);
  out.push(`Stack file ${code(stack.file)}; dates as of ${date(stack.today)}. ${plural(records.length, "workload")}${paths.length ? `: ${paths.map(([p, n]) => `${n} ${p}`).join(", ")}` : ""}.`);
  const late = records.filter(overdue);
  const incomplete = records.filter((r) => r.notRecorded.length > 0);
  if (late.length) out.push("", `> **${plural(late.length, "record is", "records are")} past ${late.length === 1 ? "its" : "their"} review date**: ${late.map((r) => `${code(r.workload)} (due ${date(r.reviewDate?.date ?? "")})`).join(", ")}.`);
  if (incomplete.length) out.push("", `> **${plural(incomplete.length, "record lacks", "records lack")} decision fields**: ${incomplete.map((r) => `${code(r.workload)} (${r.notRecorded.map((f) => f.slice(f.lastIndexOf(".") + 1)).join(", ")})`).join("; ")}.`);
  if (records.length === 0) return `${[...out, "", "The stack file declares no workload."].join("\n")}\n`;

  out.push("", "| workload | preferred path | owner | review date |", "|---|---|---|---|");
  for (const r of records) {
    const review = r.reviewDate ? `${date(r.reviewDate.date)} (${r.reviewDate.overdue ? "**overdue**, " : ""}${relativeDays(r.reviewDate.daysLeft)})` : "not recorded";
    out.push(`| ${code(r.workload)} | ${cell(PATH_LABELS[r.preferredPath])} | ${breakable(r.owner)} | ${review} |`);
  }
  for (const r of records) {
    out.push("", `### ${code(r.workload)}`, "", "| field | value |", "|---|---|");
    for (const [field, label] of DECISION_FIELDS) {
      let value = fieldLines(r, field).map(breakable).join("<br/>");
      if (field === "reviewDate" && overdue(r)) value = value.replace("OVERDUE", "**OVERDUE**");
      out.push(`| ${label} | ${value} |`);
    }
  }
  return `${out.join("\n")}\n`;
}
