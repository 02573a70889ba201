/**
 * `switchyard smoke --ledger DIR` end to end: the CLI (a separate process) through the front door
 * in workerd to the AI Gateway stand-in, which answers each request with its log id; meanwhile a
 * stand-in for the usage exporter counts each request into a copy of the ledger bucket with the
 * exporter's own LedgerStore (the hour truths keyed by log id), labelled with the workload and key
 * from the `cf-aig-metadata` the front door sent. The smoke then finds its requests there by id.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SmokeReport } from "../../cli/smoke-report";
import { checkpointKey, newCheckpoint } from "../../runtime/usage-export/checkpoint";
import { hourOf } from "../../runtime/usage-export/gateway-log";
import { LedgerStore } from "../../runtime/usage-export/ledger-store";
import { S3StandIn } from "../../stand-ins/s3";
import { entry, startFrontDoor, type FrontDoorUnderTest } from "../../stand-ins/front-door-workerd";
import { startStandIn, type ReceivedRequest, type StandIn } from "../../stand-ins/ai-gateway";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "bin", "switchyard.js");
const KEY = "sy_test_ledger_support_a93";

let gateway: StandIn;
let door: FrontDoorUnderTest;
let bucket: S3StandIn;
/** The copy of the bucket the smoke reads (`aws s3 sync`), kept in step with it. */
let copy: string;
/** How the exporter stand-in treats each request: count it (under the labels sent, another workload, or another key), quarantine it, or not read it yet. */
let mode: "count" | "relabel" | "rekey" | "quarantine" | "late" | "lost" | "deferred";
/** Requests held back in "deferred" mode, exported when the test says. */
let deferred: ReceivedRequest[] = [];

beforeAll(async () => {
  gateway = await startStandIn();
  door = await startFrontDoor({ upstream: gateway.url, environment: "dev", routes: { summarize: { canaryPercent: 0 } }, keys: { [KEY]: entry({ environment: "dev", workload: "support-summarizer", keyName: "support-dev", routes: ["dynamic/summarize"], models: [] }) } });
  gateway.beforeAnswer = exportRequest;
});
afterAll(async () => {
  await door?.close();
  await gateway?.close();
});
beforeEach(() => {
  bucket = new S3StandIn();
  copy = mkdtempSync(join(tmpdir(), "smoke-ledger-"));
});

/** What the exporter would make of one logged request, written through the exporter's own store. */
async function exportRequest(request: ReceivedRequest): Promise<void> {
  const now = Date.now();
  if (mode === "deferred") deferred.push(request);
  const metadata = JSON.parse(String(request.headers["cf-aig-metadata"] ?? "{}")) as { workload?: string; keyName?: string; environment?: string };
  const store = new LedgerStore(bucket.store(), "dev");
  const at = hourOf(now);
  const counted = { id: request.logId, atMs: now, workload: mode === "relabel" ? "unattributed" : String(metadata.workload), keyName: mode === "rekey" ? "support-batch" : String(metadata.keyName), provider: "google-ai-studio", model: "gemini-2.5-flash", success: true, cached: false, tokensIn: 7, tokensOut: 5, costUsd: "0.00001" };
  if (mode === "count" || mode === "relabel" || mode === "rekey") await store.merge(at, [counted], [], async () => {});
  if (mode === "quarantine") await store.merge(at, [], [{ id: request.logId, reason: "created_at unreadable", entry: {} }], async () => {});
  // The checkpoint: read past the request, except when it is late (not read yet).
  const frontier = new Date(mode === "late" || mode === "deferred" ? now - 3_600_000 : now + 3_600_000);
  bucket.set(checkpointKey("dev"), JSON.stringify({ ...newCheckpoint(new Date(now - 86_400_000)), frontier: frontier.toISOString() }));
  // The copy follows before the request is answered, so the smoke, which looks after its last answer, sees it.
  for (const [key, text] of bucket.objects) {
    mkdirSync(dirname(join(copy, key)), { recursive: true });
    writeFileSync(join(copy, key), text);
  }
}

