/**
 * `switchyard init <env>`: a new environment in one step, in a temp copy of the project: its
 * stack file (a copy of one of the same kind, renamed) and policy config, so that validate and
 * plan take it at once.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyStack, defaultSource } from "../../cli/init";
import { runPlan } from "../../plan/run-plan";
import { parseStackFile } from "../../stacks/load";
import { FIXTURE_TODAY } from "../plan/report-fixture";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "switchyard.js");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A project with the example stacks and policy configs. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-init-"));
  dirs.push(dir);
  copyFileSync(join(ROOT, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  cpSync(join(ROOT, "stacks"), join(dir, "stacks"), { recursive: true, filter: (f) => !f.endsWith(".ts") });
  cpSync(join(ROOT, "policies", "config"), join(dir, "policies", "config"), { recursive: true });
  return dir;
}

const bin = (argv: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe("switchyard init", () => {
  it("qa: a copy of dev with the environment renamed in every value that carries it, dev's policy config; validate --all and plan take it", { timeout: 120_000 }, async () => {
    const dir = project();
    const r = bin(["init", "qa"], join(dir, "stacks"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^created qa\.yaml from dev\.yaml: environment qa, gateway\.id acme-qa, gateway\.frontDoor\.hostname ai\.qa\.acme\.example, /);
    const text = readFileSync(join(dir, "stacks", "qa.yaml"), "utf8");
    const dev = readFileSync(join(dir, "stacks", "dev.yaml"), "utf8");
    // Was (issue 23, item 3): only environment, gateway.id and the hostname changed; dev's reader
    // roles, secret ARN, provider account and key names were kept. Now every "dev" part is "qa";
    // comments, layout and everything else are dev's.
    const [before, after] = [dev.split("\n"), text.split("\n")];
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line, after[i]]]));
    expect(changed).toHaveLength(16);
    for (const [old, now] of changed) expect(now).toBe(old?.replaceAll("dev", "qa"));
    expect(text).not.toMatch(/role\/[\w-]*-dev\b|secret:dev\/|org-acme-dev|name: [\w-]+-dev\b/);
    // What has no "dev" in it to rename, of what must be the environment's own, is listed.
    expect(r.stdout).toContain(`still dev's (no "dev" in them to rename; give qa its own, validate --all warns or refuses while they are shared): providerKeys.bedrock-research.providerAccount.id 123456789012\n`);
    expect(readFileSync(join(dir, "policies", "config", "qa.json"), "utf8")).toBe(readFileSync(join(dir, "policies", "config", "dev.json"), "utf8"));
    const validated = bin(["validate", "--all"], dir);
    expect(validated.code).toBe(0);
    expect(validated.stdout.endsWith("\n4 stack files valid: stacks/dev.yaml, stacks/prod.yaml, stacks/qa.yaml, stacks/staging.yaml\nvalidate checks the stack file alone; the policies (budgets, alert channels, key expiry and the rest) are judged by `switchyard plan <stack>`\n")).toBe(true);
    // The one value left shared is said, not hidden.
    expect(validated.stdout).toContain('warning: aws-bedrock account "123456789012" is also used by dev (stacks/dev.yaml), qa (stacks/qa.yaml)');
    // Was the issue: a new stack validated but plan said "no policy config for environment qa".
    const { report } = await runPlan({ file: join(dir, "stacks", "qa.yaml"), policyConfigDir: join(dir, "policies", "config"), today: FIXTURE_TODAY });
    expect(report.stack).toMatchObject({ environment: "qa", gatewayId: "acme-qa" });
  });

  it("prod-eu copies the production stack and says it needs an account of its own", () => {
    const dir = project();
    const r = bin(["init", "prod-eu"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("created stacks/prod-eu.yaml from stacks/prod.yaml: environment prod-eu, gateway.id acme-prod-eu");
    expect(r.stdout).toContain("a production environment needs a Cloudflare account of its own");
    expect(readFileSync(join(dir, "policies", "config", "prod-eu.json"), "utf8")).toBe(readFileSync(join(dir, "policies", "config", "prod.json"), "utf8"));
  });

  it("refuses an existing environment, a bad name or a copy that would be invalid, and writes nothing", () => {
    const dir = project();
    expect(bin(["init", "staging"], dir)).toEqual({ code: 2, stdout: "", stderr: "switchyard init: stacks/staging.yaml exists already; edit it, or choose another name\n" });
    const slug = "use a lowercase slug: a letter, then up to 31 of a-z, 0-9, -";
    expect(bin(["init", "QA"], dir)).toEqual({ code: 2, stdout: "", stderr: `switchyard init: "QA" is not an environment name; ${slug}\n` });
    // The stack file's own limit: 33 characters is one too many.
    const long = `e${"x".repeat(32)}`;
    expect(bin(["init", long], dir)).toEqual({ code: 2, stdout: "", stderr: `switchyard init: "${long}" is not an environment name; ${slug}\n` });
    // A source whose gateway id does not name its environment gets "-<env>" appended: past 64 characters here.
    writeFileSync(join(dir, "stacks", "wide.yaml"), readFileSync(join(dir, "stacks", "dev.yaml"), "utf8").replace("id: acme-dev", `id: ${"g".repeat(62)}`));
    const r = bin(["init", "qa", "--from", "wide"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: gateway\.id: expected a Cloudflare AI Gateway id/);
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe("switchyard init: the copy of stacks/wide.yaml for qa would be invalid, so nothing was written; fix the defects above in the source, or copy another stack (--from STACK)");
    for (const env of [long, "qa"]) {
      expect(existsSync(join(dir, "stacks", `${env}.yaml`))).toBe(false);
      expect(existsSync(join(dir, "policies", "config", `${env}.json`))).toBe(false);
    }
  });

  it("picks the source of the same kind, and renames only whole parts of names", () => {
    expect(defaultSource("qa", ["dev", "prod", "staging"])).toBe("dev");
    expect(defaultSource("production-us", ["dev", "prod", "staging"])).toBe("prod");
    expect(defaultSource("prod-eu", ["dev", "staging"])).toBe("dev");
    const text = "environment: prod\nowner: a@b.example\ngateway:\n  id: product-prod-gw # keep\n  frontDoor: { hostname: prod.ai.example }\n";
    expect(copyStack(text, "prod", "qa").text).toBe("environment: qa\nowner: a@b.example\ngateway:\n  id: product-qa-gw # keep\n  frontDoor: { hostname: qa.ai.example }\n");
    expect(copyStack("environment: dev\ngateway:\n  id: gw\n", "dev", "qa").text).toBe("environment: qa\ngateway:\n  id: gw-qa\n");
    expect(parseStackFile(copyStack(readFileSync(join(ROOT, "stacks", "staging.yaml"), "utf8"), "staging", "qa").text, "qa.yaml").ok).toBe(true);
  });
});
