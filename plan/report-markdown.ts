/**
 * `--format md`: the pull-request comment, in the order a reviewer decides (plan/report-lead.ts):
 * the verdict and summary, with --base the policy config's and pack's changes, lifecycle findings,
 * new violations by level and policy with their fix (with --base, those the base already had after
 * them), the money, the diff against --base (decision records that change alike grouped), then the
 * gateway, the policy levels in force (each policy's settings collapsed), keys expiring soon, per-workload
 * keys, budgets and owners, provider keys, routes as Mermaid graphs, the sprawl count and,
 * collapsed, the entries' other settings and the resource list.
 * GitHub refuses comments over 65,536 characters: when the full comment is too long, the least
 * important part is cut to what fits, then the next (TRIM_ORDER); new violations are cut last.
 */
import { dynamicModel } from "../stacks/providers";
import { describeCloudflareApiCalls } from "./cloudflare-api-calls";
import { describeFieldChange, describeRecordChange, plural, relativeDays, shortType, usd } from "./format-helpers";
import { safetyWords } from "./gateway-safety";
import { byLevel, describePolicyChange } from "./policy-levels";
import { breakable, breakLongWords, cell, code, date, prose } from "./markdown-cells";
import { routeMermaid } from "./mermaid";
import { groupRecordChanges, recordChangeWords } from "./record-groups";
import { HELD_BY, moneyWords, someNames, splitViolations, verdictWords } from "./report-lead";
import { awsCostWords } from "./aws-cost";
import { EXPIRY_WINDOW_DAYS, type PlanReport, type ViolationEntry } from "./report-model";
import { SPRAWL_METRICS } from "./sprawl";
import { lineUrl, type SourceLinks } from "./source-links";

/** GitHub's limit on an issue or pull-request comment body (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What this renderer stays within: one under the limit. */
export const MARKDOWN_MAX_LENGTH = GITHUB_COMMENT_LIMIT - 1;

/** The hidden marker the workflow looks for to update its own comment instead of adding one. */
export const commentMarker = (environment: string) => `<!-- switchyard-plan:${environment} -->`;

/**
 * What can be trimmed, least important first: when the comment is too long, the first of these is
 * cut to the rows that fit (a table keeps its first rows and says how many more there are), and
 * only when none fits is it dropped and the next one cut. The verdict, policy config changes,
 * lifecycle findings, money, gateway, the count of policies per level, routes' one-line summaries
 * and sprawl count always stay; new violations go last.
 */
const TRIM_ORDER = [
  "settings",
  "policyLevels",
  "resources",
  "diffResources",
  "gatewayKeys",
  "workloads",
  "routeGraphs",
  "providerKeys",
  "expiringKeys",
  "decisionRecords",
  "diffEntries",
  "baseViolations",
  "violations",
] as const;
type Trimmable = (typeof TRIM_ORDER)[number];
/** Rows kept per trimmable part (Infinity: all). */
type Detail = Record<Trimmable, number>;

export interface MarkdownOptions {
  /** Violation locations become links to the stack file's lines at this repository and commit. */
  sourceLinks?: SourceLinks | undefined;
  maxLength?: number;
}

/**
 * The comment for a run that planned nothing (exit 2): the marker, so that it replaces the stack's
 * earlier comment, and what the command said, so that no earlier report is left standing.
 */
