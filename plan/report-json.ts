/** `--format json`: the PlanReport as is (shape and version: docs/plan.md, plan/report-model.ts). */
import type { PlanReport } from "./report-model";

export function renderJson(report: PlanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
