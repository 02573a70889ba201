/**
 * `--format text`: the terminal summary, in the order a reviewer decides (plan/report-lead.ts):
 * the verdict, with --base the policy config's and pack's changes, lifecycle findings and new
 * violations (with --base, those the base already had after them), the money, the diff (decision
 * records grouped) when --base is given, then the gateway and the policy levels in force, keys
 * expiring within 30 days, workloads, the sprawl count and resources by type.
 * Every line fits 80 columns.
 */
import { describeCloudflareApiCalls } from "./cloudflare-api-calls";
import { describeFieldChange, describeRecordChange, plural, relativeDays, shortType, usd, where, wrap } from "./format-helpers";
import { safetyWords } from "./gateway-safety";
import { byLevel, describePolicyChange } from "./policy-levels";
import { groupRecordChanges, recordChangeWords } from "./record-groups";
import { moneyWords, someNames, splitViolations, verdictWords } from "./report-lead";
import { EXPIRY_WINDOW_DAYS, type PlanReport, type ViolationEntry } from "./report-model";
import { SPRAWL_METRICS } from "./sprawl";

export const TEXT_WIDTH = 80;

export function renderText(report: PlanReport): string {
  const W = TEXT_WIDTH;
  const out: string[] = [];
  const para = (text: string, first = "", rest = first) => out.push(...wrap(text, W, first, rest));
  /** A laid-out row as is when it fits, else word-wrapped (which loses its column padding). */
  const fit = (row: string, indent: string) => out.push(...(row.length <= W ? [row] : wrap(row, W, "", indent)));
  const { stack, summary } = report;

  para(`switchyard plan: ${stack.file} (environment ${stack.environment}), dates as of ${stack.today}`);
  // What a reviewer decides on comes first (plan/report-lead.ts): verdict, policy-level changes, new violations, money, then the changes.
  para(verdictWords(report));
  para(
    `${plural(summary.resources, "resource")}, ${plural(summary.workloads, "workload")}, ${plural(summary.gatewayKeys, "gateway key")}, ${plural(summary.routes, "route")}, ${plural(summary.providerKeys, "provider key")}`,
  );
  para(`Cloudflare API calls: ${describeCloudflareApiCalls(report.cloudflareApiCalls)}`);
  if (report.cloudflareApiCalls.warning) para(`WARNING ${report.cloudflareApiCalls.warning.message}`, "", "  ");

  // The policy config's and the pack's changes lead (issue 23): a change that weakens the review
  // itself is read before the findings that review produced.
  if (report.diff && (report.policyLevelChanges || report.policyCodeChanges)) {
    out.push("");
    const changes = report.policyLevelChanges;
    if (changes) {
      para(`Policy config changes against ${report.diff.baseRef} (${changes.length})`);
      if (changes.length === 0) out.push("  none");
      for (const c of changes) para(describePolicyChange(c, stack.environment), "  ", "    ");
    }
    const code = report.policyCodeChanges;
    if (code) para(`Policy pack code changed against ${report.diff.baseRef} (${code.length})${code.length ? `: ${code.join(", ")}` : ""}`);
  }

  const lifecycle = report.lifecycle ?? [];
  if (report.lifecycle && report.diff) {
    // What `pulumi up` would refuse, and what cuts running clients off.
    out.push("");
    para(`Lifecycle against ${report.diff.baseRef}: what pulumi up refuses or cuts off (${lifecycle.length})`);
    if (lifecycle.length === 0) out.push("  none");
    for (const f of lifecycle) {
      para(`${f.level.toUpperCase()} ${f.rule}`, "  ", "    ");
      para(`at ${where(f.location)} (${f.field})`, "    ", "      ");
      para(f.message, "    ", "    ");
      para(`fix: ${f.fix}`, "    ", "      ");
    }
  }

  const { fresh, onBase } = splitViolations(report);
  const violations = (title: string, list: ViolationEntry[]) => {
    out.push("");
    para(`${title} (${list.length})`);
    if (list.length === 0) out.push("  none");
    for (const v of list) {
      para(`${v.enforcementLevel.toUpperCase()} ${v.severity} ${v.policyName}`, "  ", "    ");
      para(`at ${where(v.location)}${v.location.path ? ` (${v.location.path})` : ""}`, "    ", "      ");
      para(v.message, "    ", "    ");
      if (v.fix) para(`fix: ${v.fix}`, "    ", "      ");
    }
  };
  const based = report.violations.some((v) => v.onBase !== undefined) && report.diff;
  violations(based ? `New violations against ${report.diff?.baseRef}` : "Violations", fresh);
  if (based) violations(`Violations already on ${report.diff?.baseRef}`, onBase);

  out.push("", "Money");
  for (const line of moneyWords(report)) para(line, "  ", "    ");
  // The estimated AWS cost goes here (issue 22).

  if (report.diff) {
    const d = report.diff;
    out.push("", `Changes against ${d.baseRef}`);
    if (d.baseState === "missing") para("the stack file does not exist at this ref: everything is new", "  ", "    ");
    if (d.baseState === "invalid") para(`the stack file at this ref does not load (${plural(d.baseDefects.length, "defect")}): resource changes unknown`, "  ", "    ");
    const entries = d.entries.filter((e) => e.section !== "decisions");
    if (entries.length === 0 && d.baseState === "ok") out.push("  no change in the stack file's entries");
    for (const e of entries) {
      para(`${e.change} ${e.section} ${e.name}`, "  ", "    ");
      for (const f of e.fields) para(describeFieldChange(f), "    ", "      ");
    }
    const groups = groupRecordChanges(d.entries);
    if (groups.length) out.push("  decision records that changed");
    for (const g of groups) {
      const who = g.workloads.length === 1 ? g.workloads[0] : `${plural(g.workloads.length, "workload")} (${someNames(g.workloads)})`;
      para(`${recordChangeWords(g.change)}: ${who}`, "    ", "      ");
      for (const f of g.fields) para(describeRecordChange(f), "      ", "        ");
    }
    const counts = (["create", "replace", "update", "delete"] as const).map((a) => `${d.resources.filter((r) => r.action === a).length} to ${a}`);
    para(`resources: ${counts.join(", ")}`, "  ", "    ");
    // Updates (and renames Pulumi follows) are listed too while the list stays short; creates, replaces and deletes always.
    const listed = d.resources.length <= 20 ? d.resources : d.resources.filter((x) => x.action !== "update" && x.action !== "same");
    for (const r of listed) para(`${r.action.padEnd(7)} ${shortType(r.type)} ${r.name}${r.previousName ? ` (was ${r.previousName})` : ""}${r.replaceBecause.length ? ` (forced by ${r.replaceBecause.join(", ")})` : r.action === "update" ? ` (${r.changedInputs.join(", ")})` : ""}`, "    ", "      ");
  }

  out.push("", "Gateway");
  para(
    `${stack.gatewayId}, ${stack.billing} billing${stack.safety.zeroDataRetention ? ", zero data retention" : ""}${stack.frontDoorHostname ? `, https://${stack.frontDoorHostname}` : ""}${stack.protect ? ", protected" : ""}; policy config ${stack.policyConfig}`,
    "  ",
    "    ",
  );
  const safety = safetyWords(stack.safety);
  para(`guardrails: ${safety.guardrails}`, "  ", "    ");
  para(`dlp: ${safety.dlp}`, "  ", "    ");
  if (safety.openTelemetry.length === 0) para("opentelemetry: none", "  ", "    ");
  for (const exporter of safety.openTelemetry) para(`opentelemetry ${exporter}`, "  ", "    ");

  if (report.policyLevels.length > 0) {
    out.push("", `Policy levels in force (${stack.policyConfig})`);
    for (const [level, names] of byLevel(report.policyLevels)) para(`${level} (${names.length}): ${names.join(", ")}`, "  ", "    ");
  }

  out.push("", `Keys expiring or due for rotation within ${EXPIRY_WINDOW_DAYS} days (${report.expiringKeys.length})`);
  if (report.expiringKeys.length === 0) out.push("  none");
  for (const k of report.expiringKeys) {
    const what = k.kind === "gateway-key" ? `gateway key ${k.name} (workload ${k.workload}) expires` : `provider key ${k.name} rotation due`;
    para(`${what} ${k.date}, ${relativeDays(k.daysLeft)}`, "  ", "    ");
  }

  out.push("", `Workloads (${summary.workloads})`);
  out.push(`  ${"name".padEnd(24)} ${"path".padEnd(7)} ${"keys".padStart(4)} ${"budget/month".padStart(13)}  owner`);
  for (const w of report.workloads) {
    const row = `  ${w.name.padEnd(24)} ${w.path.padEnd(7)} ${String(w.keys.length).padStart(4)} ${(w.budget ? usd(w.budget.monthlyUsd) : "none").padStart(13)}`;
    if (row.length + 2 + w.owner.length <= W) out.push(`${row}  ${w.owner}`);
    else {
      fit(row, "    ");
      para(`owner ${w.owner}`, "    ", "      ");
    }
  }

  out.push("", `Sprawl count (as declared / every workload direct)`);
  for (const [metric, label] of SPRAWL_METRICS) {
    const c = report.sprawl.counts.find((x) => x.metric === metric);
    if (c) out.push(`  ${label.padEnd(28)} ${String(c.declared).padStart(5)} ${String(c.allDirect).padStart(5)}`);
  }
  const direct = report.sprawl.staysDirect;
  para(direct.length ? `stays direct: ${direct.map((x) => `${x.workload} (${x.providers.join(", ")})`).join(", ")}` : "nothing stays direct", "  ", "    ");

  out.push("", `Resources by type (${summary.resources})`);
  for (const { type, count } of summary.resourcesByType) fit(`${String(count).padStart(5)}  ${shortType(type)}`, "       ");
  return `${out.join("\n")}\n`;
}
