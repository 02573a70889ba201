/**
 * `--format text`: the terminal summary. Resources by type, workloads, keys expiring within 30
 * days, violations, the sprawl count, and the diff (decision records included) when --base is
 * given. Every line fits 80 columns.
 */
import { describeCloudflareApiCalls } from "./cloudflare-api-calls";
import { describeFieldChange, describeRecordChange, plural, relativeDays, shortType, usd, where, wrap } from "./format-helpers";
import { awsCostSentence } from "./aws-cost";
import { safetyWords } from "./gateway-safety";
import { byLevel, describePolicyChange } from "./policy-levels";
import { EXPIRY_WINDOW_DAYS, type PlanReport } from "./report-model";
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
  para(
    `gateway ${stack.gatewayId}, ${stack.billing} billing${stack.safety.zeroDataRetention ? ", zero data retention" : ""}${stack.frontDoorHostname ? `, https://${stack.frontDoorHostname}` : ""}${stack.protect ? ", protected" : ""}; policy config ${stack.policyConfig}`,
  );
  const safety = safetyWords(stack.safety);
  para(`guardrails: ${safety.guardrails}`, "  ", "    ");
  para(`dlp: ${safety.dlp}`, "  ", "    ");
  if (safety.openTelemetry.length === 0) para("opentelemetry: none", "  ", "    ");
  for (const exporter of safety.openTelemetry) para(`opentelemetry ${exporter}`, "  ", "    ");
  out.push("");
  const lifecycle = report.lifecycle ?? [];
  const lifecycleFailing = lifecycle.filter((f) => f.level === "failing").length;
  para(
    summary.passed
      ? `PASS: no mandatory policy fails (${plural(summary.advisoryViolations, "advisory violation")})`
      : `FAIL: ${lifecycleFailing ? `${plural(lifecycleFailing, "failing lifecycle finding")}, ` : ""}${plural(summary.mandatoryViolations, "mandatory violation")}, ${plural(summary.advisoryViolations, "advisory violation")}`,
  );
  para(
    `${plural(summary.resources, "resource")}, ${plural(summary.workloads, "workload")}, ${plural(summary.gatewayKeys, "gateway key")}, ${plural(summary.routes, "route")}, ${plural(summary.providerKeys, "provider key")}`,
  );
  para(awsCostSentence(report.awsCost));
  para(`Cloudflare API calls: ${describeCloudflareApiCalls(report.cloudflareApiCalls)}`);
  if (report.cloudflareApiCalls.warning) para(`WARNING ${report.cloudflareApiCalls.warning.message}`, "", "  ");

  // The policy levels in force are part of the review: what changed first, then every level.
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
  if (report.policyLevels.length > 0) {
    out.push("");
    para(`Policy levels in force (${stack.policyConfig})`);
    for (const [level, names] of byLevel(report.policyLevels)) para(`${level} (${names.length}): ${names.join(", ")}`, "  ", "    ");
  }

  if (report.lifecycle && report.diff) {
    // At the top: what `pulumi up` would refuse, and what cuts running clients off.
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

  out.push("", `Resources by type (${summary.resources})`);
  for (const { type, count } of summary.resourcesByType) fit(`${String(count).padStart(5)}  ${shortType(type)}`, "       ");

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

  out.push("", `Keys expiring or due for rotation within ${EXPIRY_WINDOW_DAYS} days (${report.expiringKeys.length})`);
  if (report.expiringKeys.length === 0) out.push("  none");
  for (const k of report.expiringKeys) {
    const what = k.kind === "gateway-key" ? `gateway key ${k.name} (workload ${k.workload}) expires` : `provider key ${k.name} rotation due`;
    para(`${what} ${k.date}, ${relativeDays(k.daysLeft)}`, "  ", "    ");
  }

  out.push("", `Violations (${report.violations.length})`);
  if (report.violations.length === 0) out.push("  none");
  for (const v of report.violations) {
    para(`${v.enforcementLevel.toUpperCase()} ${v.severity} ${v.policyName}`, "  ", "    ");
    para(`at ${where(v.location)}${v.location.path ? ` (${v.location.path})` : ""}`, "    ", "      ");
    para(v.message, "    ", "    ");
    if (v.fix) para(`fix: ${v.fix}`, "    ", "      ");
  }

  out.push("", `Sprawl count (as declared / every workload direct)`);
  for (const [metric, label] of SPRAWL_METRICS) {
    const c = report.sprawl.counts.find((x) => x.metric === metric);
    if (c) out.push(`  ${label.padEnd(28)} ${String(c.declared).padStart(5)} ${String(c.allDirect).padStart(5)}`);
  }
  const direct = report.sprawl.staysDirect;
  para(direct.length ? `stays direct: ${direct.map((x) => `${x.workload} (${x.providers.join(", ")})`).join(", ")}` : "nothing stays direct", "  ", "    ");

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
    const records = d.entries.filter((e) => e.section === "decisions");
    if (records.length) out.push("  decision records that changed");
    for (const e of records) {
      para(`${e.change === "changed" ? "changed" : e.change === "added" ? "new record" : "record removed"}: ${e.name}`, "    ", "      ");
      for (const f of e.fields) para(describeRecordChange(f), "      ", "        ");
    }
    const counts = (["create", "replace", "update", "delete"] as const).map((a) => `${d.resources.filter((r) => r.action === a).length} to ${a}`);
    para(`resources: ${counts.join(", ")}`, "  ", "    ");
    // Updates (and renames Pulumi follows) are listed too while the list stays short; creates, replaces and deletes always.
    const listed = d.resources.length <= 20 ? d.resources : d.resources.filter((x) => x.action !== "update" && x.action !== "same");
    for (const r of listed) para(`${r.action.padEnd(7)} ${shortType(r.type)} ${r.name}${r.previousName ? ` (was ${r.previousName})` : ""}${r.replaceBecause.length ? ` (forced by ${r.replaceBecause.join(", ")})` : r.action === "update" ? ` (${r.changedInputs.join(", ")})` : ""}`, "    ", "      ");
  }
  return `${out.join("\n")}\n`;
}
