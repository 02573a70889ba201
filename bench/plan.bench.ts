/**
 * `switchyard plan` on generated prod stacks of 10, 100 and 1,000 workloads, against an honest
 * baseline measured in the same run: "bare", the same number of plain custom resources with small
 * inputs registered under Pulumi's `setMocks` in a fresh process (no components, no program logic,
 * no policies). The plan is the CLI's work: load, the real program under the mock engine, the pack
 * through @pulumi/policy's analyzer, the report model, all four formats written to a directory.
 *
 * Every run is a fresh process started the way `bin/switchyard.js` starts (bin/bootstrap.js), so
 * each figure includes module loading and no run warms the next, beyond what is kept on disk for
 * every run of the same code, which both sides share and a user's second run has too: V8's code
 * cache and the compiled TypeScript, bundles and pack-config validator (node_modules/.cache/
 * switchyard). One unmeasured run of each side fills them first, so that a changed checkout does
 * not make the first round's figures. Bare and plan alternate within each round, the order
 * flipping every round. "In process" is the child's own clock at the end of its work (Node's
 * performance.now(), from process start); "wall" is spawn to exit, in the parent. Figures are
 * medians of the rounds, with min-max.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, ms } from "./stats";

interface ChildFigures {
  inProcessMs: number;
  /** CPU time (user + system) of the child's own threads up to the same moment. */
  cpuMs: number;
  peakRssMb: number;
  resources: number;
  captureMs?: number;
  policiesMs?: number;
}
type Figures = ChildFigures & { wallMs: number };

const ROOT = join(__dirname, "..");
const TODAY = "2026-11-27";

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A plan, as `switchyard plan FILE --out DIR` does it. */
async function planChild(file: string, out: string): Promise<ChildFigures> {
  // require, as the CLI loads its modules (bin/bootstrap.js registers tsx for CommonJS only).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runPlan } = require("../plan/run-plan") as typeof import("../plan/run-plan");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FORMATS, renderAll } = require("../cli/plan") as typeof import("../cli/plan");
  const { report, timings, source } = await runPlan({ file, today: TODAY, policyConfigFile: join(ROOT, "policies", "config", "prod.json") });
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(renderAll(report, { stackSource: source }))) writeFileSync(join(out, `plan.${FORMATS[name as keyof typeof FORMATS].ext}`), text);
  return { inProcessMs: performance.now(), cpuMs: cpuMs(), peakRssMb: process.resourceUsage().maxRSS / 1024, resources: report.summary.resources, captureMs: timings.captureMs, policiesMs: timings.policiesMs };
}

/** The baseline: `count` plain custom resources with small inputs under setMocks. */
async function bareChild(count: number): Promise<ChildFigures> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "bare", "bench", false);
  class Thing extends pulumi.CustomResource {
    constructor(name: string, props: Record<string, unknown>) {
      super("bench:index:Thing", name, props);
    }
  }
  const made = Array.from({ length: count }, (_, i) => new Thing(`thing-${i}`, { name: `thing-${i}`, size: i }));
  await Promise.all(made.map((r) => new Promise((ok) => r.urn.apply(ok))));
  await settings.waitForRPCs();
  return { inProcessMs: performance.now(), cpuMs: cpuMs(), peakRssMb: process.resourceUsage().maxRSS / 1024, resources: count };
}

