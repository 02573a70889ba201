/**
 * `switchyard plan` at scale: generated prod stacks (stacks/generate-stack.ts) of 10 to 5,000
 * workloads, each plan in a fresh process started as `bin/switchyard.js` starts, with Node's
 * default heap. Per size: resources, the plan's wall time (spawn to exit, in the parent), its CPU
 * time and peak RSS (the child's own process.cpuUsage and resourceUsage().maxRSS at the end of its
 * work), the largest value of each vendor-limited size against its limit (measured by the policy
 * that checks them, policies/rules/limits-vendor.ts vendorLimitMeasurements), the Cloudflare API
 * calls of a first deploy and a refresh, and the AWS list-price cost per month when the plan's
 * JSON report carries one (`awsCost`). Sizes are interleaved within each round, the order flipping
 * every round; figures are medians of the rounds with min-max. Then one plan of 10,000 workloads,
 * for whether it completes in the default heap at all.
 *
 * SWITCHYARD_SCALE_SIZES (comma-separated, default 10,100,1000,5000,10000) and
 * SWITCHYARD_SCALE_ROUNDS (default 3) choose what runs; the largest size of the list above 5,000
 * runs once, after the rounds.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PolicyResource } from "@pulumi/policy";
import type { CapturedResource } from "../engine/capture";
import type { CloudflareApiCalls } from "../plan/report-model";
import type { VendorLimitName } from "../vendor/limits";
import { median } from "./stats";

const ROOT = join(__dirname, "..");
const TODAY = "2026-11-27";
const POLICY_CONFIG = join(ROOT, "policies", "config", "prod.json");
/** Sizes above this run once, after the rounds: they are there for whether they complete. */
const ONCE_ABOVE = 5_000;

interface ChildFigures {
  workloads: number;
  resources: number;
  /** Cloud resources: what the clouds and the state hold, components not counted (issue 22's per-workload measure). */
  cloudResources: number;
  cpuMs: number;
  peakRssMb: number;
  cloudflareApiCalls: CloudflareApiCalls;
  /** Dollars per month, when the report carries an AWS cost. */
  awsCostUsd?: number;
  /** The largest measured value of each limit. */
  largest: Partial<Record<VendorLimitName, number>>;
}
type Figures = ChildFigures & { wallMs: number };

/** The policies' view of the captured resources (stack policies read outputs, parents as resources). */
function policyResources(captured: readonly CapturedResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  for (const r of captured) byUrn.set(r.urn, { urn: r.urn, type: r.type, name: r.name, props: r.outputs, dependencies: [], propertyDependencies: {} } as unknown as PolicyResource);
  for (const r of captured) if (r.parent) (byUrn.get(r.urn) as { parent?: PolicyResource }).parent = byUrn.get(r.parent);
  return [...byUrn.values()];
}

/** The report's AWS cost per month (plan/aws-cost.ts, the report field `awsCost`), when there is one. */
function awsCostUsd(report: object): number | undefined {
  const cost = (report as { awsCost?: unknown }).awsCost;
  if (typeof cost === "number") return cost;
  if (cost && typeof cost === "object") {
    for (const key of ["monthlyUsd", "totalMonthlyUsd", "usdPerMonth", "total"]) {
      const value = (cost as Record<string, unknown>)[key];
      if (typeof value === "number") return value;
    }
  }
  return undefined;
}

/** A plan, as `switchyard plan FILE --out DIR` does it; then what it declared, measured. */
async function planChild(file: string, out: string): Promise<ChildFigures> {
  // require, as the CLI loads its modules (bin/bootstrap.js registers tsx for CommonJS only).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runPlan } = require("../plan/run-plan") as typeof import("../plan/run-plan");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FORMATS, renderAll } = require("../cli/plan") as typeof import("../cli/plan");
  const { report, resources } = await runPlan({ file, today: TODAY, policyConfigFile: POLICY_CONFIG });
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(renderAll(report))) writeFileSync(join(out, `plan.${FORMATS[name as keyof typeof FORMATS].ext}`), text);
  const { user, system } = process.cpuUsage();
  const figures = { cpuMs: (user + system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 };

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { limitsVendor, vendorLimitMeasurements } = require("../policies/rules/limits-vendor") as typeof import("../policies/rules/limits-vendor");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readSettings } = require("../policies/support/settings") as typeof import("../policies/support/settings");
  const config = (JSON.parse(readFileSync(POLICY_CONFIG, "utf8")) as Record<string, object>)[limitsVendor.name] ?? {};
  const { workersPlan } = readSettings<{ workersPlan: "free" | "paid" }>(limitsVendor.configSchema, { getConfig: <C extends object>() => config as C });
  const largest: ChildFigures["largest"] = {};
  for (const m of vendorLimitMeasurements(policyResources(resources), workersPlan)) largest[m.limit] = Math.max(largest[m.limit] ?? 0, m.measured);
  const cost = awsCostUsd(report);
  return { workloads: report.summary.workloads, resources: report.summary.resources, cloudResources: resources.filter((r) => r.custom).length, ...figures, cloudflareApiCalls: report.cloudflareApiCalls, ...(cost !== undefined ? { awsCostUsd: cost } : {}), largest };
}

