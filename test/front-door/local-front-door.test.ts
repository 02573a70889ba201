/**
 * Smoke tried locally, as docs/front-door.md says: `npm run local -- dev` starts the front door in
 * workerd (the deployed bundle, the stack's tables) before the AI Gateway stand-in, and
 * `switchyard smoke` runs against it with a printed local key; a base URL that answers nothing is
 * told by its URL and cause.
 */
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStackFile } from "../../stacks/load";
import { localKey, startLocalFrontDoor, type LocalFrontDoor } from "../../stand-ins/local-front-door";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "bin", "switchyard.js");

async function smoke(baseUrl: string, key: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, "smoke", "dev", "--base-url", baseUrl, "--key-env", "SMOKE_KEY", "--format", "json"], { env: { ...process.env, SMOKE_KEY: key }, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("smoke against a local front door for stacks/dev.yaml", () => {
  let local: LocalFrontDoor;
  beforeAll(async () => {
    const loaded = parseStackFile(readFileSync(join(ROOT, "stacks", "dev.yaml"), "utf8"), "stacks/dev.yaml");
    if (!loaded.ok) throw new Error("stacks/dev.yaml is invalid");
    local = await startLocalFrontDoor(loaded.spec);
  }, 60_000);
  afterAll(async () => {
    await local?.close();
  });

  it("has a local key for every gateway key the stack declares", () => {
    expect(local.keys.map((k) => k.keyName)).toEqual(["checkout-dev", "support-dev", "search-indexer-dev", "data-pipeline-dev", "ops-copilot-dev"]);
    expect(local.keys.every((k) => k.key === localKey(k.keyName))).toBe(true);
  });

  it("passes with a workload's local key: its routes and models answer through the Worker", { timeout: 60_000 }, async () => {
    const { code, stdout } = await smoke(local.url, localKey("checkout-dev"));
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { passed: boolean; models: string[]; results: Array<{ outcome: string }> };
    expect(report.passed).toBe(true);
    expect(report.models).toEqual(["dynamic/chat", "openai/gpt-4.1-mini"]);
    expect(report.results.map((r) => r.outcome)).toEqual(["ok", "ok", "ok", "ok"]);
  });

  it("`npm run local -- dev` prints the base URL and a smoke command per key", { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "stand-ins/local-front-door.ts", "dev"], { cwd: ROOT });
    let out = "";
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("ops-copilot-dev")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
    } finally {
      child.kill("SIGTERM");
    }
    expect(out).toMatch(/^local front door for stacks\/dev\.yaml: http:\/\/127\.0\.0\.1:\d+ /);
    expect(out).toMatch(/ {2}SMOKE_KEY=sy_local_checkout-dev npx switchyard smoke dev --base-url http:\/\/127\.0\.0\.1:\d+ --key-env SMOKE_KEY {3}# checkout-assistant, key checkout-dev\n/);
  });
});

describe("smoke against a base URL where nothing answers", () => {
  it("exits 2 naming the URL and the cause", { timeout: 30_000 }, async () => {
    const { code, stdout, stderr } = await smoke("http://127.0.0.1:8799", "sy_local_checkout-dev");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "switchyard smoke: cannot reach the front door: http://127.0.0.1:8799/v1/models: connect ECONNREFUSED 127.0.0.1:8799; check --base-url; to try smoke locally, start a front door with `npm run local -- <stack>` (docs/front-door.md)\n",
    );
  });
});
