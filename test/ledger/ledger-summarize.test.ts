import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/ledger";
import { toJsonLines, type LedgerRow } from "../../runtime/usage-export/ledger-row";
import { generateStackYaml } from "../../stacks/generate-stack";
import { S3StandIn } from "../../stand-ins/s3";

const fixture = (name: string) => readFileSync(join(__dirname, "..", "usage-export", "fixtures", name), "utf8");

/** A local copy of a ledger bucket: two hour files, the exporter's state and quarantine files (not rows) and another month. */
function localCopy(): string {
  const root = mkdtempSync(join(tmpdir(), "ledger-copy-"));
  const day = join(root, "ledger", "environment=dev", "date=2026-11-26");
  mkdirSync(day, { recursive: true });
  writeFileSync(join(day, "2026-11-26T10.jsonl"), fixture("expected-ledger/2026-11-26T10.jsonl"));
  writeFileSync(join(day, "2026-11-26T11.jsonl"), fixture("expected-ledger/2026-11-26T11.jsonl"));
  const state = join(root, "state", "environment=dev", "hours", "date=2026-11-26");
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, "2026-11-26T10.json"), JSON.stringify({ version: 1, rows: [] }));
  const quarantine = join(root, "quarantine", "environment=dev", "date=2026-11-26");
  mkdirSync(quarantine, { recursive: true });
  writeFileSync(join(quarantine, "2026-11-26T10.quarantined.jsonl"), '{"id":"x","reason":"unreadable created_at","entry":{}}\n');
  const december = join(root, "ledger", "environment=dev", "date=2026-12-01");
  mkdirSync(december, { recursive: true });
  writeFileSync(join(december, "2026-12-01T00.jsonl"), fixture("expected-ledger/2026-11-26T11.jsonl").replace(/2026-11-26T11/g, "2026-12-01T00"));
  return root;
}

