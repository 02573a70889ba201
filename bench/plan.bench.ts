/**
 * `switchyard plan` on generated stacks of 10, 100 and 1,000 workloads: plan time (load, mock
 * engine capture, policies, report model, all four renderers), peak memory, and the share spent
 * outside the mock engine. Each run is a fresh child process (`--child FILE`), so the peak RSS is
 * that one run's and no run warms the next; figures are medians of the runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, ms } from "./stats";

interface RunFigures {
  resources: number;
  planMs: number;
  captureMs: number;
  policiesMs: number;
  renderMs: number;
  peakRssMb: number;
  wallMs: number;
}

async function child(file: string): Promise<void> {
  const { runPlan } = await import("../plan/run-plan");
  const { renderAll } = await import("../cli/plan");
  const start = performance.now();
  const { report, timings } = await runPlan({ file, today: "2026-11-27", policyConfigFile: join(__dirname, "..", "policies", "config", "prod.json") });
  const renderStart = performance.now();
  renderAll(report);
  const end = performance.now();
  const figures: Omit<RunFigures, "wallMs"> = {
    resources: report.summary.resources,
    planMs: end - start,
    captureMs: timings.captureMs,
    policiesMs: timings.policiesMs,
    renderMs: end - renderStart,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function runOnce(file: string): RunFigures {
  const start = performance.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", __filename, "--child", file], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`plan bench child failed: ${r.stderr}`);
  const line = r.stdout.trim().split("\n").pop() as string;
  return { ...(JSON.parse(line) as Omit<RunFigures, "wallMs">), wallMs: performance.now() - start };
}

async function parent(): Promise<void> {
  const { generateStackYaml } = await import("../stacks/generate-stack");
  const dir = mkdtempSync(join(tmpdir(), "switchyard-plan-bench-"));
  const rows: Array<{ workloads: number; runs: number } & RunFigures> = [];
  try {
    for (const [workloads, runs] of [
      [10, 5],
      [100, 5],
      [1000, 3],
    ] as const) {
      const file = join(dir, `generated-${workloads}.yaml`);
      writeFileSync(file, generateStackYaml(workloads));
      const all = Array.from({ length: runs }, () => runOnce(file));
      const m = (k: keyof RunFigures) => median(all.map((f) => f[k]));
      rows.push({ workloads, runs, resources: all[0]?.resources ?? 0, planMs: m("planMs"), captureMs: m("captureMs"), policiesMs: m("policiesMs"), renderMs: m("renderMs"), peakRssMb: m("peakRssMb"), wallMs: m("wallMs") });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const first = rows[0] as (typeof rows)[number];
  const last = rows[rows.length - 1] as (typeof rows)[number];
  const hundred = rows.find((r) => r.workloads === 100) as (typeof rows)[number];
  const perResource = (r: (typeof rows)[number]) => r.planMs / r.resources;
  const lines = [
    "## Offline plan (`switchyard plan`)",
    "",
    "Generated prod stacks (stacks/generate-stack.ts), each run in a fresh process: load, the real",
    "program under the mock engine (capture), the policies with policies/config/prod.json, the report",
    "model and all four formats. Plan time is measured inside the process (module loading excluded);",
    "process wall time includes Node start-up and loading Pulumi's SDK. Medians of the runs.",
    "",
    "| workloads | resources | runs | plan, ms | capture (mock engine), ms | policies, ms | renderers, ms | outside the mock engine | peak RSS, MB | process wall, ms | plan per resource, ms |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.workloads} | ${r.resources} | ${r.runs} | ${ms(r.planMs)} | ${ms(r.captureMs)} | ${ms(r.policiesMs)} | ${ms(r.renderMs)} | ${(((r.planMs - r.captureMs) / r.planMs) * 100).toFixed(1)}% | ${r.peakRssMb.toFixed(0)} | ${ms(r.wallMs)} | ${perResource(r).toFixed(2)} |`,
    ),
    "",
    `- 100 workloads: ${(hundred.planMs / 1000).toFixed(1)} s of plan (${(hundred.wallMs / 1000).toFixed(1)} s of process wall time) against the aim of 10 s.`,
    `- Growth: ${(last.resources / first.resources).toFixed(1)}x the resources (${first.workloads} -> ${last.workloads} workloads) took ${(last.planMs / first.planMs).toFixed(1)}x the plan time; time per resource went from ${perResource(first).toFixed(2)} to ${perResource(last).toFixed(2)} ms (${perResource(last) <= perResource(first) ? "no faster than linear" : "faster than linear"}).`,
  ];
  console.log(lines.join("\n"));
}

if (process.argv[2] === "--child") void child(process.argv[3] as string);
else void parent();
