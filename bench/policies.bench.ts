/**
 * Policy evaluation on generated stacks of 100 and 1,000 workloads: the stack file through the
 * real program under the mock engine (captured once, not timed here), then every policy with the
 * prod config through @pulumi/policy's analyzer (engine/analyze.ts), as the offline plan judges
 * them. Median of repeated runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runPolicies } from "../engine/analyze";
import { captureStack } from "../engine/capture";
import { generateStackYaml } from "../stacks/generate-stack";
import { parseStackFile } from "../stacks/load";
import type { StackSpec } from "../stacks/schema";
import { median, ms } from "./stats";

/** The generated stacks' dates are fixed: judge them as of this day. */
process.env.SWITCHYARD_TODAY = "2026-11-27";
const capture = async (spec: StackSpec) => (await captureStack(spec, { now: new Date("2026-11-27T00:00:00Z") })).resources;

async function timeAsync(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

(async () => {
  const config = JSON.parse(readFileSync(join(__dirname, "..", "policies", "config", "prod.json"), "utf8")) as Record<string, unknown>;
  const rows = [];
  for (const workloads of [100, 1000]) {
    const parsed = parseStackFile(generateStackYaml(workloads), `generated-${workloads}.yaml`);
    if (!parsed.ok) throw new Error(`generated stack of ${workloads} workloads is invalid`);
    const captureStart = process.hrtime.bigint();
    const resources = await capture(parsed.spec as StackSpec);
    const captureMs = Number(process.hrtime.bigint() - captureStart) / 1e6;
    let violations = 0;
    const times = await timeAsync(workloads >= 1000 ? 7 : 15, async () => {
      violations = (await runPolicies(resources, { config })).length;
    });
    const total = median(times);
    rows.push({ workloads, resources: resources.length, captureMs, total, perResource: (total * 1000) / resources.length, violations });
  }
  const [small, large] = rows;
  console.log(
    [
      "## Policy evaluation",
      "",
      "Generated stacks (stacks/generate-stack.ts) through the real program under the mock engine",
      "(engine/capture.ts, one run, shown for scale), then all policies with policies/config/prod.json through",
      "@pulumi/policy's analyzer (engine/analyze.ts: Analyze per resource, AnalyzeStack once).",
      "",
      "| workloads | resources | capture, ms (one run) | policies, median ms | per resource, µs | violations |",
      "|---:|---:|---:|---:|---:|---:|",
      ...rows.map((r) => `| ${r.workloads} | ${r.resources} | ${ms(r.captureMs)} | ${ms(r.total)} | ${r.perResource.toFixed(1)} | ${r.violations} |`),
      "",
      `Per-resource cost at 1,000 workloads vs 100: ${(large.perResource / small.perResource).toFixed(2)}×.`,
    ].join("\n"),
  );
})();
