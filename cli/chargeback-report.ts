/**
 * The chargeback in text, Markdown, CSV and JSON. CSV has a `row_type` column: `usage` rows (one per
 * environment, workload, gateway key, provider and model) carry the counts and the exact cost, `budget` rows
 * (one per budgeted workload of the --budgets stack) carry only the budget, so summing any column
 * counts nothing twice: the cost column sums to the total, the budget column to the budgets. Text
 * and Markdown round dollars for reading; CSV and JSON carry them exactly.
 */
import { textTable } from "../plan/format-helpers";
import { compareUsd, roundUsd } from "../runtime/usage-export/money";
import { NO_KEY, type UsageTotals } from "../runtime/usage-export/ledger-row";
import type { Chargeback, Coverage, KeyLine, UsageLine, WorkloadLine } from "./chargeback";
import { monthBounds } from "./chargeback";

/** Dollars for reading: rounded (4 places below a dollar, else 2), thousands grouped. */
const usd = (value: string | number) => roundUsd(String(value), Number(value) !== 0 && Math.abs(Number(value)) < 1 ? 4 : 2).replace(/^-?\d+/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ","));
const int = (value: number) => value.toLocaleString("en-US");
const hour = (iso: string) => iso.replace(":00:00Z", "Z");
/** A key label for reading: requests that named no key show as this. */
const NO_KEY_SHOWN = "(none)";
const key = (keyName: string) => (keyName === NO_KEY ? NO_KEY_SHOWN : keyName);

/** Days after a month ends during which the exporter audits it (docs/ledger.md). */
const AUDIT_DAYS = 3;

function budgetUsed(w: WorkloadLine): string {
  if (!w.budget) return w.notInStack ? "not a workload of the stack" : "";
  if (w.budget.usedPercent === undefined) return w.budget.metering;
  return `${w.budget.usedPercent.toFixed(1)}%${w.budget.metering === "gateway traffic only" ? " (gateway traffic only)" : ""}`;
}

export function coverageLine(environment: string, c: Coverage): string {
  const rows = `${c.hoursWithRows} ${c.hoursWithRows === 1 ? "hour has" : "hours have"} rows`;
  if (c.covered === undefined) return `${environment}: hours covered unknown (no checkpoint at ${c.checkpoint.key}); ${rows}`;
  const gaps = c.gaps.length ? `gaps: ${c.gaps.map((g) => `${hour(g.from)} to ${hour(g.until)} (${g.hours} ${g.hours === 1 ? "hour" : "hours"}): ${g.why}`).join("; ")}` : "no gaps";
  return `${environment}: ${c.covered} of ${c.hours} hours exported and verified; ${rows}; ${gaps}`;
}

export function notes(c: Chargeback, nowMs: number): string[] {
  const out: string[] = [];
  if (c.total.unpricedRequests) out.push(`${int(c.total.unpricedRequests)} request(s) carried no cost in the gateway logs: spend is understated by them.`);
  const quarantined = c.environments.reduce((n, e) => n + e.coverage.quarantined, 0);
  if (quarantined) out.push(`${int(quarantined)} log entries are quarantined (not countable exactly) and in no sum: see quarantine/ in the ledger bucket.`);
  if (c.workloads.some((w) => w.workload === "unattributed")) out.push("unattributed: requests without a workload label the front door sent (called around the front door, or a label the stack does not have).");
  if (c.keys.some((k) => k.keyName === NO_KEY)) out.push(`${NO_KEY_SHOWN}: requests whose metadata named no gateway key (called around the front door), or counted before the ledger recorded keys.`);
  const strays = c.keys.filter((k) => k.notInStack);
  if (strays.length && c.budgets) out.push(`Not a key of its workload in ${c.budgets.file}: ${strays.map((k) => `${k.workload} ${key(k.keyName)}`).join(", ")} (a key removed from the stack, no key, or forged metadata).`);
  if (c.workloads.some((w) => w.budget?.spendUsd !== undefined && compareUsd(w.budget.spendUsd, w.costUsd) !== 0)) out.push("budget used counts requests logged without a cost at the stack's usageLedger.fallbackPrices, as budget notices do; the cost column is what the gateway logged.");
  if (c.workloads.some((w) => w.budget?.metering === "not metered by the gateway")) out.push("not metered by the gateway: a direct workload's calls never pass the gateway; its spend is on the provider's invoice.");
  if (c.budgets) {
    const others = c.environments.filter((e) => e.environment !== c.budgets?.environment && e.requests > 0).map((e) => e.environment);
    if (others.length) out.push(`Rows of ${others.join(", ")} are reported under their environment; only ${c.budgets.environment}'s are compared with the budgets of ${c.budgets.file}.`);
  }
  if (nowMs < monthBounds(c.month).end + AUDIT_DAYS * 86_400_000) out.push(`${c.month} is not closed yet: the exporter audits a month during the first ${AUDIT_DAYS} days of the next, so totals may still grow.`);
  return out;
}

