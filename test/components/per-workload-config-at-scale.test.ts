/**
 * Nothing shared lists workloads (DESIGN.md, "Day two and growth"): at 1,000 workloads the
 * exporter's environment stays under Lambda's 4 KB for all variables and every plain-text binding
 * of the front door under Workers' 5 KB, and the per-workload configuration still reaches both: the
 * Worker the program would upload, run as is in workerd, finds the last workload's rate limit and
 * its route's graph; the exporter's own bundle, loaded beside the archive's workloads file as
 * Lambda loads it, reads every workload and key, and its run meters the last workload's spend
 * under that workload rather than as unattributed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { captureStack, type CaptureResult } from "../../engine/capture";
import { requestMetadata } from "../../runtime/front-door/metadata";
import { tablesInScript } from "../../runtime/front-door/script";
import type { EmbeddedTables } from "../../runtime/front-door/embedded-tables";
import { bundleUsageExport } from "../../runtime/usage-export/bundle";
import { ENV, WORKLOADS_FILE } from "../../runtime/usage-export/contract";
import type { loadConfig } from "../../runtime/usage-export/handler";
import { parseJsonLines } from "../../runtime/usage-export/ledger-row";
import { startStandIn, type StandIn } from "../../stand-ins/ai-gateway";
import { logEntry } from "../../stand-ins/cloudflare-logs";
import type { KeyTableEntry } from "../../runtime/front-door/key-entry";
import { startFrontDoor, type FrontDoorUnderTest } from "../../stand-ins/front-door-workerd";
import { generateStack } from "../../stacks/generate-stack";
import { parseStackFile } from "../../stacks/load";
import { VENDOR_LIMITS } from "../../vendor/limits";
import { Harness } from "../usage-export/support/harness";
import { named, ofType, T } from "../support/mock-engine";

const WORKLOADS = 1_000;
const LAMBDA = "aws:lambda/function:Function";
/** The vendors' figures, owned once (vendor/limits.ts, with their sources). */
const LAMBDA_ENVIRONMENT_BYTES = VENDOR_LIMITS.lambdaEnvironmentBytes.figure;
const WORKER_VARIABLE_BYTES = VENDOR_LIMITS.workersVariableBytes.figure;
/** A limit only the last gateway workload has, so a request over it proves the Worker found that workload's entry. */
const LAST_LIMIT = 3;

type Stack = ReturnType<typeof generateStack> & { workloads: Record<string, { path: string; routes?: string[]; keys?: Array<{ name: string }>; rateLimit?: { requestsPerMinute: number } }> };

const stack = generateStack(WORKLOADS, "prod") as Stack;
const gatewayWorkloads = Object.entries(stack.workloads).filter(([, w]) => w.path !== "direct");
// Every gateway workload gets a rate limit (five amounts), so the workload -> limit table is as long as it gets.
gatewayWorkloads.forEach(([, w], i) => (w.rateLimit = { requestsPerMinute: 100 + (i % 5) * 100 }));
const [lastName, last] = gatewayWorkloads.at(-1)!;
last.rateLimit = { requestsPerMinute: LAST_LIMIT };
const lastRoute = last.routes![0];
const lastKey = last.keys![0].name;

let captured: CaptureResult;
beforeAll(async () => {
  const loaded = parseStackFile(stringify(stack, { lineWidth: 0 }), "generated-prod.yaml");
  if (!loaded.ok) throw new Error(`the generated stack does not load: ${JSON.stringify(loaded).slice(0, 500)}`);
  captured = await captureStack(loaded.spec, { now: new Date("2026-11-27T12:00:00Z") });
}, 300_000);

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

describe(`${WORKLOADS} workloads: no Lambda variable or Worker binding lists them`, () => {
  it("the exporter's environment is under Lambda's 4 KB; its workloads file holds all of them", () => {
    const variables = exporterEnvironment(captured);
    expect(Object.keys(variables).sort()).toEqual(Object.values(ENV).sort());
    const size = Object.entries(variables).reduce((n, [k, v]) => n + bytes(k) + bytes(v), 0);
    expect(size).toBeLessThan(LAMBDA_ENVIRONMENT_BYTES);
    expect(JSON.parse(workloadsFileOf(captured)).workloads).toHaveLength(WORKLOADS);
  });

  it("every plain-text binding of the Worker is under 5 KB; the script carries both tables whole", () => {
    const worker = named(captured, T.workerScript, "front-door-worker").inputs as { content: string; bindings: Array<{ type: string; name: string; text?: string }> };
    const plain = worker.bindings.filter((b) => b.type === "plain_text");
    expect(plain.map((b) => b.name).sort()).toEqual(["ACCOUNT_ID", "ENVIRONMENT", "GATEWAY_ID"]);
    for (const b of plain) expect(bytes(b.text!), b.name).toBeLessThan(WORKER_VARIABLE_BYTES);
    const tables = tablesInScript(worker.content)!;
    expect(Object.keys(tables.rateLimits)).toHaveLength(gatewayWorkloads.length);
    expect(Object.keys(tables.routes).sort()).toEqual(Object.keys(stack.routes ?? {}).sort());
    // The table alone is over a binding's limit: what moved it out of the bindings.
    expect(bytes(JSON.stringify(tables.rateLimits))).toBeGreaterThan(WORKER_VARIABLE_BYTES);
    // Every gateway key is live, and nothing else.
    const keyEntries = ofType(captured, T.kv).map((r) => String(r.inputs.keyName));
    expect(Object.keys(tables.keys).sort()).toEqual(keyEntries.map((digest) => digest.slice(0, 16)).sort());
  });

  it("the script's content comes from every key entry: Pulumi writes each entry before the version that admits it", () => {
    const worker = named(captured, T.workerScript, "front-door-worker");
    const entries = ofType(captured, T.kv).map((r) => r.urn);
    expect(entries.length).toBeGreaterThan(600);
    const from = new Set(worker.propertyDependencies.content);
    expect(entries.filter((urn) => !from.has(urn))).toEqual([]);
  });
});

