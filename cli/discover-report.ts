/**
 * `switchyard discover`'s report: text for a terminal, Markdown for a pull request or an issue
 * (with the drafted stack-file entries and their decision records), JSON for tools (the
 * DiscoverReport as is; shape in docs/migration.md). Raw credentials appear by kind and place only.
 */
import { STEPS } from "./smoke-steps";
import { plural } from "../plan/format-helpers";
import { decisionsReport, renderDecisionsMarkdown } from "../plan/report-decisions";
import { redactCredentials } from "../stacks/credentials";
import type { Finding } from "../discover/compare";
import type { Draft, WorkloadDraft } from "../discover/draft";
import type { JudgedSite, ServiceInventory } from "../discover/inventory";
import type { DiscoverReport } from "../discover/run";
import { describeOrigin } from "../discover/sites";

const at = (x: { file?: string; line?: number; col?: number }) => (x.file ? `${x.file}:${x.line}:${x.col}` : "");
const siteCount = (r: DiscoverReport) => r.services.reduce((n, s) => n + s.sites.length, 0);
const REACH: Readonly<Record<JudgedSite["reach"], string>> = { direct: "DIRECT", gateway: "gateway", other: "other", unknown: "unknown" };

function siteLine(s: JudgedSite): string {
  const what = s.what === "call" ? `call ${s.api}` : s.what === "http" ? `raw HTTP (${s.api})` : `client ${s.api} (${s.sdk})`;
  const models = s.models.length ? ` model ${s.models.join(", ")}` : "";
  return `${what}: ${s.provider} -> ${REACH[s.reach]}${models}${s.family ? ` [${s.family}]` : ""}`;
}

function headline(r: DiscoverReport): string {
  const services = r.services.filter((s) => s.sites.length > 0).length;
  return `switchyard discover ${r.paths.join(" ")}${r.stack ? ` --stack ${r.stack.file}` : ""}: ${plural(services, "service")} reach models in ${plural(siteCount(r), "place")} (${r.files.read} files read, ${r.files.parsed} parsed, ${r.files.lines.toLocaleString("en-US")} lines)`;
}

/** The drafts a report shows: those in the team's stack file when it was given, else the skeleton's. */
const shownDraft = (r: DiscoverReport): Draft | undefined => (r.stack ? r.stackDraft : r.draft);
const stackName = (r: DiscoverReport) => r.stack?.environment ?? "<stack>";

function smokeLine(r: DiscoverReport, d: WorkloadDraft): string {
  return `switchyard smoke ${stackName(r)} --key-env ${d.workload.toUpperCase().replace(/-/g, "_")}_GATEWAY_KEY --workload ${d.workload} --compare-direct`;
}

export function renderDiscoverText(r: DiscoverReport): string {
  const out = [headline(r), ""];
  for (const s of r.services) {
    if (s.sites.length === 0) continue;
    out.push(`${s.name} (${s.dir})`);
    for (const site of s.sites) {
      out.push(`  ${at(site)}  ${siteLine(site)}`);
      if (site.what !== "call") out.push(`      base URL ${describeOrigin(site.baseUrl)}${site.why ? `: ${site.why}` : ""}${site.what === "client" ? `; key ${describeOrigin(site.key)}` : ""}`);
    }
    out.push("");
  }
  const quiet = r.services.filter((s) => s.sites.length === 0).map((s) => s.name);
  if (quiet.length) out.push(`no model reached in: ${quiet.join(", ")}`, "");
  out.push(r.rawCredentials.length ? `raw credentials in code (${r.rawCredentials.length}, never shown):` : "raw credentials in code: none");
  for (const c of r.rawCredentials) out.push(`  ${at(c)}  ${c.kind}`);
  out.push("", "sprawl count                  found in code   after the move (drafted)");
  for (const row of r.sprawl) out.push(`  ${row.label.padEnd(28)}${String(row.found).padStart(6)}   ${String(row.afterMove).padStart(6)}`);
  out.push("");
  out.push(...findingLines(r));
  const draft = shownDraft(r);
  if (draft) out.push("", ...draftLines(r, draft));
  return `${out.join("\n")}\n`;
}

function findingLines(r: DiscoverReport): string[] {
  const count = (s: Finding["severity"]) => r.findings.filter((f) => f.severity === s).length;
  const title = r.stack ? `findings against ${r.stack.file}` : "findings (give --stack to hold the code to a stack file)";
  const out = [`${title}: ${count("fail")} failing, ${plural(count("warn"), "warning")}, ${plural(count("note"), "note")}`];
  const order = { fail: 0, warn: 1, note: 2 } as const;
  for (const f of [...r.findings].sort((a, b) => order[a.severity] - order[b.severity])) {
    out.push(`  ${f.severity === "fail" ? "FAIL" : f.severity} ${f.rule} ${f.file ? `${at(f)} ` : ""}(${f.service}): ${redactCredentials(f.message)}`);
  }
  return out;
}