/** Runs the CLI; `onStderr` sees standard error as it comes (the smoke says there when it starts waiting). */
function runSmoke(extra: string[], onStderr?: (soFar: string) => void): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, "smoke", "dev", "--base-url", door.url, "--key-env", "SMOKE_KEY", "--format", "json", ...extra], { env: { PATH: process.env.PATH ?? "", SMOKE_KEY: KEY }, cwd: ROOT });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const smoke = (...extra: string[]) => runSmoke(extra);

async function smokeWithLedger(...extra: string[]): Promise<SmokeReport & { code: number; stderr: string }> {
  const result = await smoke("--ledger", copy, ...extra);
  return { ...(JSON.parse(result.stdout) as SmokeReport), code: result.code, stderr: result.stderr };
}

const usage = (r: SmokeReport) => r.steps.find((s) => s.id === "usage-visible");

describe("switchyard smoke --ledger (CLI -> front door in workerd -> AI Gateway stand-in; exporter stand-in -> bucket copy)", () => {
  it("finds every smoke request in the ledger by its log id, under the workload and key the front door labelled it with", async () => {
    mode = "count";
    const report = await smokeWithLedger("--ledger-wait", "0.1");
    expect(report.results.map((r) => r.logId)).toEqual([expect.stringMatching(/^stand-in-log-\d+$/), expect.stringMatching(/^stand-in-log-\d+$/)]);
    expect(report.ledger?.found.map((f) => f.where)).toEqual([
      { workload: "support-summarizer", keyName: "support-dev", provider: "google-ai-studio", model: "gemini-2.5-flash", hour: hourOf(Date.parse(report.results[0]?.at ?? "")) },
      { workload: "support-summarizer", keyName: "support-dev", provider: "google-ai-studio", model: "gemini-2.5-flash", hour: hourOf(Date.parse(report.results[1]?.at ?? "")) },
    ]);
    // support-summarizer has one key in stacks/dev.yaml: the smoke's key is that one.
    expect(report.keyName).toBe("support-dev");
    expect(usage(report)).toMatchObject({ status: "checked" });
    expect(usage(report)?.detail).toMatch(/^all 2 requests are in the ledger under workload support-summarizer and key support-dev \(hour \d{4}-\d\d-\d\dT\d\d:00:00Z(, \S+)?\)$/);
    expect(report.code).toBe(0);
    // Named, the same.
    expect(usage(await smokeWithLedger("--ledger-wait", "0.1", "--key-name", "support-dev"))).toMatchObject({ status: "checked" });
  });

  it("requests recorded under another key fail the step (the key label did not reach the ledger as sent)", async () => {
    mode = "rekey";
    const report = await smokeWithLedger("--ledger-wait", "0.1");
    expect(usage(report)).toEqual({
      id: "usage-visible",
      step: "Usage visible",
      status: "failed",
      detail: "2 of 2 requests are counted under key support-batch, not key support-dev: the front door's key label did not reach the ledger as sent",
    });
    expect(report.code).toBe(1);
  });

  it("--key-name must be a key of the stack, and of --workload when both are given (exit 2)", async () => {
    expect(await smoke("--key-name", "support-dve")).toMatchObject({ code: 2, stderr: expect.stringMatching(/^switchyard smoke: the stack has no gateway key "support-dve" \(did you mean support-dev\?\); name one of: checkout-dev, support-dev, /) });
    expect(await smoke("--key-name", "checkout-dev", "--workload", "support-summarizer")).toMatchObject({
      code: 2,
      stderr: "switchyard smoke: gateway key \"checkout-dev\" is a key of workload checkout-assistant, not support-summarizer; name one of support-summarizer's keys, or leave --workload out\n",
    });
  });

  it("requests counted under another label fail the step (the label did not reach the ledger as sent)", async () => {
    mode = "relabel";
    const report = await smokeWithLedger("--ledger-wait", "0.1");
    expect(usage(report)).toEqual({ id: "usage-visible", step: "Usage visible", status: "failed", detail: "2 of 2 requests are counted under unattributed, not support-summarizer: the front door's workload label did not reach the ledger as sent" });
    expect(report.code).toBe(1);
  });

  it("quarantined requests fail the step, with the exporter's reason", async () => {
    mode = "quarantine";
    const report = await smokeWithLedger("--ledger-wait", "0.1");
    expect(usage(report)).toMatchObject({ status: "failed", detail: "2 of 2 requests are quarantined, in no sum: created_at unreadable" });
  });

  it("requests the exporter has not read yet are left to a person; read past and still missing, they fail", async () => {
    mode = "late";
    const late = await smokeWithLedger("--ledger-wait", "0");
    expect(usage(late)?.status).toBe("left to a person");
    expect(usage(late)?.detail).toMatch(/^2 of 2 requests are not in the ledger yet: the exporter has read up to \S+; run again once it is past the calls$/);
    expect(late.code).toBe(0);
    mode = "lost";
    const lost = await smokeWithLedger("--ledger-wait", "0");
    expect(usage(lost)).toMatchObject({ status: "failed" });
    expect(usage(lost)?.detail).toMatch(/^the exporter has read up to \S+, past these calls, but 2 of 2 requests are not in the ledger$/);
  });

  it("waits for the exporter: requests exported while the smoke waits are found", async () => {
    mode = "deferred";
    deferred = [];
    // The exporter stand-in catches up once the smoke says it waits (it looks every 3 s for up to 12 s):
    // tied to what the smoke does, not to a clock, so a slow machine cannot export before the first look.
    let caughtUp = false;
    const result = await runSmoke(["--ledger", copy, "--ledger-wait", "0.2"], (stderr) => {
      if (caughtUp || !stderr.includes("waiting for the usage exporter")) return;
      caughtUp = true;
      mode = "count";
      void (async () => {
        for (const r of deferred) await exportRequest(r);
      })();
    });
    expect(caughtUp).toBe(true);
    const report = { ...(JSON.parse(result.stdout) as SmokeReport), stderr: result.stderr };
    expect(usage(report)?.status).toBe("checked");
    expect(report.stderr).toMatch(/^waiting for the usage exporter: 2 of 2 smoke requests not in the ledger yet \(read up to \d{4}-\S+Z\)$/m);
  });

  it("a copy without the exporter's state fails the step and says what to name", async () => {
    const empty = mkdtempSync(join(tmpdir(), "smoke-ledger-empty-"));
    mode = "count";
    const result = await smoke("--ledger", empty, "--ledger-wait", "0");
    expect(usage(JSON.parse(result.stdout) as SmokeReport)).toMatchObject({ status: "failed", detail: `no exporter state at ${join(empty, "state", "environment=dev", "checkpoint.json")}: name the ledger bucket (or a copy of it with state/)` });
  });

  it("bad --ledger and --ledger-wait are usage errors (exit 2)", async () => {
    expect((await smoke("--ledger", "/no/such/ledger-copy")).stderr).toBe(
      "switchyard smoke: no ledger directory /no/such/ledger-copy; copy the bucket first (aws s3 sync s3://<ledger bucket> ./ledger-copy) and name that directory, or give an s3:// URL\n",
    );
    expect((await smoke("--ledger-wait", "5")).stderr).toBe("switchyard smoke: --ledger-wait needs --ledger; add --ledger DIR|s3://BUCKET/PREFIX\n");
    const dir = mkdtempSync(join(tmpdir(), "smoke-ledger-x-"));
    const bad = await smoke("--ledger", dir, "--ledger-wait", "soon");
    expect({ code: bad.code, stderr: bad.stderr }).toEqual({ code: 2, stderr: "switchyard smoke: --ledger-wait soon is not a number of minutes; give minutes, e.g. 30, or 0 to look once\n" });
    expect(readFileSync(join(ROOT, "stacks", "dev.yaml"), "utf8")).toContain("support-dev");
  });
});
