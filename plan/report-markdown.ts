/**
 * `--format md`: the pull-request comment. Summary first, then violations by level and severity
 * with their fix, the diff against --base (with the decision records that changed), the sprawl
 * count, keys expiring soon, per-workload keys, budgets and owners, provider keys, routes as
 * Mermaid graphs, and, collapsed, the entries' other settings and the resource list.
 * GitHub refuses comments over 65,536 characters: when the full comment is too long, details are
 * dropped step by step (other settings, resource list, route graphs, workload tables, diff details); the summary
 * and the violations always stay, and only in the last resort are violations cut, with a count.
 */
import type { BudgetEnforcement } from "../stacks/budget-enforcement";
import { dynamicModel } from "../stacks/providers";
import { describeCloudflareApiCalls } from "./cloudflare-api-calls";
import { describeFieldChange, describeRecordChange, plural, relativeDays, shortType, usd } from "./format-helpers";
import { safetyWords } from "./gateway-safety";
import { byLevel, describePolicyChange } from "./policy-levels";
import { breakable, breakLongWords, cell, code, date, prose } from "./markdown-cells";
import { routeMermaid } from "./mermaid";
import { EXPIRY_WINDOW_DAYS, type EntryChange, type PlanReport, type ViolationEntry } from "./report-model";
import { awsCostSentence } from "./aws-cost";
import { SPRAWL_METRICS } from "./sprawl";
import { lineUrl, type SourceLinks } from "./source-links";

/** GitHub's limit on an issue or pull-request comment body (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What this renderer stays within: one under the limit. */
export const MARKDOWN_MAX_LENGTH = GITHUB_COMMENT_LIMIT - 1;

/** The hidden marker the workflow looks for to update its own comment instead of adding one. */
export const commentMarker = (environment: string) => `<!-- switchyard-plan:${environment} -->`;

interface Detail {
  /** The entries' other settings, collapsed; the first detail to go. */
  settings: boolean;
  resources: "list" | "counts";
  routes: "graphs" | "lines";
  workloads: boolean;
  providerKeys: boolean;
  diffResources: "list" | "counts";
  diffFields: boolean;
  /** Violations kept (Infinity: all). */
  violations: number;
}

const LEVELS: Detail[] = [
  { settings: true, resources: "list", routes: "graphs", workloads: true, providerKeys: true, diffResources: "list", diffFields: true, violations: Infinity },
  { settings: false, resources: "list", routes: "graphs", workloads: true, providerKeys: true, diffResources: "list", diffFields: true, violations: Infinity },
  { settings: false, resources: "counts", routes: "graphs", workloads: true, providerKeys: true, diffResources: "list", diffFields: true, violations: Infinity },
  { settings: false, resources: "counts", routes: "lines", workloads: true, providerKeys: true, diffResources: "list", diffFields: true, violations: Infinity },
  { settings: false, resources: "counts", routes: "lines", workloads: false, providerKeys: true, diffResources: "counts", diffFields: true, violations: Infinity },
  { settings: false, resources: "counts", routes: "lines", workloads: false, providerKeys: false, diffResources: "counts", diffFields: false, violations: Infinity },
];

export interface MarkdownOptions {
  /** Violation locations become links to the stack file's lines at this repository and commit. */
  sourceLinks?: SourceLinks | undefined;
  maxLength?: number;
}

/**
 * The comment for a run that planned nothing (exit 2): the marker, so that it replaces the stack's
 * earlier comment, and what the command said, so that no earlier report is left standing.
 */
/** What holds a workload's budget, in the workloads table's words. */
const HELD_BY: Record<BudgetEnforcement, string> = {
  "gateway-spend-limit": "hard limit at the gateway",
  alarms: "alarms only",
  "aws-budget": "AWS budget on Bedrock",
  "not-metered": "not metered",
};

