/**
 * What `validate` accepts, `plan` does not refuse as invalid. Generated stack files
 * (test/support/stack-arbitrary.ts) that the loader accepts go through the plan's capture of the
 * real program under the mock engine (engine/capture.ts), and a few through the whole plan
 * (runPlan: capture, the policy pack under @pulumi/policy's analyzer, the report). A component
 * guard stricter than the loader, a limit the program checks and the loader misses, or a policy
 * that throws on valid input fails here, with the file printed.
 *
 * Run counts: a capture costs about 0.1 s warm and up to a second when the 2-core machine is
 * shared, a whole plan a few times that, so 30 captures and 3 plans stay well under a minute
 * (measured inside npm test: 2.6 s and 0.7 s). Fixed seeds, so a failure reproduces; it ends at
 * the first failure (shrinking would capture hundreds of stacks) and prints that stack file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { captureStack } from "../../engine/capture";
import { runPlan } from "../../plan/run-plan";
import { AWS_BUDGET_LIMITS } from "../../stacks/aws-budget";
import { formatDefect, parseStackFile } from "../../stacks/load";
import { generateStackFile, LONGEST_ENVIRONMENT } from "../support/stack-arbitrary";
import { FIXTURE_TODAY } from "./report-fixture";

const CAPTURE_RUNS = 30;
const PLAN_RUNS = 3;
const NOW = new Date(`${FIXTURE_TODAY}T00:00:00Z`);
const POLICY_CONFIG = join(__dirname, "..", "..", "policies", "config", "dev.json");
const dir = mkdtempSync(join(tmpdir(), "switchyard-validate-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A generated stack file the loader accepts, as its YAML text (drawn again when it refuses one). */
const acceptedStack = fc
  .gen()
  .map((g) => stringify(generateStackFile(g), { lineWidth: 0 }))
  .filter((text) => parseStackFile(text, "generated.yaml").ok);

function specOf(text: string) {
  const loaded = parseStackFile(text, "generated.yaml");
  if (!loaded.ok) throw new Error(loaded.defects.map(formatDefect).join("\n"));
  return loaded.spec;
}

describe("validate accepts, plan does not refuse", () => {
  it("the generator reaches the edges: the longest environment, every path, canaries, eight fallbacks, active rollbacks", () => {
    const texts = fc.sample(acceptedStack, { seed: 20261127, numRuns: 200 });
    const specs = texts.map(specOf);
    const routes = specs.flatMap((s) => Object.values(s.routes));
    expect(specs.some((s) => s.environment === LONGEST_ENVIRONMENT)).toBe(true);
    expect(new Set(specs.flatMap((s) => Object.values(s.workloads).map((w) => w.path)))).toEqual(new Set(["gateway", "direct", "hybrid"]));
    expect(routes.some((r) => r.canary)).toBe(true);
    expect(routes.some((r) => r.fallbacks.length === 8)).toBe(true);
    expect(routes.some((r) => r.active === "rollback")).toBe(true);
    expect(specs.some((s) => s.gateway.frontDoor) && specs.some((s) => !s.usageLedger.enabled)).toBe(true);
  });

  it(`the program builds every accepted stack under the mock engine (${CAPTURE_RUNS} runs)`, { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(acceptedStack, async (text) => {
        const { resources } = await captureStack(specOf(text), { now: NOW });
        // The one cloud limit on names the loader checks for what the program names itself.
        for (const budget of resources.filter((r) => r.type === "aws:budgets/budget:Budget")) expect(String(budget.inputs.name).length).toBeLessThanOrEqual(AWS_BUDGET_LIMITS.nameLength);
      }),
      { seed: 1127, numRuns: CAPTURE_RUNS, endOnFailure: true },
    );
  });

  it(`the whole plan runs on accepted stacks (${PLAN_RUNS} runs)`, { timeout: 120_000 }, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(acceptedStack, async (text) => {
        const file = join(dir, `stack-${n++}.yaml`);
        writeFileSync(file, text);
        const { report } = await runPlan({ file, today: FIXTURE_TODAY, policyConfigFile: POLICY_CONFIG });
        expect(report.stack.environment).toBe(specOf(text).environment);
      }),
      { seed: 27, numRuns: PLAN_RUNS, endOnFailure: true },
    );
  });
});