export function renderNotPlanned(stack: string, errors: string, maxLength = MARKDOWN_MAX_LENGTH): string {
  const fence = "`".repeat(Math.max(3, ...[...errors.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const head = [commentMarker(stack), `## Switchyard plan: ${code(stack)}: not planned`, "", "Nothing was planned and no policy was checked. `switchyard plan` said:", "", fence].join("\n");
  const tail = `\n${fence}\n`;
  const room = maxLength - head.length - tail.length - 1;
  const body = errors.trimEnd();
  return `${head}\n${body.length <= room ? body : `${body.slice(0, room - 40)}\n… (cut; the job log has all of it)`}${tail}`;
}

type Render = (report: PlanReport, detail: Detail, options: MarkdownOptions, trimmed: boolean) => string[];
/** A section and the trimmable parts it draws. */
interface Section {
  render: Render;
  parts: readonly Trimmable[];
}

/** The comment's sections in order: what a reviewer decides on first (plan/report-lead.ts), then the details. */
const SECTIONS: Section[] = [
  { render: header, parts: [] },
  { render: (r) => policyChanges(r), parts: [] },
  { render: (r, _d, o) => lifecycleSection(r, o), parts: [] },
  { render: freshViolations, parts: ["violations"] },
  { render: baseViolations, parts: ["baseViolations"] },
  { render: money, parts: [] },
  { render: changes, parts: ["diffEntries", "decisionRecords", "diffResources"] },
  { render: gateway, parts: [] },
  { render: policyLevels, parts: ["policyLevels"] },
  { render: expiringKeys, parts: ["expiringKeys"] },
  { render: workloads, parts: ["workloads", "gatewayKeys"] },
  { render: providerKeys, parts: ["providerKeys"] },
  { render: routes, parts: ["routeGraphs"] },
  { render: (r) => sprawl(r), parts: [] },
  { render: otherSettings, parts: ["settings"] },
  { render: resources, parts: ["resources"] },
];

/** Rows each trimmable part has in full. */
function fullRows(report: PlanReport): Record<Trimmable, number> {
  const { fresh, onBase } = splitViolations(report);
  const entries = report.diff?.entries ?? [];
  return {
    settings: settingsOf(report).length,
    policyLevels: report.policyLevels.length,
    resources: 1,
    diffResources: report.diff?.resources.length ?? 0,
    routeGraphs: report.routes.length,
    gatewayKeys: report.summary.gatewayKeys,
    workloads: report.workloads.length,
    providerKeys: report.providerKeys.length,
    expiringKeys: report.expiringKeys.length,
    decisionRecords: groupRecordChanges(entries).length,
    diffEntries: entries.filter((e) => e.section !== "decisions").length,
    baseViolations: onBase.length,
    violations: fresh.length,
  };
}

export function renderMarkdown(report: PlanReport, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  const detail = Object.fromEntries(TRIM_ORDER.map((t) => [t, Infinity])) as Detail;
  const render = (section: Section, trimmed: boolean) => section.render(report, detail, options, trimmed).join("\n");
  const join = (texts: string[]) => `${texts.filter(Boolean).join("\n")}\n`;
  const whole = join(SECTIONS.map((section) => render(section, false)));
  if (whole.length <= maxLength) return whole;

  // Sections are rendered apart, so a cut re-renders only the section it cuts.
  const texts = SECTIONS.map((section) => render(section, true));
  const length = () => texts.reduce((n, t) => n + (t ? t.length + 1 : 0), 0);
  const rows = fullRows(report);
  for (const part of TRIM_ORDER) {
    const setRows = (n: number) => {
      detail[part] = n;
      for (const [i, section] of SECTIONS.entries()) if (section.parts.includes(part)) texts[i] = render(section, true);
    };
    // The most rows of this part that fit with everything more important in full.
    let low = 0;
    let high = rows[part];
    setRows(0);
    if (length() > maxLength) continue;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      setRows(mid);
      if (length() <= maxLength) low = mid;
      else high = mid - 1;
    }
    setRows(low);
    break;
  }
  return join(texts);
}

function header(report: PlanReport, _detail: Detail, _options: MarkdownOptions, trimmed: boolean): string[] {
  const { stack, summary } = report;
  const lifecycleFailing = (report.lifecycle ?? []).filter((f) => f.level === "failing").length;
  const { fresh, onBase } = splitViolations(report);
  const based = report.violations.some((v) => v.onBase !== undefined);
  const out = [
    commentMarker(stack.environment),
    `## Switchyard plan: ${code(stack.environment)}: ${summary.passed ? "passes, no mandatory policy fails" : `FAILS, ${lifecycleFailing ? `${plural(lifecycleFailing, "failing lifecycle finding")}, ` : ""}${plural(summary.mandatoryViolations, "mandatory policy violation")}`}`,
    "",
    `| Verdict | ${breakable(verdictWords(report))} |`,
    "|---|---|",
    `| Violations | ${summary.mandatoryViolations} mandatory, ${summary.advisoryViolations} advisory${based ? `; ${fresh.length} new, ${onBase.length} already on ${code(report.diff?.baseRef ?? "")}` : ""} |`,
    `| Monthly budgets | ${usd(report.money.monthlyBudgetUsd)}${moneyChange(report)} |`,
    `| Estimated AWS cost | ${awsCostWords(report.awsCost)} |`,
  ];
  if (report.diff) {
    const d = report.diff;
    const n = (a: string) => d.resources.filter((r) => r.action === a).length;
    const records = d.entries.filter((e) => e.section === "decisions").length;
    out.push(`| Against ${code(d.baseRef)} | ${plural(d.entries.length - records, "entry", "entries")} and ${plural(records, "decision record")} changed; resources: ${n("create")} to create, ${n("replace")} to replace, ${n("update")} to update, ${n("delete")} to delete |`);
  }
  out.push(
    `| Stack file | ${code(stack.file)} |`,
    `| Resources | ${summary.resources} |`,
    `| Workloads, gateway keys, routes, provider keys | ${summary.workloads}, ${summary.gatewayKeys}, ${summary.routes}, ${summary.providerKeys} |`,
    `| Keys expiring or due within ${EXPIRY_WINDOW_DAYS} days | ${summary.keysExpiringSoon} |`,
    `| Cloudflare API calls | ${describeCloudflareApiCalls(report.cloudflareApiCalls)}${report.cloudflareApiCalls.warning ? "; **over the limit** (below)" : ""} |`,
    `| Dates judged as of | ${date(stack.today)} |`,
    `| Policy config | ${code(stack.policyConfig)} |`,
  );
  if (report.cloudflareApiCalls.warning) out.push("", `> **Warning:** ${report.cloudflareApiCalls.warning.message}`);
  if (trimmed) out.push("", "> Details were trimmed to fit GitHub's comment size limit, least important first; the JSON and SARIF reports carry everything.");
  return out;
}

/** ", +2,000 USD (+16.1%) against `main`", or nothing without a base. */
function moneyChange(report: PlanReport): string {
  const base = report.money.baseMonthlyBudgetUsd;
  if (base === undefined || !report.diff) return "";
  const delta = report.money.monthlyBudgetUsd - base;
  if (delta === 0) return `, unchanged against ${code(report.diff.baseRef)}`;
  const pct = base === 0 ? "" : ` (${delta > 0 ? "+" : ""}${Math.round((delta / base) * 1000) / 10}%)`;
  return `, ${delta > 0 ? "+" : "-"}${usd(Math.abs(delta))}${pct} against ${code(report.diff.baseRef)}`;
}

function violationList(title: string, all: ViolationEntry[], keep: number, options: MarkdownOptions): string[] {
  const out = ["", `### ${title} (${all.length})`];
  if (all.length === 0) out.push("", "None.");
  const kept = all.slice(0, keep);
  for (const [heading, group] of [
    ["Mandatory: these block the deployment", kept.filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate")],
    ["Advisory", kept.filter((v) => v.enforcementLevel === "advisory")],
  ] as Array<[string, ViolationEntry[]]>) {
    if (group.length === 0) continue;
    out.push("", `#### ${heading} (${group.length})`);
    // Grouped by policy, so that each fix is said once.
    for (const policy of [...new Set(group.map((v) => v.policyName))]) {
      const mine = group.filter((v) => v.policyName === policy);
      const first = mine[0] as ViolationEntry;
      out.push("", `**${code(policy)}** (${first.severity}, ${plural(mine.length, "violation")})${first.fix ? `. Fix: ${prose(first.fix)}` : ""}`, "");
      for (const v of mine) out.push(`- ${locationLink(v, options.sourceLinks)}${v.location.path ? ` ${code(v.location.path)}` : ""}: ${prose(v.message)}`);
    }
  }
  if (kept.length < all.length) out.push("", `… and ${all.length - kept.length} more violations, in the JSON and SARIF reports.`);
  return out;
}

function freshViolations(report: PlanReport, detail: Detail, options: MarkdownOptions): string[] {
  const based = report.violations.some((v) => v.onBase !== undefined) && report.diff;
  return violationList(based ? `New violations against ${code(report.diff?.baseRef ?? "")}` : "Violations", splitViolations(report).fresh, detail.violations, options);
}

function baseViolations(report: PlanReport, detail: Detail, options: MarkdownOptions): string[] {
  if (!report.violations.some((v) => v.onBase !== undefined) || !report.diff) return [];
  return violationList(`Violations already on ${code(report.diff.baseRef)}`, splitViolations(report).onBase, detail.baseViolations, options);
}

function money(report: PlanReport): string[] {
  // The estimated AWS cost goes here (issue 22).
  return ["", "### Money", "", ...moneyWords(report).map((line) => `- ${breakable(line)}`)];
}

function gateway(report: PlanReport): string[] {
  const { stack } = report;
  const safety = safetyWords(stack.safety);
  return [
    "",
    "### Gateway",
    "",
    `| Gateway | ${code(stack.gatewayId)}, ${stack.billing} billing${stack.safety.zeroDataRetention ? ", zero data retention" : ""}${stack.frontDoorHostname ? `, https://${stack.frontDoorHostname}` : ""}${stack.protect ? ", protected" : ""} |`,
    "|---|---|",
    `| Guardrails | ${breakable(safety.guardrails)} |`,
    `| DLP | ${breakable(safety.dlp)} |`,
    `| OpenTelemetry | ${safety.openTelemetry.length ? safety.openTelemetry.map(breakable).join("<br/>") : "none"} |`,
  ];
}

/** "… and 12 more rows, in the JSON report." under a cut table. */
const more = (left: number) => (left > 0 ? ["", `… and ${plural(left, "more row")}, in the JSON report.`] : []);

function expiringKeys(report: PlanReport, detail: Detail): string[] {
  const out = ["", `### Keys expiring or due for rotation within ${EXPIRY_WINDOW_DAYS} days (${report.expiringKeys.length})`, ""];
  if (report.expiringKeys.length === 0) return [...out, "None."];
  out.push("| key | kind | workload | date | when |", "|---|---|---|---|---|");
  const kept = report.expiringKeys.slice(0, detail.expiringKeys);
  for (const k of kept) out.push(`| ${code(k.name)} | ${k.kind === "gateway-key" ? "gateway key expires" : "provider key rotation due"} | ${k.workload ?? ""} | ${date(k.date)} | ${relativeDays(k.daysLeft)} |`);
  return [...out, ...more(report.expiringKeys.length - kept.length)];
}

function workloads(report: PlanReport, detail: Detail): string[] {
  const out = ["", `### Workloads (${report.workloads.length})`, ""];
  const kept = report.workloads.slice(0, detail.workloads);
  if (kept.length === 0 && report.workloads.length) out.push("Workload table trimmed.");
  else {
    out.push("| workload | path | owner | budget / month | calls |", "|---|---|---|---|---|");
    for (const w of kept) {
      const budget = w.budget ? `${usd(w.budget.monthlyUsd)}, ${w.budget.enforcement.map((e) => HELD_BY[e]).join(" and ")}; alarms at ${w.budget.alertAtPercent.join("/")}%` : "none";
      const alerts = w.alerts.length ? ` to ${w.alerts.join(", ")}` : "";
      const calls = [...w.routes.map(dynamicModel), ...w.models, ...w.directKeys.map((k) => `direct: ${k}`)].join(", ") || "nothing";
      out.push(`| ${code(w.name)} | ${w.path} | ${breakable(w.owner)} | ${cell(budget + alerts)} | ${breakable(calls)} |`);
    }
    out.push(...more(report.workloads.length - kept.length));
  }
  const keys = report.workloads.flatMap((w) => w.keys.map((k) => ({ workload: w.name, ...k })));
  out.push("", `#### Gateway keys (${keys.length})`, "");
  const keptKeys = keys.slice(0, detail.gatewayKeys);
  if (keys.length === 0) out.push("None.");
  else if (keptKeys.length === 0) out.push("Gateway key table trimmed.");
  else {
    out.push("| key | workload | expires | allowed IPs |", "|---|---|---|---|");
    for (const k of keptKeys) out.push(`| ${code(k.name)} | ${k.workload} | ${date(k.expiresOn)} (${relativeDays(k.daysLeft)}) | ${k.allowedIps.length ? k.allowedIps.map(breakable).join(", ") : "any"} |`);
    out.push(...more(keys.length - keptKeys.length));
  }
  return out;
}

function providerKeys(report: PlanReport, detail: Detail): string[] {
  const out = ["", `### Provider keys (${report.providerKeys.length})`, ""];
  const kept = report.providerKeys.slice(0, detail.providerKeys);
  if (kept.length === 0 && report.providerKeys.length) return [...out, "Provider key table trimmed."];
  out.push("| key | provider | source (reference) | owner | rotation due |", "|---|---|---|---|---|");
  for (const k of kept) out.push(`| ${code(k.name)} | ${k.provider} | ${k.source.kind} ${k.source.kind === "pulumiSecret" ? code(k.source.ref) : breakable(k.source.ref)} | ${breakable(k.owner)} | ${date(k.rotation.dueOn)} (${relativeDays(k.rotation.daysLeft)}) |`);
  return [...out, ...more(report.providerKeys.length - kept.length)];
}

function routes(report: PlanReport, detail: Detail): string[] {
  const out = ["", `### Routes (${report.routes.length})`];
  for (const [i, r] of report.routes.entries()) {
    const canary = r.canary ? `, canary ${r.canary.percent}% to ${code(r.canary.model)}` : "";
    const active = r.active === "rollback" ? "**rolled back** to" : "serving";
    const main = r.active === "rollback" && r.rollback ? r.rollback : r.primary;
    out.push("", `#### ${code(dynamicModel(r.name))}: ${active} ${code(main.model)}${canary}; ${plural(r.fallbacks.length, "fallback")}; used by ${usedBy(r.usedBy)}`);
    if (i < detail.routeGraphs) out.push("", "```mermaid", routeMermaid(r), "```");
  }
  return out;
}

/** Every stack-file field the sections above have no column for, whatever fields the stack file gains. */
function settingsOf(report: PlanReport) {
  return [
    ...report.workloads.map((w) => ({ entry: `workloads.${w.name}`, settings: w.settings })),
    ...report.providerKeys.map((k) => ({ entry: `providerKeys.${k.name}`, settings: k.settings })),
    ...report.routes.map((r) => ({ entry: `routes.${r.name}`, settings: r.settings })),
  ].flatMap(({ entry, settings }) => Object.entries(settings).map(([field, value]) => ({ entry, field, value })));
}

function otherSettings(report: PlanReport, detail: Detail): string[] {
  const settings = settingsOf(report);
  const kept = settings.slice(0, detail.settings);
  if (kept.length === 0) return [];
  const out = ["", `<details><summary>Other settings (${settings.length})</summary>`, "", "| entry | setting | value |", "|---|---|---|"];
  for (const s of kept) out.push(`| ${code(s.entry)} | ${code(s.field)} | ${breakable(String(s.value))} |`);
  return [...out, ...more(settings.length - kept.length), "", "</details>"];
}

function resources(report: PlanReport, detail: Detail): string[] {
  const out = ["", "<details><summary>Resources (" + report.summary.resources + ")</summary>", ""];
  if (detail.resources > 0) {
    out.push("| type | name | protected |", "|---|---|---|");
    for (const r of report.resources) out.push(`| ${code(shortType(r.type))} | ${code(r.name)} | ${r.protect ? "yes" : ""} |`);
  } else {
    out.push("| type | count |", "|---|---|");
    for (const t of report.summary.resourcesByType) out.push(`| ${code(shortType(t.type))} | ${t.count} |`);
  }
  return [...out, "", "</details>"];
}

/** With --base, at the top and never trimmed: what the policy config and the pack's code changed against the base (issue 23). */
function policyChanges(report: PlanReport): string[] {
  const out: string[] = [];
  const { stack } = report;
  if (!report.diff || !(report.policyLevelChanges || report.policyCodeChanges)) return out;
  const changes = report.policyLevelChanges;
  if (changes) {
    out.push("", `### Policy config changes against ${code(report.diff.baseRef)} (${changes.length})`, "");
    if (changes.length === 0) out.push(`None: ${code(stack.policyConfig)} asks what it asked.`);
    for (const c of changes) out.push(`- ${c.belowFloor ? "**Below the production floor** " : ""}${prose(describePolicyChange({ ...c, belowFloor: false }, stack.environment))}`);
  }
  const files = report.policyCodeChanges;
  if (files) out.push("", files.length ? `Policy pack code changed against ${code(report.diff.baseRef)}: ${files.map(code).join(", ")}.` : `Policy pack code: unchanged against ${code(report.diff.baseRef)}.`);
  return out;
}

/** Every policy's level in force: the exceptions to mandatory named (never trimmed), then each policy's floor and settings (trimmable). */
function policyLevels(report: PlanReport, detail: Detail): string[] {
  const { stack } = report;
  if (report.policyLevels.length === 0) return [];
  const out = ["", `### Policy levels in force (${code(stack.policyConfig)})`, ""];
  // Mandatory is the rule; the exceptions are named (every policy is in the list below).
  out.push(byLevel(report.policyLevels).map(([level, names]) => (level === "mandatory" ? `${names.length} mandatory` : `${names.length} ${level} (${names.map(code).join(", ")})`)).join("; ") + ".");
  const kept = report.policyLevels.slice(0, detail.policyLevels);
  if (kept.length === 0) return out;
  out.push("", "<details><summary>Each policy's level, production floor and settings</summary>", "");
  for (const l of kept) {
    const settings = Object.entries(l.settings).map(([k, v]) => `${k} ${code(String(v))}`);
    out.push(`- ${code(l.policyName)}: ${l.level}${l.floor ? ` (floor ${l.floor})` : ""}${settings.length ? `; ${settings.join(", ")}` : ""}`);
  }
  return [...out, ...more(report.policyLevels.length - kept.length), "", "</details>"];
}

/** With --base, at the top and never trimmed: what `pulumi up` refuses and what cuts running clients off. */
function lifecycleSection(report: PlanReport, options: MarkdownOptions): string[] {
  const out: string[] = [];
  if (!report.lifecycle || !report.diff) return out;
  const findings = report.lifecycle;
  out.push("", `### Lifecycle against ${code(report.diff.baseRef)}: what \`pulumi up\` refuses or cuts off (${findings.length})`, "");
  if (findings.length === 0) out.push("None: nothing protected is replaced or deleted, and no running client is cut off.");
  for (const f of findings) {
    out.push(`- **${f.level === "failing" ? "Failing" : "Warning"}** ${code(f.rule)} at ${locationLink(f, options.sourceLinks)} ${code(f.field)}: ${prose(f.message)} Fix: ${prose(f.fix)}`);
  }
  return out;
}

/** `file:line`, linked to that line when the repository and commit are known. */
function locationLink(v: { location: ViolationEntry["location"] }, links: SourceLinks | undefined): string {
  const text = code(`${v.location.file}:${v.location.line}`);
  const url = links && lineUrl(links, v.location.file, v.location.line);
  return url ? `[${text}](${url})` : text;
}

/** At most NAMES_SHOWN workload names, then a count. */
const NAMES_SHOWN = 12;
const usedBy = (names: string[]) => (names.length ? someNames(names, NAMES_SHOWN) : "no workload");

function changes(report: PlanReport, detail: Detail): string[] {
  const d = report.diff;
  if (!d) return [];
  const out = ["", `### Changes against ${code(d.baseRef)}`, ""];
  if (d.baseState === "missing") out.push("The stack file does not exist at this ref: every entry and resource is new.", "");
  if (d.baseState === "invalid") out.push(`The stack file at this ref does not load (${plural(d.baseDefects.length, "defect")}); resource changes are unknown.`, "");
  const entries = d.entries.filter((e) => e.section !== "decisions");
  const keptEntries = entries.slice(0, detail.diffEntries);
  if (entries.length === 0) out.push("No entry of the stack file changed.");
  else if (keptEntries.length === 0) out.push(`${plural(entries.length, "entry", "entries")} changed; the table was trimmed.`);
  else {
    out.push("| section | entry | change | details |", "|---|---|---|---|");
    for (const e of keptEntries) out.push(`| ${e.section} | ${code(e.name)} | ${e.change} | ${e.fields.map((f) => breakLongWords(cell(describeFieldChange(f)))).join("<br/>")} |`);
    out.push(...more(entries.length - keptEntries.length));
  }
  // Workloads whose records change alike are one row (plan/record-groups.ts).
  const groups = groupRecordChanges(d.entries);
  const records = groups.reduce((n, g) => n + g.workloads.length, 0);
  const keptGroups = groups.slice(0, detail.decisionRecords);
  out.push("", `#### Decision records that changed (${records})`, "");
  if (groups.length === 0) out.push("None.");
  else if (keptGroups.length === 0) out.push("Decision record table trimmed.");
  else {
    out.push("| workloads | change | fields of the record |", "|---|---|---|");
    for (const g of keptGroups) {
      const who = g.workloads.length === 1 ? code(g.workloads[0] ?? "") : `${plural(g.workloads.length, "workload")}: ${breakable(someNames(g.workloads))}`;
      out.push(`| ${who} | ${recordChangeWords(g.change)} | ${g.fields.map((f) => breakable(describeRecordChange(f))).join("<br/>")} |`);
    }
    out.push(...more(groups.length - keptGroups.length));
  }
  const notable = d.resources.filter((r) => r.action !== "update" && r.action !== "same");
  const updates = d.resources.length - notable.length;
  out.push("", `Resources: ${notable.filter((r) => r.action === "create").length} to create, ${notable.filter((r) => r.action === "replace").length} to replace, ${updates} to update, ${notable.filter((r) => r.action === "delete").length} to delete.`);
  const keptResources = d.resources.slice(0, detail.diffResources);
  if (keptResources.length) {
    out.push("", `<details><summary>Resources that change (${d.resources.length})</summary>`, "", "| action | type | name | inputs changed |", "|---|---|---|---|");
    for (const r of keptResources) out.push(`| ${r.action}${r.replaceBecause.length ? ` (forced by ${r.replaceBecause.join(", ")})` : ""} | ${code(shortType(r.type))} | ${code(r.name)}${r.previousName ? ` (was ${code(r.previousName)})` : ""} | ${r.changedInputs.join(", ")} |`);
    out.push(...more(d.resources.length - keptResources.length), "", "</details>");
  }
  return out;
}

/** What the gateway saves: each count as declared and with every workload on direct accounts. */
function sprawl(report: PlanReport): string[] {
  const out: string[] = [];
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
  return out;
}