function draftLines(r: DiscoverReport, draft: Draft): string[] {
  const where = r.stack ? `into ${r.stack.file}` : "into a skeleton stack file";
  const out = [`drafted workloads (validated ${where}${draft.defects.length ? `: ${plural(draft.defects.length, "defect")}, see below` : ""}):`];
  for (const d of draft.workloads) {
    const entry = d.entry as { models?: string[]; routes?: string[]; directKeys?: string[] };
    const scope = [...(entry.routes ?? []).map((x) => `dynamic/${x}`), ...(entry.models ?? [])];
    out.push(`  ${d.workload}: path ${d.path}${scope.length ? `, calls ${scope.join(", ")}` : ""}${entry.directKeys?.length ? `, reads ${entry.directKeys.join(", ")} directly` : ""}`);
    for (const m of d.moves) out.push(`    ${at(m)}  ${m.what}: ${m.from} -> ${m.to}`);
    for (const n of d.notes) out.push(`    note: ${n}`);
    if (d.path !== "direct") out.push(`    before moving traffic: ${smokeLine(r, d)}`);
  }
  for (const defect of draft.defects) out.push(`  draft defect: ${defect.file}:${defect.line}:${defect.col}: ${defect.path}: ${defect.message}`);
  if (draft.workloads.some((d) => d.path !== "direct")) out.push(`  steps before moving traffic (switchyard smoke walks them): ${STEPS.map(([, s]) => s).join("; ")}`);
  return out;
}

export function renderDiscoverMarkdown(r: DiscoverReport): string {
  const out = [`## AI provider use: ${r.paths.map((p) => `\`${p}\``).join(", ")}`, "", `${headline(r).replace(/^switchyard discover [^:]*: /, "")}.`];
  const failing = r.findings.filter((f) => f.severity === "fail");
  if (failing.length) out.push("", `> **${plural(failing.length, "failing finding")}**: ${[...new Set(failing.map((f) => f.rule))].join(", ")}.`);
  out.push("", "### Sprawl count", "", "| | found in code | after the move (drafted) |", "|---|---:|---:|");
  for (const row of r.sprawl) out.push(`| ${row.label} | ${row.found} | ${row.afterMove} |`);
  out.push("", "### Inventory", "", "| place | service | what | provider | reaches | base URL | key | models | family |", "|---|---|---|---|---|---|---|---|---|");
  for (const s of r.services as ServiceInventory[]) {
    for (const site of s.sites) {
      const what = site.what === "call" ? `call \`${site.api}\`` : site.what === "http" ? "raw HTTP" : `client \`${site.api}\` (${site.sdk})`;
      out.push(`| \`${at(site)}\` | ${s.name} | ${what} | ${site.provider} | ${site.reach} | ${cell(describeOrigin(site.baseUrl))} | ${site.what === "http" ? "" : cell(describeOrigin(site.key))} | ${site.models.map((m) => `\`${m}\``).join(", ")} | ${site.family ?? ""} |`);
    }
  }
  out.push("", "### Raw credentials in code", "", r.rawCredentials.length ? r.rawCredentials.map((c) => `- \`${at(c)}\`: ${c.kind} (not shown)`).join("\n") : "None found.");
  out.push("", "### Findings", "", ...(r.findings.length ? r.findings.map((f) => `- **${f.severity}** \`${f.rule}\` ${f.file ? `\`${at(f)}\` ` : ""}(${f.service}): ${cell(redactCredentials(f.message))}`) : [r.stack ? "None." : "Give `--stack` to hold the code to a stack file."]));
  const draft = shownDraft(r);
  if (draft) {
    out.push("", "### Drafted workloads", "", ...draftLines(r, draft).slice(1).map((l) => (l.startsWith("    ") ? `  - ${l.trim()}` : `- ${l.trim()}`)));
    if (draft.fragment) out.push("", r.stack ? `To add to \`${r.stack.file}\`:` : "The stack-file entries:", "", "```yaml", draft.fragment.trimEnd(), "```");
    if (draft.records.length) out.push("", renderDecisionsMarkdown(decisionsReport(r.stack?.file ?? "(draft)", stackName(r), r.today, draft.records)).replace(/^## /m, "### ").replace(/^### `/gm, "#### `").trimEnd());
  }
  return `${out.join("\n")}\n`;
}

export function renderDiscoverJson(r: DiscoverReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