function spawnChild(args: string[]): Figures {
  const start = performance.now();
  const r = spawnSync(process.execPath, ["-r", join(ROOT, "bin", "bootstrap.js"), __filename, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`plan bench child ${args.join(" ")} failed: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout.trim().split("\n").pop() as string) as ChildFigures), wallMs };
}

const spread = (values: number[]) => `${ms(median(values))} (${ms(Math.min(...values))}-${ms(Math.max(...values))})`;
const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(2)}x`;

async function parent(): Promise<void> {
  const { generateStackYaml } = await import("../stacks/generate-stack");
  const dir = mkdtempSync(join(tmpdir(), "switchyard-plan-bench-"));
  const rows: string[] = [];
  const notes: string[] = [];
  try {
    const warmUp = join(dir, "warm-up.yaml");
    writeFileSync(warmUp, generateStackYaml(10));
    const warmed = spawnChild(["--plan", warmUp, join(dir, "out-warm-up")]);
    spawnChild(["--bare", String(warmed.resources)]);
    for (const [workloads, rounds] of [
      [10, 3],
      [100, 7],
      [1000, 5],
    ] as const) {
      const file = join(dir, `generated-${workloads}.yaml`);
      writeFileSync(file, generateStackYaml(workloads));
      const plans: Figures[] = [];
      const bares: Figures[] = [];
      let resources = 0;
      for (let round = 0; round < rounds; round++) {
        const runPlanOnce = () => plans.push(spawnChild(["--plan", file, join(dir, `out-${workloads}-${round}`)]));
        // The bare run registers as many resources as the plan's program: known after the first plan.
        if (resources === 0) {
          runPlanOnce();
          resources = (plans[0] as Figures).resources;
          bares.push(spawnChild(["--bare", String(resources)]));
        } else if (round % 2 === 0) {
          runPlanOnce();
          bares.push(spawnChild(["--bare", String(resources)]));
        } else {
          bares.push(spawnChild(["--bare", String(resources)]));
          runPlanOnce();
        }
      }
      const p = (k: keyof Figures) => plans.map((f) => f[k] as number);
      const b = (k: keyof Figures) => bares.map((f) => f[k] as number);
      rows.push(
        `| ${workloads} | ${resources} | ${rounds} | ${spread(b("inProcessMs"))} | ${spread(p("inProcessMs"))} | **${ratio(p("inProcessMs"), b("inProcessMs"))}** | ${spread(b("wallMs"))} | ${spread(p("wallMs"))} | **${ratio(p("wallMs"), b("wallMs"))}** | ${ms(median(p("captureMs")))} | ${ms(median(p("policiesMs")))} | ${median(b("peakRssMb")).toFixed(0)} / ${median(p("peakRssMb")).toFixed(0)} |`,
      );
      if (workloads >= 100) {
        const inProcess = median(p("inProcessMs")) / median(b("inProcessMs"));
        const wall = median(p("wallMs")) / median(b("wallMs"));
        const cpu = median(p("cpuMs")) / median(b("cpuMs"));
        notes.push(
          `- ${workloads} workloads: plan ${inProcess.toFixed(2)}x bare in process and ${wall.toFixed(2)}x bare in process wall time; the aim is at most 1.5x for both (${inProcess <= 1.5 && wall <= 1.5 ? "met" : "not met"}). CPU time (user and system, all the child's threads; time spent waiting for a core of the shared machine does not count): plan ${ms(median(p("cpuMs")))} ms, bare ${ms(median(b("cpuMs")))} ms, ${cpu.toFixed(2)}x.`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    [
      "## Offline plan (`switchyard plan`)",
      "",
      "Generated prod stacks (stacks/generate-stack.ts). **Plan**: the CLI's work in a fresh process started as",
      "bin/switchyard.js starts (load, the real program under the mock engine, the pack through @pulumi/policy's",
      "analyzer with policies/config/prod.json, the report model, all four formats written). **Bare**: the same",
      "number of plain custom resources with small inputs under `setMocks` in a fresh process started the same",
      "way: no components, no program logic, no policies. Bare and plan alternate within each round. In process:",
      "the child's clock at the end of its work (from process start, module loading included); wall: spawn to",
      "exit. Medians of the rounds, min-max in brackets; capture and policies are the plan's own split. What is",
      "kept on disk for every run of the same code (V8's code cache, node_modules/.cache/switchyard) is warm, as",
      "for a user's second run: one unmeasured run of each side fills it first.",
      "",
      "| workloads | resources | rounds | bare in process, ms | plan in process, ms | plan / bare | bare wall, ms | plan wall, ms | plan / bare | capture, ms | policies (analyzer), ms | peak RSS bare / plan, MB |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...rows,
      "",
      ...notes,
    ].join("\n"),
  );
}

const [mode, arg, out] = process.argv.slice(2);
if (mode === "--plan") void planChild(arg as string, out as string).then((f) => console.log(JSON.stringify(f)));
else if (mode === "--bare") void bareChild(Number(arg)).then((f) => console.log(JSON.stringify(f)));
else void parent();