type Outcome = { ok: true; figures: Figures } | { ok: false; wallMs: number; why: string };

function spawnPlan(file: string, out: string): Outcome {
  const start = performance.now();
  // Node's default heap: no --max-old-space-size.
  const r = spawnSync(process.execPath, ["-r", join(ROOT, "bin", "bootstrap.js"), __filename, "--plan", file, out], { encoding: "utf8", maxBuffer: 64 << 20 });
  const wallMs = performance.now() - start;
  if (r.status !== 0) {
    const heap = /heap out of memory/i.test(r.stderr) ? "out of memory (default heap)" : `exit ${r.status ?? r.signal}`;
    return { ok: false, wallMs, why: `${heap}: ${r.stderr.trim().split("\n").slice(-1)[0] ?? ""}` };
  }
  return { ok: true, figures: { ...(JSON.parse(r.stdout.trim().split("\n").pop() as string) as ChildFigures), wallMs } };
}

const n = (value: number) => Math.round(value).toLocaleString("en-US");
const s = (ms: number) => (ms / 1000).toFixed(ms >= 100_000 ? 0 : 1);
const spread = (values: number[], format: (v: number) => string) => (values.length === 1 ? format(values[0] as number) : `${format(median(values))} (${format(Math.min(...values))}-${format(Math.max(...values))})`);

