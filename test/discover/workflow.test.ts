/**
 * examples/github-actions/discover.yml agrees with the CLI: its discover step is a command line
 * discover accepts, run from a workspace laid out as the workflow lays it out (the application in
 * a folder named after its workload, the gateway project beside it), and its exit code decides the
 * job as the CLI documents (1: failing findings, 2: bad input).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
type Step = { name?: string; id?: string; if?: string; run?: string; uses?: string; with?: Record<string, string>; env?: Record<string, string> };
const workflow = parse(readFileSync(join(ROOT, "examples", "github-actions", "discover.yml"), "utf8")) as { env: Record<string, string>; jobs: { discover: { steps: Step[] } } };
const steps = workflow.jobs.discover.steps;
const discoverStep = steps.find((s) => s.id === "discover")!;

/** The workspace as the workflow lays it out: the application as $WORKLOAD, the gateway project as gateway/. */
function workspace(app: string, workload: string): string {
  const dir = mkdtempSync(join(tmpdir(), "discover-workflow-"));
  cpSync(app, join(dir, workload), { recursive: true });
  mkdirSync(join(dir, "gateway"));
  for (const entry of ["bin", "cli", "discover", "plan", "stacks", "runtime", "package.json", "node_modules", "policies", "vendor"]) symlinkSync(join(ROOT, entry), join(dir, "gateway", entry));
  return dir;
}

function runStep(dir: string, workload: string, stack: string) {
  const summary = join(dir, "summary.md");
  const output = join(dir, "output.txt");
  const r = spawnSync("bash", ["-c", discoverStep.run!], { cwd: dir, encoding: "utf8", env: { ...process.env, WORKLOAD: workload, STACK: stack, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary } });
  return { status: r.status, output: readFileSync(output, "utf8"), summary: readFileSync(summary, { encoding: "utf8", flag: "a+" }) };
}

describe("examples/github-actions/discover.yml", () => {
  it("checks out the application into a folder named after its workload, and the gateway project beside it", () => {
    expect(steps[0].with).toEqual({ path: "${{ env.WORKLOAD }}" });
    expect(steps[1].with).toMatchObject({ repository: "${{ env.GATEWAY_REPOSITORY }}", path: "gateway" });
    expect(steps.at(-1)!.if).toBe("${{ steps.discover.outputs.exit != '0' }}");
  });

  it("a bypassing service: the step records exit 1 and the report goes to the job summary", () => {
    const dir = workspace(join(ROOT, "examples", "apps", "support-summarizer"), "support-summarizer");
    const r = runStep(dir, "support-summarizer", "dev");
    expect(r.status).toBe(0);
    expect(r.output).toBe("exit=1\n");
    expect(r.summary).toContain("`gateway-bypass`");
  }, 60_000);

  it("a service on the gateway: exit 0", () => {
    const dir = workspace(join(ROOT, "examples", "apps", "checkout-assistant"), "checkout-assistant");
    expect(runStep(dir, "checkout-assistant", "dev").output).toBe("exit=0\n");
  }, 60_000);
});
