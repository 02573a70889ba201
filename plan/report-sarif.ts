/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning. One rule per policy that fired (its
 * description and fix), one result per violation located at the stack-file line of the offending
 * entry, so the annotation lands on the pull request's diff. Mandatory violations are errors,
 * advisory ones warnings; the policy's severity becomes GitHub's `security-severity`.
 *
 * Within GitHub's documented subset ("SARIF support for code scanning",
 * https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support):
 * `help.markdown` is rendered, so placeholders such as `<w>` are escaped (raw they vanish as HTML
 * tags); every rule has a `precision` (the policies are deterministic checks: very-high); given
 * the stack file's text, regions end at the end of their line and each result carries GitHub's own
 * `primaryLocationLineHash` (plan/sarif-fingerprint.ts) beside a fingerprint of its own that
 * tells apart results of one rule on one line (the entry's path, resource and message with its
 * numbers masked, so a count or a date moving does not open a new alert).
 */
import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { ArtifactLocation, Log, Region, ReportingDescriptor, Result } from "sarif";
import { awsCostSentence } from "./aws-cost";
import { LIFECYCLE_RULES } from "./lifecycle";
import type { EntryLocation, PlanReport, ViolationEntry } from "./report-model";
import { lineHashes } from "./sarif-fingerprint";

export interface SarifOptions {
  /** The stack file's text, for end positions and GitHub's line hashes. */
  stackSource?: string;
  toolVersion?: string;
}

/** Markdown that renders as the text reads: `<`, `>` and `&` escaped (GitHub drops unknown tags). */
const markdownText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const digest = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** The rule of the Cloudflare API calls warning (plan/cloudflare-api-calls.ts). */
export const CLOUDFLARE_API_RULE = "switchyard-cloudflare-api-rate";

/** GitHub maps security-severity > 9 critical, >= 7 high, >= 4 medium, else low. */
const SECURITY_SEVERITY: Record<ViolationEntry["severity"], string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0" };

/**
 * A report file as SARIF names it: relative to %SRCROOT%, the repository root (the report names
 * files in the repository from its root, plan/repo-path.ts), or, for a file outside any
 * repository, an absolute file: URI with no base, never an absolute path under %SRCROOT%.
 */
