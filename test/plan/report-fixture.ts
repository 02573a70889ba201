/**
 * PlanReports built by hand through plan/build-report.ts (no mock engine), so the renderers can
 * be tested alone: a small stack parsed from YAML, with chosen resources and violations.
 */
import { buildReport, type BuildReportInput, type ReportResource, type ReportViolation } from "../../plan/build-report";
import { entryLocator } from "../../plan/locate-entry";
import type { PlanDiff, PlanReport } from "../../plan/report-model";
import { parseStackFile } from "../../stacks/load";
import { allPolicies } from "../../policies/registry";
import { generateStackYaml } from "../../stacks/generate-stack";

export const FIXTURE_TODAY = "2026-11-27";
export const policyInfo = new Map(allPolicies.map((p) => [p.name, { description: p.description, remediationSteps: p.remediationSteps }]));

export function reportFromYaml(
  yaml: string,
  options: { file?: string; resources?: ReportResource[]; violations?: ReportViolation[]; secrets?: string[]; diff?: PlanDiff; base?: BuildReportInput["base"] } = {},
): PlanReport {
  const file = options.file ?? "stacks/test.yaml";
  const loaded = parseStackFile(yaml, file);
  if (!loaded.ok) throw new Error(loaded.defects.map((d) => `${d.line}:${d.col} ${d.path} ${d.message}`).join("\n"));
  return buildReport({
    file,
    spec: loaded.spec,
    locate: entryLocator(yaml, file),
    resources: options.resources ?? [],
    violations: options.violations ?? [],
    policies: policyInfo,
    today: FIXTURE_TODAY,
    policyConfig: "policies/config/prod.json",
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.diff ? { diff: options.diff } : {}),
    ...(options.base ? { base: options.base } : {}),
  });
}

/** Workload and route components as capture names them, with one child each. */
export function componentResources(workloads: string[], stack = "prod"): ReportResource[] {
  const root = `urn:pulumi:${stack}::switchyard::switchyard:index:AiGatewayStack::${stack}`;
  const out: ReportResource[] = [{ urn: root, type: "switchyard:index:AiGatewayStack", name: stack, custom: false }];
  for (const w of workloads) {
    const urn = `urn:pulumi:${stack}::switchyard::switchyard:index:AiGatewayStack$switchyard:index:Workload::${w}`;
    out.push({ urn, type: "switchyard:index:Workload", name: w, custom: false, parent: root });
    out.push({
      urn: `urn:pulumi:${stack}::switchyard::switchyard:index:AiGatewayStack$switchyard:index:Workload$aws:secretsmanager/secret:Secret::${w}-keys`,
      type: "aws:secretsmanager/secret:Secret",
      name: `${w}-keys`,
      custom: true,
      parent: urn,
      options: { protect: true },
    });
  }
  return out;
}

/** A generated stack of `n` workloads with planted violations on the first `violating` workloads (the very first one mandatory). */
export function largeReport(n: number, violationsPerWorkload = 1, violating = n): PlanReport {
  const yaml = generateStackYaml(n);
  const names = Array.from({ length: n }, (_, i) => `app-${String(i).padStart(4, "0")}`);
  const resources = componentResources(names);
  const violations: ReportViolation[] = names.slice(0, violating).flatMap((w) =>
    Array.from({ length: violationsPerWorkload }, (_, j) => ({
      policyName: "switchyard-keys-allowed-ips",
      severity: "medium" as const,
      enforcementLevel: j === 0 && w === names[0] ? ("mandatory" as const) : ("advisory" as const),
      message: `Planted violation ${j} for workload "${w}": see workloads.${w}.`,
      urn: resources.find((r) => r.name === w)?.urn as string,
    })),
  );
  return reportFromYaml(yaml, { file: "stacks/prod.yaml", resources, violations });
}