async function run(args: string[], s3?: S3StandIn) {
  let out = "";
  let err = "";
  const code = await main(args, { s3: s3?.client("acme-ledger"), out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const EXPECTED_CSV = [
  "month,environment,workload,provider,requests,errors,tokens_in,tokens_out,cost_usd,unpriced_requests,budget_usd,budget_used_percent",
  "2026-11,dev,checkout,anthropic,1,0,1000,300,0.015,0,,",
  "2026-11,dev,checkout,openai,3,0,170,75,0.003,0,,",
  "2026-11,dev,checkout,(all),4,0,1170,375,0.018,0,,",
  "2026-11,dev,search,openai,2,1,200,100,0.002,1,,",
  "2026-11,dev,search,(all),2,1,200,100,0.002,1,,",
  "2026-11,dev,unattributed,google-ai-studio,2,0,12,8,0.0003,0,,",
  "2026-11,dev,unattributed,(all),2,0,12,8,0.0003,0,,",
  "2026-11,*,TOTAL,(all),8,1,1382,483,0.0203,1,,",
  "",
].join("\n");

describe("switchyard ledger summarize", () => {
  it("totals a month per workload and provider from a local copy, reading hour files only", async () => {
    const result = await run(["summarize", localCopy(), "--month", "2026-11", "--format", "csv"]);
    expect(result).toEqual({ code: 0, out: EXPECTED_CSV, err: "" });
  });

  it("reads the same ledger from S3 (client stubbed at the transport), across listing pages", async () => {
    const s3 = new S3StandIn(1);
    s3.set("ledger/environment=dev/date=2026-11-26/2026-11-26T10.jsonl", fixture("expected-ledger/2026-11-26T10.jsonl"));
    s3.set("ledger/environment=dev/date=2026-11-26/2026-11-26T11.jsonl", fixture("expected-ledger/2026-11-26T11.jsonl"));
    s3.set("state/environment=dev/hours/date=2026-11-26/2026-11-26T10.json", JSON.stringify({ version: 1, rows: [] }));
    s3.set("quarantine/environment=dev/date=2026-11-26/2026-11-26T10.quarantined.jsonl", '{"id":"x","reason":"unreadable created_at","entry":{}}\n');
    const result = await run(["summarize", "s3://acme-ledger/", "--month", "2026-11", "--format", "csv"], s3);
    expect(result).toEqual({ code: 0, out: EXPECTED_CSV, err: "" });
  });

  it("renders text and Markdown with the same totals", async () => {
    const dir = localCopy();
    const text = (await run(["summarize", dir, "--month", "2026-11"])).out.split("\n");
    expect(text[0]).toBe(`Chargeback 2026-11 from ${dir}`);
    expect(text.find((l) => l.startsWith("*"))?.split(/\s{2,}/)).toEqual(["*", "TOTAL", "(all)", "8", "1", "1,382", "483", "0.0203"]);
    expect(text).toContain("1 request(s) carried no cost in the gateway logs: spend above is understated by them.");
    const md = (await run(["summarize", dir, "--month", "2026-11", "--format", "md"])).out.split("\n");
    expect(md[0]).toBe("## Chargeback 2026-11");
    expect(md).toContain("| dev | checkout | openai | 3 | 0 | 170 | 75 | 0.0030 |  |  |");
    expect(md).toContain("| **\\*** | **TOTAL** | **(all)** | **8** | **1** | **1,382** | **483** | **0.0203** |  |  |");
  });

  it("shows budget used per workload when a stack file gives budgets, only for that stack's environment", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ledger-budgets-"));
    const stack = join(dir, "prod.yaml");
    writeFileSync(stack, generateStackYaml(2));
    const row = (workload: string, environment: string, costUsd: number): LedgerRow => ({ environment, hour: "2026-11-03T08:00:00Z", workload, provider: "openai", model: "gpt-4.1", requests: 10, errors: 0, cachedRequests: 0, tokensIn: 100, tokensOut: 10, costUsd: String(costUsd), unpricedRequests: 0 });
    mkdirSync(join(dir, "ledger"));
    writeFileSync(join(dir, "ledger", "2026-11-03T08.jsonl"), toJsonLines([row("app-0000", "prod", 25), row("app-0000", "staging", 999)]));
    const result = await run(["summarize", join(dir, "ledger"), "--month", "2026-11", "--format", "csv", "--budgets", stack]);
    expect(result.code).toBe(0);
    expect(result.out.split("\n").slice(1, -1)).toEqual([
      "2026-11,prod,app-0000,openai,10,0,100,10,25,0,,",
      "2026-11,prod,app-0000,(all),10,0,100,10,25,0,100,25",
      "2026-11,prod,app-0001,(all),0,0,0,0,0,0,150,0",
      "2026-11,*,TOTAL,(all),10,0,100,10,25,0,,",
    ]);
  });

  it("refuses bad arguments with exit 2 and one error line: what went wrong; what to do", async () => {
    for (const [args, line] of [
      [["summarize", "x"], "switchyard ledger summarize: missing --month YYYY-MM, the month to sum; e.g. --month 2026-11"],
      [["summarize", "x", "--month", "2026-13"], "switchyard ledger summarize: --month 2026-13 is not a month; give it as YYYY-MM, e.g. 2026-11"],
      [["summarize", "x", "--month", "2026-11", "--format", "xml"], "switchyard ledger summarize: --format xml is not one of text, csv, md; pick one of those"],
      [["summarize", "--month", "2026-11"], "switchyard ledger summarize: missing <DIR|s3://BUCKET/PREFIX>, a local copy of the ledger bucket, or an s3:// URL; e.g. aws s3 sync s3://<ledger bucket>/ledger ./ledger-copy, then name ./ledger-copy"],
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
      "switchyard ledger summarize: no ledger directory /no/such/ledger-copy; copy the bucket first (aws s3 sync s3://<ledger bucket>/ledger ./ledger-copy) and name that directory, or give an s3:// URL\n",
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
    expect(result.out).toMatch(/^No ledger rows for 2025-01 in /);
  });
});
