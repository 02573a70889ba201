import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Chargeback } from "../../cli/chargeback";
import { CSV_HEADER } from "../../cli/chargeback-report";
import { main } from "../../cli/ledger";
import type { Checkpoint } from "../../runtime/usage-export/checkpoint";
import { toJsonLines, type LedgerRow } from "../../runtime/usage-export/ledger-row";
import { UsdSum } from "../../runtime/usage-export/money";
import { S3StandIn } from "../../stand-ins/s3";

const ROOT = join(__dirname, "..", "..");
const fixture = (name: string) => readFileSync(join(__dirname, "..", "usage-export", "fixtures", name), "utf8");
/** 2026-11-26 14:30 UTC: 614 whole hours of November have passed. */
const NOW = Date.parse("2026-11-26T14:30:00Z");

const checkpoint = (overrides: Partial<Checkpoint> = {}): Checkpoint => ({
  version: 2,
  ledgerStart: "2026-11-03T00:00:00.000Z",
  frontier: "2026-11-26T12:00:00.000Z",
  recent: [],
  failed: [{ start: "2026-11-10T05:00:00.000Z", end: "2026-11-10T05:15:00.000Z", problem: "30 of 50 entries read", since: "2026-11-10T05:30:00.000Z" }],
  deleted: [],
  deletedUntoldMinutes: 0,
  pendingMonths: [],
  published: {},
  budgetAlerts: {},
  api: { calls: [], blockedUntil: 0 },
  updatedAt: "2026-11-26T14:20:00.000Z",
  ...overrides,
});

/** A local copy of a ledger bucket: two hour files, the exporter's checkpoint, a truth file and a quarantine file (not rows), and another month. */
function localCopy(state = true): string {
  const root = mkdtempSync(join(tmpdir(), "ledger-copy-"));
  const day = join(root, "ledger", "environment=dev", "date=2026-11-26");
  mkdirSync(day, { recursive: true });
  writeFileSync(join(day, "2026-11-26T10.jsonl"), fixture("expected-ledger/2026-11-26T10.jsonl"));
  writeFileSync(join(day, "2026-11-26T11.jsonl"), fixture("expected-ledger/2026-11-26T11.jsonl"));
  if (state) {
    const hours = join(root, "state", "environment=dev", "hours", "date=2026-11-26");
    mkdirSync(hours, { recursive: true });
    writeFileSync(join(hours, "2026-11-26T10.json"), JSON.stringify({ version: 1, rows: [] }));
    writeFileSync(join(root, "state", "environment=dev", "checkpoint.json"), JSON.stringify(checkpoint()));
    const quarantine = join(root, "quarantine", "environment=dev", "date=2026-11-26");
    mkdirSync(quarantine, { recursive: true });
    writeFileSync(join(quarantine, "2026-11-26T10.quarantined.jsonl"), '{"id":"x","reason":"unreadable created_at","entry":{}}\n');
  }
  const december = join(root, "ledger", "environment=dev", "date=2026-12-01");
  mkdirSync(december, { recursive: true });
  writeFileSync(join(december, "2026-12-01T00.jsonl"), fixture("expected-ledger/2026-11-26T11.jsonl").replace(/2026-11-26T11/g, "2026-12-01T00"));
  return root;
}

async function run(args: string[], s3?: S3StandIn, now = NOW) {
  let out = "";
  let err = "";
  const code = await main(args, { s3: s3?.client("acme-ledger"), out: (t) => (out += t), err: (t) => (err += t), now: () => now });
  return { code, out, err };
}

/** CSV as records (the renderer quotes nothing in these fixtures). */
const records = (csv: string) => {
  const [header, ...lines] = csv.trimEnd().split("\n");
  const names = (header ?? "").split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [names[i], v])) as Record<(typeof CSV_HEADER)[number], string>);
};

const EXPECTED_CSV = [
  CSV_HEADER.join(","),
  "usage,2026-11,dev,checkout,checkout-api,anthropic,claude-sonnet-4-5,1,0,0,0,1000,300,0.015,,,",
  "usage,2026-11,dev,checkout,checkout-api,openai,gpt-4.1-mini,2,0,0,0,110,55,0.0022,,,",
  "usage,2026-11,dev,checkout,checkout-web,openai,gpt-4.1-mini,1,0,1,0,60,20,0.0008,,,",
  "usage,2026-11,dev,search,search-batch,openai,gpt-4.1-mini,2,1,0,1,200,100,0.002,,,",
  "usage,2026-11,dev,unattributed,,google-ai-studio,gemini-2.5-flash,2,0,0,0,12,8,0.0003,,,",
  "",
].join("\n");

