/**
 * examples/github-actions/plan.yml agrees with the CLI and holds up on GitHub: it runs on changes
 * to anything the plan depends on, plans every stack that exists (its listing script is run here),
 * posts and uploads only where the token may write (not for forks), and on failure says what the
 * command said (its failure step is run here on the plan.md the CLI writes).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { FORMATS } from "../../cli/plan";
import { listStacks } from "../../cli/project";
import { commentMarker, renderNotPlanned } from "../../plan/report-markdown";
import { importClosure, PACK_ENTRY } from "../../plan/source-imports";

type Step = { name?: string; id?: string; if?: string; run?: string; uses?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = { needs?: string; if?: string; outputs?: Record<string, string>; permissions?: Record<string, string>; strategy?: { matrix: Record<string, unknown> }; env?: Record<string, string>; steps: Step[] };
const ROOT = join(__dirname, "..", "..");
const text = readFileSync(join(ROOT, "examples", "github-actions", "plan.yml"), "utf8");
const workflow = parse(text) as { on: { pull_request: { paths: string[] } }; permissions: Record<string, string>; jobs: Record<string, Job> };
const plan = workflow.jobs.plan as Job;
const steps = plan.steps;
const step = (match: (s: Step) => boolean) => steps.find(match) as Step;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function bash(script: string, cwd: string, env: Record<string, string> = {}): { stdout: string; status: number | null } {
  const r = spawnSync("bash", ["-e", "-c", script], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { stdout: r.stdout, status: r.status };
}
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "switchyard-workflow-"));
  dirs.push(d);
  return d;
};

describe("the pull-request workflow", () => {
  it("runs the plan on pull requests with --base and --out, and may write comments and SARIF", () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(plan.permissions).toMatchObject({ "pull-requests": "write", "security-events": "write" });
    const run = step((s) => s.run?.includes("switchyard plan") === true).run ?? "";
    expect(run).toContain('--base "origin/$BASE_REF"');
    expect(run).toMatch(/--out "plan-out\//);
  });

  // Was: the filter missed engine/** and vendor/** (policies/rules/tokens-front-door-run-only.ts
  // takes its permission-group id from vendor/cloudflare.ts), so a PR there was never planned.
  it("runs when anything that can change a verdict changes: every folder the CLI, the program and the pack import", () => {
    const commands = readdirSync(join(ROOT, "cli")).filter((f) => f.endsWith(".ts")).map((f) => `cli/${f}`); // cli/main.ts loads them by name
    const files = importClosure(ROOT, ["bin/switchyard.js", "index.ts", PACK_ENTRY, ...commands]);
    const needed = [...new Set(files.map((f) => (f.includes("/") ? `${f.split("/")[0]}/**` : f)))].sort();
    expect(needed).toEqual(expect.arrayContaining(["engine/**", "vendor/**", "policies/**", "plan/**", "stacks/**"]));
    const missing = needed.filter((path) => !workflow.on.pull_request.paths.includes(path));
    expect(missing, "folders the plan imports that the workflow's path filter leaves out").toEqual([]);
    for (const path of ["package.json", "package-lock.json", "Pulumi.yaml"]) expect(workflow.on.pull_request.paths).toContain(path);
  });

  it("pins every action to a commit, with its version in a comment, at majors that run on Node 24 (upload-sarif past v3)", () => {
    const uses = [...text.matchAll(/uses: (\S+)@(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThanOrEqual(5);
    for (const [, action, ref, comment] of uses) {
      expect(ref, action).toMatch(/^[0-9a-f]{40}$/);
      expect(comment?.trim(), action).toMatch(/^# v\d+\.\d+\.\d+$/);
    }
    const major = (name: string) => Number(/# v(\d+)/.exec(uses.find(([, a]) => a === name)?.[3] ?? "")?.[1]);
    expect(major("github/codeql-action/upload-sarif")).toBeGreaterThanOrEqual(4);
    expect(major("actions/checkout")).toBeGreaterThanOrEqual(5); // node24 from v5 (actions/checkout README)
    expect(major("actions/setup-node")).toBeGreaterThanOrEqual(5);
    expect(major("actions/github-script")).toBeGreaterThanOrEqual(8);
    expect(major("actions/upload-artifact")).toBeGreaterThanOrEqual(6);
  });

  it("comes with a CODEOWNERS example that gives the policy pack's code to the security team", () => {
    const owners = readFileSync(join(ROOT, "examples", "github-actions", "CODEOWNERS"), "utf8");
    expect(owners).toMatch(/^\/policies\/\s+@\S*security/m);
    expect(owners).toContain("policies/floor.ts");
  });

  // Was: matrix.stack: [dev, staging, prod], so a stack added later was never planned.
  it("plans every stack file that exists: the listing step's output is the matrix", () => {
    expect(plan.needs).toBe("stacks");
    expect(plan.strategy?.matrix.stack).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
    const list = (workflow.jobs.stacks as Job).steps.find((s) => s.id === "list") as Step;
    expect((workflow.jobs.stacks as Job).outputs?.stacks).toBe("${{ steps.list.outputs.stacks }}");
    const dir = tempDir();
    mkdirSync(join(dir, "stacks"));
    for (const f of ["dev.yaml", "qa.yaml", "prod-eu.yaml", "notes.md"]) writeFileSync(join(dir, "stacks", f), "");
    const output = join(dir, "output");
    writeFileSync(output, "");
    expect(bash(list.run as string, dir, { GITHUB_OUTPUT: output }).status).toBe(0);
    expect(readFileSync(output, "utf8")).toBe('stacks=["dev","prod-eu","qa"]\n');
    writeFileSync(output, "");
    bash(list.run as string, ROOT, { GITHUB_OUTPUT: output });
    expect(JSON.parse(readFileSync(output, "utf8").replace(/^stacks=/, ""))).toEqual(listStacks(ROOT));
  });

  it("finds its own comment by the marker the Markdown starts with", () => {
    const post = step((s) => s.uses?.startsWith("actions/github-script") === true);
    expect(post.env?.MARKER?.replace("${{ matrix.stack }}", "prod")).toBe(commentMarker("prod"));
    expect(post.env?.PLAN_FILE).toMatch(new RegExp(`plan\\.${FORMATS.md.ext}$`));
    expect(post.with?.script).toContain("updateComment");
  });

  it("uploads the SARIF file the CLI writes", () => {
    const upload = step((s) => s.uses?.startsWith("github/codeql-action/upload-sarif") === true);
    expect(upload.with?.sarif_file).toMatch(new RegExp(`plan\\.${FORMATS.sarif.ext}$`));
  });

  // Was: a fork's read-only token made the comment (and the SARIF upload) fail the job.
  it("comments and uploads SARIF only with a token that may write; forks get the job summary", () => {
    expect(plan.env?.SAME_REPO).toBe("${{ github.event.pull_request.head.repo.full_name == github.repository }}");
    for (const s of [step((x) => x.uses?.startsWith("actions/github-script") === true), step((x) => x.uses?.startsWith("github/codeql-action/upload-sarif") === true)]) {
      expect(s.if).toContain("env.SAME_REPO == 'true'");
    }
    const summary = step((s) => s.run?.includes("GITHUB_STEP_SUMMARY") === true);
    expect(summary.if).not.toContain("SAME_REPO");
  });

  // Was: on exit 2 it always said "the stack file is invalid", whatever happened.
  it("on failure says what the command said", () => {
    const fail = step((s) => s.if?.includes("steps.plan.outputs.exit != '0'") === true);
    const run = (exit: string, planMd: string) => {
      const dir = tempDir();
      mkdirSync(join(dir, "plan-out", "prod"), { recursive: true });
      writeFileSync(join(dir, "plan-out", "prod", "plan.md"), planMd);
      return bash(fail.run as string, dir, { STACK: "prod", EXIT: exit });
    };
    const missing = renderNotPlanned("prod", "switchyard plan: no policy config for environment \"prod\": policies/config/prod.json does not exist; copy another environment's, or pass --policy-config FILE\n");
    expect(run("2", missing)).toEqual({ status: 1, stdout: '::error::switchyard plan: no policy config for environment "prod": policies/config/prod.json does not exist; copy another environment\'s, or pass --policy-config FILE\n' });
    const invalid = renderNotPlanned("prod", "stacks/prod.yaml:3:8: owner: expected an e-mail address\nswitchyard plan: stacks/prod.yaml is invalid (1 defect), nothing was planned; fix the defects above and plan again\n");
    expect(run("2", invalid).stdout).toBe("::error::switchyard plan: stacks/prod.yaml is invalid (1 defect), nothing was planned; fix the defects above and plan again\n");
    expect(run("1", "").stdout).toBe("::error::switchyard plan prod: a mandatory policy fails; the report lists the violations and their fixes\n");
  });

  it("runs on a supported Node", () => {
    const engines = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
    const version = String(step((s) => s.uses?.startsWith("actions/setup-node") === true).with?.["node-version"]);
    expect(engines).toContain(`>=${version}`);
  });
});