export function renderNotPlanned(stack: string, errors: string, maxLength = MARKDOWN_MAX_LENGTH): string {
  const fence = "`".repeat(Math.max(3, ...[...errors.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const head = [commentMarker(stack), `## Switchyard plan: ${code(stack)}: not planned`, "", "Nothing was planned and no policy was checked. `switchyard plan` said:", "", fence].join("\n");
  const tail = `\n${fence}\n`;
  const room = maxLength - head.length - tail.length - 1;
  const body = errors.trimEnd();
  return `${head}\n${body.length <= room ? body : `${body.slice(0, room - 40)}\n… (cut; the job log has all of it)`}${tail}`;
}

export function renderMarkdown(report: PlanReport, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  for (const [i, level] of LEVELS.entries()) {
    const text = renderAt(report, level, i > 0, options);
    if (text.length <= maxLength) return text;
  }
  // Last resort: keep the summary and as many violations (most severe first) as fit.
  const last = LEVELS[LEVELS.length - 1] as Detail;
  let low = 0;
  let high = report.violations.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (renderAt(report, { ...last, violations: mid }, true, options).length <= maxLength) low = mid;
    else high = mid - 1;
  }
  return renderAt(report, { ...last, violations: low }, true, options);
}

function renderAt(report: PlanReport, detail: Detail, trimmed: boolean, options: MarkdownOptions): string {
  const { stack, summary } = report;
  const safety = safetyWords(stack.safety);
  const lifecycleFailing = (report.lifecycle ?? []).filter((f) => f.level === "failing").length;
  const out: string[] = [];
  out.push(commentMarker(stack.environment));
  out.push(
    `## Switchyard plan: ${code(stack.environment)}: ${summary.passed ? "passes, no mandatory policy fails" : `FAILS, ${lifecycleFailing ? `${plural(lifecycleFailing, "failing lifecycle finding")}, ` : ""}${plural(summary.mandatoryViolations, "mandatory policy violation")}`}`,
    "",
    `| Stack file | ${code(stack.file)} |`,
    "|---|---|",
    `| Gateway | ${code(stack.gatewayId)}, ${stack.billing} billing${stack.safety.zeroDataRetention ? ", zero data retention" : ""}${stack.frontDoorHostname ? `, https://${stack.frontDoorHostname}` : ""}${stack.protect ? ", protected" : ""} |`,
    `| Guardrails | ${breakable(safety.guardrails)} |`,
    `| DLP | ${breakable(safety.dlp)} |`,
    `| OpenTelemetry | ${safety.openTelemetry.length ? safety.openTelemetry.map(breakable).join("<br/>") : "none"} |`,
    `| Resources | ${summary.resources} |`,
    `| AWS | ${awsCostSentence(report.awsCost)} |`,
    `| Workloads, gateway keys, routes, provider keys | ${summary.workloads}, ${summary.gatewayKeys}, ${summary.routes}, ${summary.providerKeys} |`,
    `| Keys expiring or due within ${EXPIRY_WINDOW_DAYS} days | ${summary.keysExpiringSoon} |`,
    `| Violations | ${summary.mandatoryViolations} mandatory, ${summary.advisoryViolations} advisory |`,
    `| Cloudflare API calls | ${describeCloudflareApiCalls(report.cloudflareApiCalls)}${report.cloudflareApiCalls.warning ? "; **over the limit** (below)" : ""} |`,
    `| Dates judged as of | ${date(stack.today)} |`,
    `| Policy config | ${code(stack.policyConfig)} |`,
  );
  if (report.diff) {
    const d = report.diff;
    const n = (a: string) => d.resources.filter((r) => r.action === a).length;
    const records = d.entries.filter((e) => e.section === "decisions").length;
    out.push(`| Against ${code(d.baseRef)} | ${plural(d.entries.length - records, "entry", "entries")} and ${plural(records, "decision record")} changed; resources: ${n("create")} to create, ${n("replace")} to replace, ${n("update")} to update, ${n("delete")} to delete |`);
  }
  if (report.cloudflareApiCalls.warning) out.push("", `> **Warning:** ${report.cloudflareApiCalls.warning.message}`);
  if (trimmed) out.push("", "> Details were trimmed to fit GitHub's comment size limit; the JSON and SARIF reports carry everything.");

  renderPolicyLevels(report, out);
  renderLifecycle(report, options, out);

  out.push("", `### Violations (${report.violations.length})`);
  if (report.violations.length === 0) out.push("", "None.");
  const kept = report.violations.slice(0, detail.violations);
  for (const [title, group] of [
    ["Mandatory: these block the deployment", kept.filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate")],
    ["Advisory", kept.filter((v) => v.enforcementLevel === "advisory")],
  ] as Array<[string, ViolationEntry[]]>) {
    if (group.length === 0) continue;
    out.push("", `#### ${title} (${group.length})`);
    // Grouped by policy, so that each fix is said once.
    for (const policy of [...new Set(group.map((v) => v.policyName))]) {
      const mine = group.filter((v) => v.policyName === policy);
      const first = mine[0] as ViolationEntry;
      out.push("", `**${code(policy)}** (${first.severity}, ${plural(mine.length, "violation")})${first.fix ? `. Fix: ${prose(first.fix)}` : ""}`, "");
      for (const v of mine) out.push(`- ${locationLink(v, options.sourceLinks)}${v.location.path ? ` ${code(v.location.path)}` : ""}: ${prose(v.message)}`);
    }
  }
  if (kept.length < report.violations.length) out.push("", `… and ${report.violations.length - kept.length} more violations, in the JSON and SARIF reports.`);

  if (report.diff) renderDiff(report, detail, out);
  renderSprawl(report, out);

  out.push("", `### Keys expiring or due for rotation within ${EXPIRY_WINDOW_DAYS} days (${report.expiringKeys.length})`, "");
  if (report.expiringKeys.length === 0) out.push("None.");
  else {
    out.push("| key | kind | workload | date | when |", "|---|---|---|---|---|");
    for (const k of report.expiringKeys) out.push(`| ${code(k.name)} | ${k.kind === "gateway-key" ? "gateway key expires" : "provider key rotation due"} | ${k.workload ?? ""} | ${date(k.date)} | ${relativeDays(k.daysLeft)} |`);
  }

  out.push("", `### Workloads (${report.workloads.length})`, "");
  if (!detail.workloads) out.push("Per-workload tables trimmed.");
  else {
    out.push("| workload | path | owner | budget / month | calls |", "|---|---|---|---|---|");
    for (const w of report.workloads) {
      const budget = w.budget ? `${usd(w.budget.monthlyUsd)}, ${w.budget.enforcement.map((e) => HELD_BY[e]).join(" and ")}; alarms at ${w.budget.alertAtPercent.join("/")}%` : "none";
      const alerts = w.alerts.length ? ` to ${w.alerts.join(", ")}` : "";
      const calls = [...w.routes.map(dynamicModel), ...w.models, ...w.directKeys.map((k) => `direct: ${k}`)].join(", ") || "nothing";
      out.push(`| ${code(w.name)} | ${w.path} | ${breakable(w.owner)} | ${cell(budget + alerts)} | ${breakable(calls)} |`);
    }
    const keys = report.workloads.flatMap((w) => w.keys.map((k) => ({ workload: w.name, ...k })));
    out.push("", `#### Gateway keys (${keys.length})`, "");
    if (keys.length === 0) out.push("None.");
    else {
      out.push("| key | workload | expires | allowed IPs |", "|---|---|---|---|");
      for (const k of keys) out.push(`| ${code(k.name)} | ${k.workload} | ${date(k.expiresOn)} (${relativeDays(k.daysLeft)}) | ${k.allowedIps.length ? k.allowedIps.map(breakable).join(", ") : "any"} |`);
    }
  }

  out.push("", `### Provider keys (${report.providerKeys.length})`, "");
  if (!detail.providerKeys) out.push("Provider key table trimmed.");
  else {
    out.push("| key | provider | source (reference) | owner | rotation due |", "|---|---|---|---|---|");
    for (const k of report.providerKeys) out.push(`| ${code(k.name)} | ${k.provider} | ${k.source.kind} ${k.source.kind === "pulumiSecret" ? code(k.source.ref) : breakable(k.source.ref)} | ${breakable(k.owner)} | ${date(k.rotation.dueOn)} (${relativeDays(k.rotation.daysLeft)}) |`);
  }

  out.push("", `### Routes (${report.routes.length})`);
  for (const r of report.routes) {
    const canary = r.canary ? `, canary ${r.canary.percent}% to ${code(r.canary.model)}` : "";
    const active = r.active === "rollback" ? "**rolled back** to" : "serving";
    const main = r.active === "rollback" && r.rollback ? r.rollback : r.primary;
    out.push("", `#### ${code(dynamicModel(r.name))}: ${active} ${code(main.model)}${canary}; ${plural(r.fallbacks.length, "fallback")}; used by ${usedBy(r.usedBy)}`);
    if (detail.routes === "graphs") out.push("", "```mermaid", routeMermaid(r), "```");
  }

  // Every stack-file field the sections above have no column for, whatever fields the stack file gains.
  const settings = [
    ...report.workloads.map((w) => ({ entry: `workloads.${w.name}`, settings: w.settings })),
    ...report.providerKeys.map((k) => ({ entry: `providerKeys.${k.name}`, settings: k.settings })),
    ...report.routes.map((r) => ({ entry: `routes.${r.name}`, settings: r.settings })),
  ].flatMap(({ entry, settings }) => Object.entries(settings).map(([field, value]) => ({ entry, field, value })));
  if (detail.settings && settings.length) {
    out.push("", `<details><summary>Other settings (${settings.length})</summary>`, "", "| entry | setting | value |", "|---|---|---|");
    for (const s of settings) out.push(`| ${code(s.entry)} | ${code(s.field)} | ${breakable(String(s.value))} |`);
    out.push("", "</details>");
  }

  out.push("", "<details><summary>Resources (" + report.summary.resources + ")</summary>", "");
  if (detail.resources === "list") {
    out.push("| type | name | protected |", "|---|---|---|");
    for (const r of report.resources) out.push(`| ${code(shortType(r.type))} | ${code(r.name)} | ${r.protect ? "yes" : ""} |`);
  } else {
    out.push("| type | count |", "|---|---|");
    for (const t of report.summary.resourcesByType) out.push(`| ${code(shortType(t.type))} | ${t.count} |`);
  }
  out.push("", "</details>", "");
  return out.join("\n");
}

/** With --base, at the top and never trimmed: what `pulumi up` refuses and what cuts running clients off. */
/** The policy levels in force: the config's changes against the base first, then every policy's level (settings folded). */
function renderPolicyLevels(report: PlanReport, out: string[]): void {
  const { stack } = report;
  if (report.diff && (report.policyLevelChanges || report.policyCodeChanges)) {
    const changes = report.policyLevelChanges;
    if (changes) {
      out.push("", `### Policy config changes against ${code(report.diff.baseRef)} (${changes.length})`, "");
      if (changes.length === 0) out.push(`None: ${code(stack.policyConfig)} asks what it asked.`);
      for (const c of changes) out.push(`- ${c.belowFloor ? "**Below the production floor** " : ""}${prose(describePolicyChange({ ...c, belowFloor: false }, stack.environment))}`);
    }
    const files = report.policyCodeChanges;
    if (files) out.push("", files.length ? `Policy pack code changed against ${code(report.diff.baseRef)}: ${files.map(code).join(", ")}.` : `Policy pack code: unchanged against ${code(report.diff.baseRef)}.`);
  }
  if (report.policyLevels.length === 0) return;
  out.push("", `### Policy levels in force (${code(stack.policyConfig)})`, "");
  // Mandatory is the rule; the exceptions are named (every policy is in the list below).
  out.push(byLevel(report.policyLevels).map(([level, names]) => (level === "mandatory" ? `${names.length} mandatory` : `${names.length} ${level} (${names.map(code).join(", ")})`)).join("; ") + ".");
  out.push("", "<details><summary>Each policy's level, production floor and settings</summary>", "");
  for (const l of report.policyLevels) {
    const settings = Object.entries(l.settings).map(([k, v]) => `${k} ${code(String(v))}`);
    out.push(`- ${code(l.policyName)}: ${l.level}${l.floor ? ` (floor ${l.floor})` : ""}${settings.length ? `; ${settings.join(", ")}` : ""}`);
  }
  out.push("", "</details>");
}

function renderLifecycle(report: PlanReport, options: MarkdownOptions, out: string[]): void {
  if (!report.lifecycle || !report.diff) return;
  const findings = report.lifecycle;
  out.push("", `### Lifecycle against ${code(report.diff.baseRef)}: what \`pulumi up\` refuses or cuts off (${findings.length})`, "");
  if (findings.length === 0) out.push("None: nothing protected is replaced or deleted, and no running client is cut off.");
  for (const f of findings) {
    out.push(`- **${f.level === "failing" ? "Failing" : "Warning"}** ${code(f.rule)} at ${locationLink(f, options.sourceLinks)} ${code(f.field)}: ${prose(f.message)} Fix: ${prose(f.fix)}`);
  }
}

/** `file:line`, linked to that line when the repository and commit are known. */
function locationLink(v: { location: ViolationEntry["location"] }, links: SourceLinks | undefined): string {
  const text = code(`${v.location.file}:${v.location.line}`);
  const url = links && lineUrl(links, v.location.file, v.location.line);
  return url ? `[${text}](${url})` : text;
}

/** At most NAMES_SHOWN workload names, then a count. */
const NAMES_SHOWN = 12;
function usedBy(names: string[]): string {
  if (names.length === 0) return "no workload";
  const shown = names.slice(0, NAMES_SHOWN).join(", ");
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
}

function renderDiff(report: PlanReport, detail: Detail, out: string[]): void {
  const d = report.diff;
  if (!d) return;
  out.push("", `### Changes against ${code(d.baseRef)}`, "");
  if (d.baseState === "missing") out.push("The stack file does not exist at this ref: every entry and resource is new.", "");
  if (d.baseState === "invalid") out.push(`The stack file at this ref does not load (${plural(d.baseDefects.length, "defect")}); resource changes are unknown.`, "");
  const entries = d.entries.filter((e) => e.section !== "decisions");
  const records = d.entries.filter((e) => e.section === "decisions");
  const details = (e: EntryChange) => (detail.diffFields ? e.fields.map((f) => breakable(describeRecordChange(f))).join("<br/>") : plural(e.fields.length, "field"));
  if (entries.length === 0) out.push("No entry of the stack file changed.");
  else {
    out.push("| section | entry | change | details |", "|---|---|---|---|");
    for (const e of entries) {
      const fields = detail.diffFields ? e.fields.map((f) => breakLongWords(cell(describeFieldChange(f)))).join("<br/>") : plural(e.fields.length, "field");
      out.push(`| ${e.section} | ${code(e.name)} | ${e.change} | ${fields} |`);
    }
  }
  out.push("", `#### Decision records that changed (${records.length})`, "");
  if (records.length === 0) out.push("None.");
  else {
    out.push("| workload | change | fields of the record |", "|---|---|---|");
    for (const e of records) out.push(`| ${code(e.name)} | ${e.change === "changed" ? "changed" : e.change === "added" ? "new record" : "record removed"} | ${e.change === "changed" ? details(e) : ""} |`);
  }
  const notable = d.resources.filter((r) => r.action !== "update" && r.action !== "same");
  const updates = d.resources.length - notable.length;
  out.push("");
  if (detail.diffResources === "list" && d.resources.length) {
    out.push("<details><summary>Resources that change (" + d.resources.length + ")</summary>", "", "| action | type | name | inputs changed |", "|---|---|---|---|");
    for (const r of d.resources) out.push(`| ${r.action}${r.replaceBecause.length ? ` (forced by ${r.replaceBecause.join(", ")})` : ""} | ${code(shortType(r.type))} | ${code(r.name)}${r.previousName ? ` (was ${code(r.previousName)})` : ""} | ${r.changedInputs.join(", ")} |`);
    out.push("", "</details>");
  } else {
    out.push(`Resources: ${notable.filter((r) => r.action === "create").length} to create, ${notable.filter((r) => r.action === "replace").length} to replace, ${updates} to update, ${notable.filter((r) => r.action === "delete").length} to delete.`);
  }
}

/** What the gateway saves: each count as declared and with every workload on direct accounts. */
function renderSprawl(report: PlanReport, out: string[]): void {
  const { counts, staysDirect } = report.sprawl;
  out.push("", `### Sprawl count: ${code(report.stack.environment)}`, "", "| count | as declared | every workload direct |", "|---|---|---|");
  for (const [metric, label] of SPRAWL_METRICS) {
    const c = counts.find((x) => x.metric === metric);
    if (c) out.push(`| ${label} | ${c.declared} | ${c.allDirect} |`);
  }
  const shown = staysDirect.slice(0, NAMES_SHOWN).map((s) => `${code(s.workload)} (${s.providers.join(", ")})`);
  const more = staysDirect.length > NAMES_SHOWN ? ` and ${staysDirect.length - NAMES_SHOWN} more` : "";
  out.push("", staysDirect.length ? `Stays direct: ${shown.join(", ")}${more}.` : "Nothing stays direct: every workload goes through the gateway.");
  out.push("", "<details><summary>How each is counted</summary>", "", ...SPRAWL_METRICS.map(([, label, what]) => `- ${label}: ${prose(what)}`), "", "</details>");
}