describe("switchyard ledger summarize", () => {
  it("CSV: one usage row per workload, key, provider and model, cached and unpriced requests as columns, from hour files only", async () => {
    const result = await run(["summarize", localCopy(), "--month", "2026-11", "--format", "csv"]);
    expect(result).toEqual({ code: 0, out: EXPECTED_CSV, err: "" });
  });

  it("summing the CSV's cost column (or any count) gives the total, with budgets too: nothing is counted twice", async () => {
    const dir = budgetCopy();
    const csv = (await run(["summarize", dir, "--month", "2026-11", "--format", "csv", "--budgets", join(ROOT, "stacks", "dev.yaml")])).out;
    const json = JSON.parse((await run(["summarize", dir, "--month", "2026-11", "--format", "json", "--budgets", join(ROOT, "stacks", "dev.yaml")])).out) as Chargeback;
    const rows = records(csv);
    const cost = new UsdSum();
    for (const r of rows) if (r.cost_usd) cost.add(r.cost_usd);
    expect(cost.toString()).toBe(json.total.costUsd);
    expect(cost.toString()).toBe("6300.0103");
    expect(rows.reduce((n, r) => n + Number(r.requests || 0), 0)).toBe(json.total.requests);
    expect(rows.reduce((n, r) => n + Number(r.budget_usd || 0), 0)).toBe(json.workloads.reduce((n, w) => n + (w.budget?.monthlyUsd ?? 0), 0));
    expect(new Set(rows.map((r) => r.row_type))).toEqual(new Set(["usage", "budget"]));
    expect(rows.filter((r) => r.row_type === "budget").every((r) => r.cost_usd === "" && r.requests === "")).toBe(true);
  });

  it("reads the same ledger from S3 (client stubbed at the transport), across listing pages, with its checkpoint", async () => {
    const s3 = new S3StandIn(1);
    s3.set("ledger/environment=dev/date=2026-11-26/2026-11-26T10.jsonl", fixture("expected-ledger/2026-11-26T10.jsonl"));
    s3.set("ledger/environment=dev/date=2026-11-26/2026-11-26T11.jsonl", fixture("expected-ledger/2026-11-26T11.jsonl"));
    s3.set("state/environment=dev/hours/date=2026-11-26/2026-11-26T10.json", JSON.stringify({ version: 1, rows: [] }));
    s3.set("state/environment=dev/checkpoint.json", JSON.stringify(checkpoint()));
    s3.set("quarantine/environment=dev/date=2026-11-26/2026-11-26T10.quarantined.jsonl", '{"id":"x","reason":"unreadable created_at","entry":{}}\n');
    expect(await run(["summarize", "s3://acme-ledger/ledger/environment=dev/", "--month", "2026-11", "--format", "csv"], s3)).toEqual({ code: 0, out: EXPECTED_CSV, err: "" });
    const json = JSON.parse((await run(["summarize", "s3://acme-ledger/ledger/environment=dev/", "--month", "2026-11", "--format", "json"], s3)).out) as Chargeback;
    expect(json.environments[0]?.coverage).toMatchObject({ covered: 563, hours: 614, quarantined: 1, checkpoint: { key: "s3://acme-ledger/state/environment=dev/checkpoint.json", found: true } });
  });

  it("the hours the ledger covers and its gaps: before it started, reads that did not verify, not exported yet", async () => {
    const dir = localCopy();
    const json = JSON.parse((await run(["summarize", dir, "--month", "2026-11", "--format", "json"])).out) as Chargeback;
    expect(json.environments.map((e) => [e.environment, e.coverage.hours, e.coverage.covered, e.coverage.hoursWithRows, e.coverage.quarantined])).toEqual([["dev", 614, 563, 2, 1]]);
    expect(json.environments[0]?.coverage.gaps).toEqual([
      { from: "2026-11-01T00:00:00Z", until: "2026-11-03T00:00:00Z", hours: 48, why: "before the ledger started" },
      { from: "2026-11-10T05:00:00Z", until: "2026-11-10T06:00:00Z", hours: 1, why: "read did not verify: 30 of 50 entries read" },
      { from: "2026-11-26T12:00:00Z", until: "2026-11-26T14:00:00Z", hours: 2, why: "not exported yet" },
    ]);
    const text = (await run(["summarize", dir, "--month", "2026-11"])).out;
    expect(text).toContain(
      "  dev: 563 of 614 hours exported and verified; 2 hours have rows; gaps: 2026-11-01T00Z to 2026-11-03T00Z (48 hours): before the ledger started; 2026-11-10T05Z to 2026-11-10T06Z (1 hour): read did not verify: 30 of 50 entries read; 2026-11-26T12Z to 2026-11-26T14Z (2 hours): not exported yet",
    );
    expect(text).toContain("1 log entries are quarantined (not countable exactly) and in no sum: see quarantine/ in the ledger bucket.");
    expect(text).toContain("2026-11 is not closed yet: the exporter audits a month during the first 3 days of the next, so totals may still grow.");
    // A closed, audited month: every hour covered up to the frontier; no closing note.
    const closed = JSON.parse((await run(["summarize", dir, "--month", "2026-11", "--format", "json"], undefined, Date.parse("2026-12-10T00:00:00Z"))).out) as Chargeback;
    expect(closed.environments[0]?.coverage.hours).toBe(720);
    expect((await run(["summarize", dir, "--month", "2026-11"], undefined, Date.parse("2026-12-10T00:00:00Z"))).out).not.toContain("not closed yet");
  });

  it("a copy without the exporter's state says the hours covered are unknown, and which hours have rows", async () => {
    const dir = localCopy(false);
    const text = (await run(["summarize", join(dir, "ledger"), "--month", "2026-11"])).out;
    expect(text).toContain(`  dev: hours covered unknown (no checkpoint at ${join(dir, "ledger", "state", "environment=dev", "checkpoint.json")}); 2 hours have rows`);
    // Named at the ledger/ folder of a full copy, the state is found one level up.
    expect((await run(["summarize", join(localCopy(), "ledger"), "--month", "2026-11"])).out).toContain("dev: 563 of 614 hours exported and verified");
  });

  it("text and Markdown: per workload, key, provider and model; per key; per workload; per environment and total", async () => {
    const dir = localCopy();
    const text = (await run(["summarize", dir, "--month", "2026-11"])).out.split("\n");
    expect(text[0]).toBe(`Chargeback 2026-11 from ${dir}`);
    expect(text.find((l) => /^dev\s+search/.test(l))?.split(/\s{2,}/)).toEqual(["dev", "search", "search-batch", "openai", "gpt-4.1-mini", "2", "1", "0", "1", "200", "100", "0.0020"]);
    expect(text.find((l) => /^dev\s+unattributed\s+\(none\)\s+google/.test(l))).toBeDefined();
    // Per key: checkout's two keys apart.
    const perKey = text.slice(text.indexOf("Per key"), text.indexOf("Per workload"));
    expect(perKey.filter((l) => l.startsWith("dev ")).map((l) => l.split(/\s{2,}/))).toEqual([
      ["dev", "checkout", "checkout-api", "3", "0", "0", "0.0172"],
      ["dev", "checkout", "checkout-web", "1", "1", "0", "0.0008"],
      ["dev", "search", "search-batch", "2", "0", "1", "0.0020"],
      ["dev", "unattributed", "(none)", "2", "0", "0", "0.0003"],
    ]);
    expect(text).toContain("(none): requests whose metadata named no gateway key (called around the front door), or counted before the ledger recorded keys.");
    expect(text.find((l) => l.startsWith("TOTAL "))?.split(/\s{2,}/)).toEqual(["TOTAL", "8", "1", "1", "1", "1,382", "483", "0.0203"]);
    expect(text).toContain("1 request(s) carried no cost in the gateway logs: spend is understated by them.");
    const md = (await run(["summarize", dir, "--month", "2026-11", "--format", "md"])).out.split("\n");
    expect(md[0]).toBe("## Chargeback 2026-11");
    expect(md).toContain("| dev | checkout | checkout-api | openai | gpt-4.1-mini | 2 | 0 | 0 | 0 | 110 | 55 | 0.0022 |");
    expect(md).toContain("| dev | checkout | checkout-web | 1 | 1 | 0 | 0.0008 |  |");
    expect(md).toContain("| **TOTAL** | **8** | **1** | **1** | **1** | **1,382** | **483** | **0.0203** |");
  });

  it("budgets: a direct workload is not metered by the gateway (never 0% used), a hybrid's share is its gateway traffic; other environments are reported, not dropped", async () => {
    const dir = budgetCopy();
    const json = JSON.parse((await run(["summarize", dir, "--month", "2026-11", "--format", "json", "--budgets", join(ROOT, "stacks", "dev.yaml")])).out) as Chargeback;
    const line = (environment: string, workload: string) => json.workloads.find((w) => w.environment === environment && w.workload === workload);
    expect(line("dev", "checkout-assistant")?.budget).toEqual({ monthlyUsd: 200, metering: "gateway", spendUsd: "100", usedPercent: 50 });
    expect(line("dev", "research-lab")).toMatchObject({ requests: 0, costUsd: "0", budget: { monthlyUsd: 1000, metering: "not metered by the gateway" } });
    expect(line("dev", "research-lab")?.budget?.usedPercent).toBeUndefined();
    expect(line("dev", "data-pipeline")?.budget).toEqual({ monthlyUsd: 400, metering: "gateway traffic only", spendUsd: "0.01", usedPercent: 0 });
    expect(line("dev", "ghost-app")?.notInStack).toBe(true);
    expect(line("staging", "checkout-assistant")).toMatchObject({ requests: 7, costUsd: "6200" });
    expect(line("staging", "checkout-assistant")?.budget).toBeUndefined();
    expect(json.environments.map((e) => [e.environment, e.costUsd])).toEqual([["dev", "100.0103"], ["staging", "6200"]]);
    const text = (await run(["summarize", dir, "--month", "2026-11", "--budgets", join(ROOT, "stacks", "dev.yaml")])).out;
    expect(text).toMatch(/^dev\s+research-lab\s+0\s+0\s+0\s+0\.00\s+1,000\.00\s+not metered by the gateway$/m);
    expect(text).toMatch(/^dev\s+data-pipeline\s+.*400\.00\s+0\.0% \(gateway traffic only\)$/m);
    expect(text).not.toMatch(/research-lab.*0\.0%/);
    expect(text).toContain(`Rows of staging are reported under their environment; only dev's are compared with the budgets of ${join(ROOT, "stacks", "dev.yaml")}.`);
  });

  it("budgets count unpriced requests at the stack's fallback price, as the exporter's budget notices do; the cost column stays what the gateway logged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ledger-fallback-"));
    mkdirSync(join(dir, "ledger", "environment=prod"), { recursive: true });
    const row = (model: string, requests: number, costUsd: string, unpricedRequests: number): LedgerRow => ({ environment: "prod", hour: "2026-11-03T08:00:00Z", workload: "checkout-assistant", keyName: "checkout-prod", provider: "openai", model, requests, errors: 0, cachedRequests: 0, tokensIn: 1, tokensOut: 1, costUsd, unpricedRequests });
    // prod.yaml prices openai/gpt-4.1 at 0.02 per request; gpt-5 has no fallback price.
    writeFileSync(join(dir, "ledger", "environment=prod", "2026-11-03T08.jsonl"), toJsonLines([row("gpt-4.1", 1000, "200", 25_000), row("gpt-5", 10, "0", 10)]));
    const json = JSON.parse((await run(["summarize", dir, "--month", "2026-11", "--format", "json", "--budgets", join(ROOT, "stacks", "prod.yaml")])).out) as Chargeback;
    const line = json.workloads.find((w) => w.workload === "checkout-assistant");
    expect(line?.costUsd).toBe("200");
    // 200 + 25,000 x 0.02 = 700 of 2,500: 28%, where the logged cost alone said 8%.
    expect(line?.budget).toEqual({ monthlyUsd: 2500, metering: "gateway", spendUsd: "700", usedPercent: 28 });
    const text = (await run(["summarize", dir, "--month", "2026-11", "--budgets", join(ROOT, "stacks", "prod.yaml")])).out;
    expect(text).toMatch(/^prod\s+checkout-assistant\s+.*2,500\.00\s+28\.0%$/m);
    expect(text).toContain("budget used counts requests logged without a cost at the stack's usageLedger.fallbackPrices, as budget notices do; the cost column is what the gateway logged.");
  });

  it("budgets: every key of the stack's workloads is listed, with or without rows; a key label its workload does not have is marked, not dropped", async () => {
    const dir = budgetCopy();
    const stack = join(ROOT, "stacks", "dev.yaml");
    const json = JSON.parse((await run(["summarize", dir, "--month", "2026-11", "--format", "json", "--budgets", stack])).out) as Chargeback;
    expect(json.schemaVersion).toBe(2);
    expect(json.keys.map((k) => [k.environment, k.workload, k.keyName, k.requests, k.costUsd, k.notInStack ?? false])).toEqual([
      ["dev", "checkout-assistant", "checkout-dev", 10, "80", false],
      ["dev", "checkout-assistant", "checkout-old", 3, "20", true],
      ["dev", "data-pipeline", "", 2, "0.01", true],
      ["dev", "data-pipeline", "data-pipeline-dev", 0, "0", false],
      ["dev", "ghost-app", "ghost-key", 1, "0.0003", false],
      ["dev", "ops-copilot", "ops-copilot-dev", 0, "0", false],
      ["dev", "search-indexer", "search-indexer-dev", 0, "0", false],
      ["dev", "support-summarizer", "support-dev", 0, "0", false],
      ["staging", "checkout-assistant", "checkout-staging", 7, "6200", false],
    ]);
    // The workload keeps all of its spend, whichever key it came through.
    expect(json.workloads.find((w) => w.environment === "dev" && w.workload === "checkout-assistant")?.costUsd).toBe("100");
    const text = (await run(["summarize", dir, "--month", "2026-11", "--budgets", stack])).out;
    expect(text).toMatch(/^dev\s+checkout-assistant\s+checkout-old\s+3\s+0\s+0\s+20\.00\s+not a key of the workload$/m);
    expect(text).toContain(`Not a key of its workload in ${stack}: checkout-assistant checkout-old, data-pipeline (none) (a key removed from the stack, no key, or forged metadata).`);
    // CSV: usage rows per key; the cost column still sums to the total.
    const rows = records((await run(["summarize", dir, "--month", "2026-11", "--format", "csv", "--budgets", stack])).out);
    expect(rows.filter((r) => r.row_type === "usage").map((r) => `${r.workload}/${r.key_name}`)).toEqual(["checkout-assistant/checkout-dev", "checkout-assistant/checkout-old", "data-pipeline/", "ghost-app/ghost-key", "checkout-assistant/checkout-staging"]);
  });

  it("an hour file written before the ledger recorded keys is summed with the rest, under no key", async () => {
    const dir = localCopy();
    // As the previous exporter wrote it: no keyName, costUsd a JSON number (before money was exact).
    const old = { environment: "dev", hour: "2026-11-25T09:00:00Z", workload: "checkout", provider: "openai", model: "gpt-4.1-mini", requests: 4, errors: 1, cachedRequests: 0, tokensIn: 40, tokensOut: 20, costUsd: 0.25, unpricedRequests: 0 };
    const day = join(dir, "ledger", "environment=dev", "date=2026-11-25");
    mkdirSync(day, { recursive: true });
    writeFileSync(join(day, "2026-11-25T09.jsonl"), `${JSON.stringify(old)}\n`);
    const csv = (await run(["summarize", dir, "--month", "2026-11", "--format", "csv"])).out;
    expect(csv).toBe(EXPECTED_CSV.replace("usage,2026-11,dev,checkout,checkout-api,", "usage,2026-11,dev,checkout,,openai,gpt-4.1-mini,4,1,0,0,40,20,0.25,,,\nusage,2026-11,dev,checkout,checkout-api,"));
    const json = JSON.parse((await run(["summarize", dir, "--month", "2026-11", "--format", "json"])).out) as Chargeback;
    expect([json.total.requests, json.total.costUsd]).toEqual([12, "0.2703"]);
    const cost = new UsdSum();
    for (const r of records(csv)) cost.add(r.cost_usd);
    expect(cost.toString()).toBe("0.2703");
    expect(json.keys.filter((k) => k.workload === "checkout").map((k) => [k.keyName, k.requests, k.costUsd])).toEqual([
      ["", 4, "0.25"],
      ["checkout-api", 3, "0.0172"],
      ["checkout-web", 1, "0.0008"],
    ]);
    expect(json.workloads.find((w) => w.workload === "checkout")).toMatchObject({ requests: 8, costUsd: "0.268" });
  });

  it("names a bad --month as what it is", async () => {
    for (const [month, line] of [
      ["2026-13", "--month 2026-13 is not a month; give it as YYYY-MM, e.g. 2026-11"],
      ["November", "--month November is not a month; give it as YYYY-MM, e.g. 2026-11"],
      ["2026-11-01", "--month 2026-11-01 is a date, not a month; give the month as YYYY-MM (2026-11)"],
      ["2027-01", "--month 2027-01 has not begun (it is 2026-11-26 UTC); give a month up to the current one"],
    ]) {
      const result = await run(["summarize", localCopy(), "--month", month]);
      expect({ month, code: result.code, err: result.err }).toEqual({ month, code: 2, err: `switchyard ledger summarize: ${line}\n` });
    }
  });

  it("refuses bad arguments with exit 2 and one error line: what went wrong; what to do", async () => {
    for (const [args, line] of [
      [["summarize", "x"], "switchyard ledger summarize: missing --month YYYY-MM, the month to sum; e.g. --month 2026-11"],
      [["summarize", "x", "--month", "2026-11", "--format", "xml"], "switchyard ledger summarize: --format xml is not one of text, csv, md, json; pick one of those"],
      [["summarize", "--month", "2026-11"], "switchyard ledger summarize: missing <DIR|s3://BUCKET/PREFIX>, a local copy of the ledger bucket, or an s3:// URL; e.g. aws s3 sync s3://<ledger bucket> ./ledger-copy, then name ./ledger-copy"],
      [["export", "x", "--month", "2026-11"], 'switchyard ledger: unknown subcommand "export"; the subcommands are summarize; see switchyard ledger --help'],
      [["sumarize", "x"], 'switchyard ledger: unknown subcommand "sumarize" (did you mean summarize?); the subcommands are summarize; see switchyard ledger --help'],
      [["summarize", "x", "--mnth", "2026-11"], "switchyard ledger summarize: unknown option --mnth (did you mean --month?); see switchyard ledger summarize --help"],
    ] as const) {
      const result = await run([...args]);
      expect({ args, code: result.code, out: result.out, err: result.err }).toEqual({ args, code: 2, out: "", err: `${line}\n` });
    }
  });

  // Was a bug: a local directory that does not exist printed readdirSync's raw ENOENT ... scandir.
  it("a missing ledger directory is an error saying how to get one, not ENOENT", async () => {
    const result = await run(["summarize", "/no/such/ledger-copy", "--month", "2026-11"]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      "switchyard ledger summarize: no ledger directory /no/such/ledger-copy; copy the bucket first (aws s3 sync s3://<ledger bucket> ./ledger-copy) and name that directory, or give an s3:// URL\n",
    );
  });

  it("--help, for the group and the subcommand, goes to stdout with exit 0", async () => {
    for (const args of [["--help"], ["summarize", "--help"], ["summarize", "-h"]]) {
      const result = await run(args);
      expect({ args, code: result.code, err: result.err }).toEqual({ args, code: 0, err: "" });
      expect(result.out).toMatch(/^usage: switchyard ledger/);
    }
  });

  it("says so when the month has no rows", async () => {
    const result = await run(["summarize", localCopy(), "--month", "2025-01"]);
    expect(result.out).toContain("No ledger rows for 2025-01 in ");
  });
});