describe(`the Worker, as uploaded for ${WORKLOADS} workloads, in workerd`, () => {
  let upstream: StandIn;
  let door: FrontDoorUnderTest;
  let tables: EmbeddedTables;
  /** The last workload's key as the program made it (the mock's random bytes): the uploaded script admits it. */
  let KEY: string;
  /** An address inside the key's allowedIps (CF-Connecting-IP, as Cloudflare sets it). */
  let address: string;

  beforeAll(async () => {
    const worker = named(captured, T.workerScript, "front-door-worker").inputs as { content: string };
    tables = tablesInScript(worker.content)!;
    KEY = String(named(captured, T.randomBytes, `${lastName}-key-${lastKey}`).outputs.hex);
    const written = String(named(captured, T.kv, `${lastName}-key-${lastKey}-entry`).inputs.value);
    address = (JSON.parse(written) as KeyTableEntry).allowedIps![0].replace(/0\/\d+$/, "1");
    upstream = await startStandIn();
    door = await startFrontDoor({
      upstream: upstream.url,
      routes: {},
      environment: "prod",
      module: worker.content,
      rateLimits: tables.rateLimits,
      keys: { [KEY]: JSON.parse(written) as KeyTableEntry },
    });
  });
  afterAll(async () => {
    await door?.close();
    await upstream?.close();
  });

  const call = () =>
    fetch(`${door.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", "cf-connecting-ip": address }, body: JSON.stringify({ model: `dynamic/${lastRoute}`, messages: [] }) });

  it("sends the last workload's route to its active graph, and refuses it over its own limit", async () => {
    const graph = tables.routes[lastRoute].graphs.primary;
    expect(ofType(captured, T.route).map((r) => r.inputs.name)).toContain(graph);
    for (let i = 0; i < LAST_LIMIT; i++) expect((await call()).status).toBe(200);
    expect(JSON.parse(upstream.received.at(-1)!.body).model).toBe(`dynamic/${graph}`);
    const over = await call();
    expect(over.status).toBe(429);
    expect(over.headers.get("x-switchyard-refusal")).toBe("rate_limited");
    expect(upstream.received).toHaveLength(LAST_LIMIT);
  });
});

describe(`the exporter, as deployed for ${WORKLOADS} workloads`, () => {
  const dir = mkdtempSync(join(tmpdir(), "usage-export-scale-"));
  let harness: Harness | undefined;
  afterAll(async () => {
    await harness?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("its bundle reads the archive's workloads file, and a run meters the last workload under its own label", async () => {
    writeFileSync(join(dir, "index.js"), await bundleUsageExport());
    writeFileSync(join(dir, WORKLOADS_FILE), workloadsFileOf(captured));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(join(dir, "index.js")) as { loadConfig: typeof loadConfig };
    const config = bundled.loadConfig(exporterEnvironment(captured));
    expect(config.environment).toBe("prod");
    expect(config.workloads).toHaveLength(WORKLOADS);
    expect(config.keys?.[lastName]).toEqual([lastKey]);

    // The run, with that configuration, against the logs API stand-in and S3 / CloudWatch behind the SDK.
    const metadata = JSON.stringify(requestMetadata(lastName, lastKey, config.environment, "none"));
    harness = new Harness([logEntry({ id: "log-last", at: "2026-11-26T10:05:00Z", metadata, cost: 0.25 })]);
    await harness.start();
    const report = await harness.run("2026-11-26T10:40:00Z", { environment: config.environment, workloads: config.workloads, keys: config.keys, initialStart: new Date("2026-11-26T10:00:00Z") });
    expect(report.counters).toMatchObject({ unknownKeyRequests: 0, unattributedSpendUsd: "0" });
    const rows = Object.entries(harness.ledgerObjects()).flatMap(([key, text]) => parseJsonLines(text, key));
    expect(rows.map((r) => [r.workload, r.keyName, r.costUsd])).toEqual([[lastName, lastKey, "0.25"]]);
  });
});

/**
 * The exporter's environment as captured, with the bucket's name at its longest: the mock engine
 * leaves a generated name unknown, and S3 bucket names have at most 63 characters.
 */
function exporterEnvironment(result: CaptureResult): Record<string, string> {
  const fn = ofType(result, LAMBDA)[0].inputs as { environment: { variables: Record<string, string> } };
  return { [ENV.bucket]: "b".repeat(63), ...fn.environment.variables };
}

/** The workloads file in the captured Lambda's code archive (as the engine serialises an AssetArchive). */
function workloadsFileOf(result: CaptureResult): string {
  const code = ofType(result, LAMBDA)[0].inputs.code as { assets: Record<string, { text: string }> };
  return code.assets[WORKLOADS_FILE].text;
}