const USAGE = ["environment", "workload", "key", "provider", "model", "requests", "errors", "cached", "unpriced", "tokens in", "tokens out", "cost USD"];
const usageCells = (l: UsageLine) => [
  l.environment,
  l.workload,
  key(l.keyName),
  l.provider,
  l.model,
  int(l.requests),
  int(l.errors),
  int(l.cachedRequests),
  int(l.unpricedRequests),
  int(l.tokensIn),
  int(l.tokensOut),
  usd(l.costUsd),
];
const KEYS = ["environment", "workload", "key", "requests", "cached", "unpriced", "cost USD", "note"];
const keyCells = (k: KeyLine) => [k.environment, k.workload, key(k.keyName), int(k.requests), int(k.cachedRequests), int(k.unpricedRequests), usd(k.costUsd), k.notInStack ? "not a key of the workload" : ""];
const WORKLOADS = ["environment", "workload", "requests", "cached", "unpriced", "cost USD", "budget USD", "budget used"];
const workloadCells = (w: WorkloadLine) => [w.environment, w.workload, int(w.requests), int(w.cachedRequests), int(w.unpricedRequests), usd(w.costUsd), w.budget ? usd(w.budget.monthlyUsd) : "", budgetUsed(w)];
const ENVIRONMENTS = ["environment", "requests", "errors", "cached", "unpriced", "tokens in", "tokens out", "cost USD"];
const totalCells = (name: string, t: UsageTotals) => [name, int(t.requests), int(t.errors), int(t.cachedRequests), int(t.unpricedRequests), int(t.tokensIn), int(t.tokensOut), usd(t.costUsd)];

export function renderText(c: Chargeback, nowMs: number): string {
  const out = [`Chargeback ${c.month} from ${c.source}${c.budgets ? `; budgets from ${c.budgets.file} (environment ${c.budgets.environment})` : ""}`, "", "Hours covered"];
  for (const e of c.environments) out.push(`  ${coverageLine(e.environment, e.coverage)}`);
  if (c.usage.length === 0) out.push("", `No ledger rows for ${c.month} in ${c.source}.`);
  else out.push("", "Usage per workload, key, provider and model", textTable(USAGE, c.usage.map(usageCells), 5));
  if (c.keys.length) out.push("", "Per key", textTable(KEYS, c.keys.map(keyCells), 3));
  out.push("", "Per workload", textTable(WORKLOADS, c.workloads.map(workloadCells), 2));
  out.push("", "Per environment", textTable(ENVIRONMENTS, [...c.environments.map((e) => totalCells(e.environment, e)), totalCells("TOTAL", c.total)], 1));
  const n = notes(c, nowMs);
  if (n.length) out.push("", ...n);
  return `${out.join("\n")}\n`;
}

export function renderMarkdown(c: Chargeback, nowMs: number): string {
  const escape = (x: string) => x.replace(/[|*_\\]/g, "\\$&");
  const table = (header: string[], rows: string[][], numericFrom: number, bold = new Set<number>()) => [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i >= numericFrom ? "---:" : "---")).join("|")}|`,
    ...rows.map((r, i) => `| ${r.map((x) => (bold.has(i) && x ? `**${escape(x)}**` : escape(x))).join(" | ")} |`),
  ];
  const out = [`## Chargeback ${c.month}`, "", `Source: \`${c.source}\`${c.budgets ? `; budgets from \`${c.budgets.file}\` (environment \`${c.budgets.environment}\`)` : ""}.`, "", "### Hours covered", ""];
  for (const e of c.environments) out.push(`- ${escape(coverageLine(e.environment, e.coverage))}`);
  out.push("", "### Usage per workload, key, provider and model", "");
  if (c.usage.length === 0) out.push(`No ledger rows for ${c.month}.`);
  else out.push(...table(USAGE, c.usage.map(usageCells), 5));
  if (c.keys.length) out.push("", "### Per key", "", ...table(KEYS, c.keys.map(keyCells), 3));
  out.push("", "### Per workload", "", ...table(WORKLOADS, c.workloads.map(workloadCells), 2));
  out.push("", "### Per environment", "", ...table(ENVIRONMENTS, [...c.environments.map((e) => totalCells(e.environment, e)), totalCells("TOTAL", c.total)], 1, new Set([c.environments.length])));
  const n = notes(c, nowMs);
  if (n.length) out.push("", ...n.map((x) => `- ${escape(x)}`));
  return `${out.join("\n")}\n`;
}

export const CSV_HEADER = [
  "row_type",
  "month",
  "environment",
  "workload",
  "key_name",
  "provider",
  "model",
  "requests",
  "errors",
  "cached_requests",
  "unpriced_requests",
  "tokens_in",
  "tokens_out",
  "cost_usd",
  "budget_usd",
  "budget_used_percent",
  "metering",
] as const;

export function renderCsv(c: Chargeback): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const line = (values: Partial<Record<(typeof CSV_HEADER)[number], string | number>>) => CSV_HEADER.map((h) => quote(String(values[h] ?? ""))).join(",");
  const rows = c.usage.map((u) =>
    line({
      row_type: "usage",
      month: c.month,
      environment: u.environment,
      workload: u.workload,
      key_name: u.keyName,
      provider: u.provider,
      model: u.model,
      requests: u.requests,
      errors: u.errors,
      cached_requests: u.cachedRequests,
      unpriced_requests: u.unpricedRequests,
      tokens_in: u.tokensIn,
      tokens_out: u.tokensOut,
      cost_usd: u.costUsd,
    }),
  );
  for (const w of c.workloads) {
    if (!w.budget) continue;
    rows.push(line({ row_type: "budget", month: c.month, environment: w.environment, workload: w.workload, budget_usd: w.budget.monthlyUsd, budget_used_percent: w.budget.usedPercent ?? "", metering: w.budget.metering }));
  }
  return [CSV_HEADER.join(","), ...rows].join("\n") + "\n";
}

export const renderJson = (c: Chargeback) => `${JSON.stringify(c, null, 2)}\n`;