/** dev's workloads (gateway, direct, hybrid), one not in the stack, and staging's rows in the same bucket copy. */
function budgetCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "ledger-budgets-"));
  const row = (environment: string, workload: string, requests: number, costUsd: string, keyName = ""): LedgerRow => ({
    environment,
    hour: "2026-11-03T08:00:00Z",
    workload,
    keyName,
    provider: "openai",
    model: "gpt-4.1",
    requests,
    errors: 0,
    cachedRequests: 0,
    tokensIn: 100,
    tokensOut: 10,
    costUsd,
    unpricedRequests: 0,
  });
  mkdirSync(join(dir, "ledger", "environment=dev"), { recursive: true });
  mkdirSync(join(dir, "ledger", "environment=staging"), { recursive: true });
  writeFileSync(
    join(dir, "ledger", "environment=dev", "2026-11-03T08.jsonl"),
    toJsonLines([
      row("dev", "checkout-assistant", 10, "80", "checkout-dev"),
      // A key dev.yaml no longer has, and requests that named no key.
      row("dev", "checkout-assistant", 3, "20", "checkout-old"),
      row("dev", "data-pipeline", 2, "0.01"),
      row("dev", "ghost-app", 1, "0.0003", "ghost-key"),
    ]),
  );
  writeFileSync(join(dir, "ledger", "environment=staging", "2026-11-03T08.jsonl"), toJsonLines([row("staging", "checkout-assistant", 7, "6200", "checkout-staging")]));
  return dir;
}
