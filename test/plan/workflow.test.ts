/** examples/github-actions/plan.yml agrees with the CLI: its flags, output names and comment marker. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../../cli/plan";
import { commentMarker } from "../../plan/report-markdown";

const text = readFileSync(join(__dirname, "..", "..", "examples", "github-actions", "plan.yml"), "utf8");
const workflow = parse(text) as { on: { pull_request: unknown }; permissions: Record<string, string>; jobs: { plan: { steps: Array<{ name?: string; run?: string; uses?: string; with?: Record<string, string>; env?: Record<string, string> }> } } };
const steps = workflow.jobs.plan.steps;

describe("the pull-request workflow", () => {
  it("runs the plan on pull requests with --base and --out, and may write comments and SARIF", () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions).toMatchObject({ "pull-requests": "write", "security-events": "write" });
    const run = steps.find((s) => s.run?.includes("switchyard plan"))?.run ?? "";
    expect(run).toMatch(/--base "origin\/\$\{\{ github\.base_ref \}\}"/);
    expect(run).toMatch(/--out "plan-out\//);
  });

  it("finds its own comment by the marker the Markdown starts with", () => {
    const post = steps.find((s) => s.uses?.startsWith("actions/github-script"));
    expect(post?.env?.MARKER?.replace("${{ matrix.stack }}", "prod")).toBe(commentMarker("prod"));
    expect(post?.env?.PLAN_FILE).toMatch(new RegExp(`plan\\.${FORMATS.md.ext}$`));
    expect(post?.with?.script).toContain("updateComment");
  });

  it("uploads the SARIF file the CLI writes", () => {
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"));
    expect(upload?.with?.sarif_file).toMatch(new RegExp(`plan\\.${FORMATS.sarif.ext}$`));
  });
});