async function parent(): Promise<void> {
  const { generateStackYaml } = await import("../stacks/generate-stack");
  const { VENDOR_LIMITS, limitText } = await import("../vendor/limits");
  const sizes = (process.env.SWITCHYARD_SCALE_SIZES ?? "10,100,1000,5000,10000").split(",").map(Number);
  const rounds = Number(process.env.SWITCHYARD_SCALE_ROUNDS ?? 3);
  const dir = mkdtempSync(join(tmpdir(), "switchyard-scale-bench-"));
  const runs = new Map<number, Outcome[]>(sizes.map((size) => [size, []]));
  try {
    const files = new Map(
      sizes.map((size) => {
        const file = join(dir, `generated-${size}.yaml`);
        writeFileSync(file, generateStackYaml(size));
        return [size, file] as const;
      }),
    );
    // One unmeasured run fills what is kept on disk (V8's code cache, node_modules/.cache/switchyard), as for a user's second run.
    spawnPlan(files.get(Math.min(...sizes)) as string, join(dir, "out-warm-up"));
    const rounded = sizes.filter((size) => size <= ONCE_ABOVE);
    for (let round = 0; round < rounds; round++) {
      for (const size of round % 2 === 0 ? rounded : [...rounded].reverse()) {
        process.stderr.write(`scale: round ${round + 1}, ${size} workloads\n`);
        runs.get(size)?.push(spawnPlan(files.get(size) as string, join(dir, `out-${size}-${round}`)));
      }
    }
    for (const size of sizes.filter((size) => size > ONCE_ABOVE)) {
      process.stderr.write(`scale: ${size} workloads, once\n`);
      runs.get(size)?.push(spawnPlan(files.get(size) as string, join(dir, `out-${size}`)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const done = (size: number) => (runs.get(size) ?? []).flatMap((o) => (o.ok ? [o.figures] : []));
  const failed = (size: number) => (runs.get(size) ?? []).flatMap((o) => (o.ok ? [] : [o]));
  const withCost = sizes.some((size) => done(size).some((f) => f.awsCostUsd !== undefined));
  const rows = sizes.map((size) => {
    const f = done(size);
    const first = f[0];
    if (!first) return `| ${n(size)} | did not complete: ${failed(size)[0]?.why ?? "not run"} |${" |".repeat(withCost ? 9 : 8)}`;
    const of = (k: "wallMs" | "cpuMs" | "peakRssMb") => f.map((x) => x[k]);
    const cost = withCost ? ` ${first.awsCostUsd !== undefined ? `$${n(first.awsCostUsd)}` : "-"} |` : "";
    return `| ${n(size)} | ${n(first.resources)} | ${n(first.cloudResources)} | ${(first.cloudResources / size).toFixed(2)} | ${f.length}${failed(size).length ? ` (${failed(size).length} failed)` : ""} | ${spread(of("wallMs"), s)} | ${spread(of("cpuMs"), s)} | ${spread(of("peakRssMb"), n)} | ${n(first.cloudflareApiCalls.firstDeploy)} | ${n(first.cloudflareApiCalls.refresh)} |${cost}`;
  });

  // Each vendor-limited size: the largest measured value at each size, against its limit.
  const measuredSizes = sizes.filter((size) => done(size).length);
  const limitNames = [...new Set(measuredSizes.flatMap((size) => Object.keys(done(size)[0]?.largest ?? {})))].sort() as VendorLimitName[];
  const limitRows = limitNames.map((name) => {
    const limit = VENDOR_LIMITS[name];
    const cells = measuredSizes.map((size) => {
      const value = done(size)[0]?.largest[name];
      return value === undefined ? "-" : `${n(value)} (${Math.round((100 * value) / limit.figure)}%)${value > limit.figure ? " **over**" : ""}`;
    });
    return `| \`${name}\` | ${limitText(limit)} | ${cells.join(" | ")} |`;
  });

  const notes: string[] = [];
  const cpu = (size: number) => median(done(size).map((f) => f.cpuMs));
  if (done(1_000).length && done(5_000).length) {
    const ratio = cpu(5_000) / cpu(1_000);
    notes.push(`- CPU time, 5,000 workloads against 1,000: ${ratio.toFixed(2)}x; the aim is at most 5.5x (${ratio <= 5.5 ? "met" : "not met"}).`);
  }
  if (done(5_000).length) {
    const wall = median(done(5_000).map((f) => f.wallMs));
    const rss = median(done(5_000).map((f) => f.peakRssMb));
    notes.push(`- 5,000 workloads: plan wall ${s(wall)} s and peak RSS ${n(rss)} MB; the aim is at most 60 s and 3 GB (${wall <= 60_000 && rss <= 3 * 1024 ? "met" : "not met"}).`);
  }
  for (const size of sizes.filter((size) => size > ONCE_ABOVE)) {
    notes.push(`- ${n(size)} workloads in Node's default heap: ${done(size).length ? "completed" : `did not complete (${failed(size)[0]?.why ?? "not run"})`}.`);
  }
  if (!withCost) notes.push("- AWS cost: the plan's JSON report carries no `awsCost` in this checkout, so the column is left out.");

  console.log(
    [
      "## Scale (`switchyard plan` at 10 to 10,000 workloads)",
      "",
      "Generated prod stacks (stacks/generate-stack.ts, the gateway, hybrid and direct paths mixed), each plan in a fresh",
      "process started as bin/switchyard.js starts, in Node's default heap, with policies/config/prod.json and all four",
      "formats written. Wall: spawn to exit; CPU (user and system, all threads) and peak RSS: the child's own, at the end",
      `of its work. Sizes up to ${n(ONCE_ABOVE)} interleave in each round (the order flipping every round); medians of the rounds,`,
      "min-max in brackets; larger sizes run once. Cloudflare API calls: plan/cloudflare-api-calls.ts (Cloudflare allows",
      "1,200 per 5 minutes).",
      "",
      `| workloads | resources (components included) | cloud resources | cloud resources per workload | rounds | plan wall, s | CPU, s | peak RSS, MB | Cloudflare API calls, first deploy | Cloudflare API calls, refresh |${withCost ? " AWS cost per month (list price) |" : ""}`,
      `|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${withCost ? "---:|" : ""}`,
      ...rows,
      "",
      ...notes,
      "",
      "The largest of each vendor-limited size the policy switchyard-limits-vendor measures (vendor/limits.ts), per",
      "number of workloads, with its share of the limit:",
      "",
      `| limit | figure | ${measuredSizes.map((size) => `${n(size)} workloads`).join(" | ")} |`,
      `|---|---:|${measuredSizes.map(() => "---:|").join("")}`,
      ...limitRows,
    ].join("\n"),
  );
}

const [mode, file, out] = process.argv.slice(2);
if (mode === "--plan") void planChild(file as string, out as string).then((f) => console.log(JSON.stringify(f)));
else void parent();