export function artifactLocation(file: string): ArtifactLocation {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.replace(/\\/g, "/").replace(/^\.\//, ""), uriBaseId: "%SRCROOT%" };
}

export function renderSarif(report: PlanReport, options: SarifOptions = {}): string {
  const toolVersion = options.toolVersion ?? "0.1.0";
  const lines = options.stackSource?.split(/\r?\n|\r/);
  const hashes = options.stackSource !== undefined ? lineHashes(options.stackSource) : undefined;
  const inStack = (l: EntryLocation) => l.file === report.stack.file;
  const region = (l: EntryLocation): Region => {
    const text = inStack(l) ? lines?.[l.line - 1] : undefined;
    return { startLine: l.line, startColumn: l.col, ...(text !== undefined ? { endLine: l.line, endColumn: Math.max(text.trimEnd().length + 1, l.col + 1) } : {}) };
  };
  const fingerprints = (l: EntryLocation, own: string): Record<string, string> => {
    const line = inStack(l) ? hashes?.get(l.line) : undefined;
    return { ...(line ? { primaryLocationLineHash: line } : {}), "switchyardEntry/v2": own };
  };
  const ruleIds = [...new Set(report.violations.map((v) => v.policyName))].sort();
  const rules: ReportingDescriptor[] = ruleIds.map((id) => {
    const v = report.violations.find((x) => x.policyName === id) as ViolationEntry;
    return {
      id,
      name: id,
      shortDescription: { text: v.description || id },
      fullDescription: { text: v.description || id },
      help: { text: v.fix || v.description || id, markdown: markdownText(v.fix || v.description || id) },
      defaultConfiguration: { level: v.enforcementLevel === "advisory" ? "warning" : "error" },
      properties: { tags: ["switchyard", "policy"], precision: "very-high", "security-severity": SECURITY_SEVERITY[v.severity], severity: v.severity },
    };
  });
  const results: Result[] = report.violations.map((v) => ({
    ruleId: v.policyName,
    ruleIndex: ruleIds.indexOf(v.policyName),
    level: v.enforcementLevel === "advisory" ? "warning" : "error",
    message: { text: `${v.message}${v.fix ? ` Fix: ${v.fix}` : ""}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(v.location.file),
          region: region(v.location),
        },
        ...(v.location.path ? { logicalLocations: [{ fullyQualifiedName: v.location.path, kind: "member" }] } : {}),
      },
    ],
    partialFingerprints: fingerprints(v.location, `${v.policyName}:${v.location.path}:${v.resource?.urn ?? ""}:${digest(v.message.replace(/\d+/g, "#"))}`),
    // With --base: whether the base had it (SARIF 2.1.0 §3.27.24 result.baselineState).
    ...(v.onBase !== undefined ? { baselineState: v.onBase ? ("unchanged" as const) : ("new" as const) } : {}),
    properties: { enforcementLevel: v.enforcementLevel, severity: v.severity, ...(v.resource ? { resourceUrn: v.resource.urn, resourceType: v.resource.type } : {}) },
  }));
  // Lifecycle findings first (--base): their own rules, errors when failing.
  const lifecycle = report.lifecycle ?? [];
  const lifecycleRuleIds = [...new Set(lifecycle.map((f) => f.rule))].sort();
  for (const id of lifecycleRuleIds) {
    const rule = Object.values(LIFECYCLE_RULES).find((r) => r.id === id);
    const description = rule?.description ?? id;
    rules.unshift({
      id,
      name: id,
      shortDescription: { text: description },
      fullDescription: { text: description },
      help: { text: description, markdown: markdownText(description) },
      properties: { tags: ["switchyard", "lifecycle"], precision: "very-high" },
    });
  }
  const lifecycleResults: Result[] = lifecycle.map((f) => ({
    ruleId: f.rule,
    level: f.level === "failing" ? "error" : "warning",
    message: { text: `${f.message} Fix: ${f.fix}` },
    locations: [
      {
        physicalLocation: { artifactLocation: artifactLocation(f.location.file), region: region(f.location) },
        logicalLocations: [{ fullyQualifiedName: f.field, kind: "member" }],
      },
    ],
    partialFingerprints: fingerprints(f.location, `${f.rule}:${f.field}:${f.resources.map((r) => r.urn).join(",")}`),
    properties: { level: f.level, resourceUrns: f.resources.map((r) => r.urn) },
  }));
  // Over Cloudflare's API rate: a warning on the workloads, which grow the calls.
  const api = report.cloudflareApiCalls;
  if (api.warning) {
    rules.push({
      id: CLOUDFLARE_API_RULE,
      name: CLOUDFLARE_API_RULE,
      shortDescription: { text: "The Cloudflare API calls of a deploy or refresh stay within Cloudflare's rate limit" },
      fullDescription: { text: `A deploy or refresh that makes more Cloudflare API calls than Cloudflare allows per ${api.windowMinutes} minutes stops part-way` },
      help: { text: api.warning.message, markdown: markdownText(api.warning.message) },
      defaultConfiguration: { level: "warning" },
      properties: { tags: ["switchyard", "scale"] },
    });
    results.push({
      ruleId: CLOUDFLARE_API_RULE,
      level: "warning",
      message: { text: api.warning.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(api.warning.location.file), region: region(api.warning.location) }, logicalLocations: [{ fullyQualifiedName: api.warning.location.path, kind: "member" }] }],
      partialFingerprints: fingerprints(api.warning.location, `${CLOUDFLARE_API_RULE}:${api.warning.location.path}`),
      properties: { firstDeploy: api.firstDeploy, refresh: api.refresh, ...(api.thisChange !== undefined ? { thisChange: api.thisChange } : {}), limit: api.limit },
    });
  }
  // Rule indexes after the lifecycle rules went in front.
  for (const r of results) r.ruleIndex = rules.findIndex((x) => x.id === r.ruleId);
  for (const r of lifecycleResults) r.ruleIndex = rules.findIndex((x) => x.id === r.ruleId);
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "switchyard-plan", version: toolVersion, rules } },
        automationDetails: { id: `switchyard-plan/${report.stack.environment}/` },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The repository root" } } },
        results: [...lifecycleResults, ...results],
        // The policy levels in force and, with --base, what the policy config and the pack's code changed;
        // the Cloudflare API calls of the deploy.
        properties: {
          policyConfig: report.stack.policyConfig,
          policyLevels: report.policyLevels,
          ...(report.policyLevelChanges ? { policyLevelChanges: report.policyLevelChanges } : {}),
          ...(report.policyCodeChanges ? { policyCodeChanges: report.policyCodeChanges } : {}),
          awsCost: awsCostSentence(report.awsCost),
          cloudflareApiCalls: { firstDeploy: api.firstDeploy, refresh: api.refresh, ...(api.thisChange !== undefined ? { thisChange: api.thisChange } : {}), limit: api.limit, windowMinutes: api.windowMinutes },
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
