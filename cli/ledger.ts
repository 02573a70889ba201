/**
 * `switchyard ledger summarize <DIR|s3://bucket/prefix> --month YYYY-MM [--format text|csv|md] [--budgets STACKFILE]`:
 * the month's chargeback per workload and provider from the usage ledger, read from a local copy
 * of the bucket or straight from S3 with the caller's own AWS credentials (default chain).
 * Only hour files (`ledger/.../YYYY-MM-DDTHH.jsonl`) are read: the exporter's state (`.json`) and
 * quarantine (`.quarantined.jsonl`) files are not rows. Exit 0 on success, 2 on bad arguments or
 * unreadable input.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { HOUR_OBJECT } from "../runtime/usage-export/ledger-store";
import { addTotals, parseJsonLines, zeroTotals, type LedgerRow, type UsageTotals } from "../runtime/usage-export/ledger-row";
import { compareUsd, roundUsd } from "../runtime/usage-export/money";
import { readTexts, S3ObjectStore, type ObjectStore } from "../runtime/usage-export/object-store";
import { CliError, errorLine, missingArgument, nearest, runCommand } from "./args";
import { loadValidStack, resolveStack } from "./project";
import { LEDGER_SUBCOMMANDS, ledgerHelp, ledgerSummarizeSpec } from "./specs";

export interface ChargebackLine extends UsageTotals {
  environment: string;
  workload: string;
  /** A provider, or "(all)" for the workload's total. */
  provider: string;
  /** On "(all)" lines when the stack file gives the workload a budget. */
  budgetUsd?: number;
  budgetUsedPercent?: number;
}

export interface Chargeback {
  month: string;
  source: string;
  lines: ChargebackLine[];
  total: ChargebackLine;
}

/** Budgets by environment and workload, from a stack file. */
export type Budgets = { environment: string; monthlyUsd: Map<string, number> };

export function summarize(rows: readonly LedgerRow[], month: string, source: string, budgets?: Budgets): Chargeback {
  const inMonth = rows.filter((r) => r.hour.startsWith(`${month}-`) && (!budgets || r.environment === budgets.environment));
  const lines = new Map<string, ChargebackLine>();
  const line = (environment: string, workload: string, provider: string) => {
    const key = `${environment}\u0000${workload}\u0000${provider}`;
    let found = lines.get(key);
    if (!found) lines.set(key, (found = { environment, workload, provider, ...zeroTotals() }));
    return found;
  };
  const total: ChargebackLine = { environment: "*", workload: "TOTAL", provider: "(all)", ...zeroTotals() };
  for (const row of inMonth) {
    for (const target of [line(row.environment, row.workload, row.provider), line(row.environment, row.workload, "(all)"), total]) addTotals(target, row);
  }
  if (budgets) {
    for (const [workload, monthlyUsd] of budgets.monthlyUsd) {
      const all = line(budgets.environment, workload, "(all)");
      all.budgetUsd = monthlyUsd;
      all.budgetUsedPercent = Math.round((Number(all.costUsd) / monthlyUsd) * 1000) / 10;
    }
  }
  // Each workload's providers (by cost, then name), followed by its total line; workloads by name.
  const sorted = [...lines.values()].sort(
    (a, b) =>
      a.environment.localeCompare(b.environment) ||
      a.workload.localeCompare(b.workload) ||
      Number(a.provider === "(all)") - Number(b.provider === "(all)") ||
      compareUsd(b.costUsd, a.costUsd) ||
      a.provider.localeCompare(b.provider),
  );
  return { month, source, lines: sorted, total };
}

/** Dollars for reading (rounded); CSV carries the exact amount. */
const usd = (value: string | number) => roundUsd(String(value), Number(value) !== 0 && Math.abs(Number(value)) < 1 ? 4 : 2);
const int = (value: number) => value.toLocaleString("en-US");
const percent = (line: ChargebackLine) => (line.budgetUsedPercent === undefined ? "" : `${line.budgetUsedPercent.toFixed(1)}%`);

const COLUMNS = ["environment", "workload", "provider", "requests", "errors", "tokens in", "tokens out", "cost USD", "budget USD", "budget used"];
const cells = (l: ChargebackLine) => [l.environment, l.workload, l.provider, int(l.requests), int(l.errors), int(l.tokensIn), int(l.tokensOut), usd(l.costUsd), l.budgetUsd === undefined ? "" : usd(l.budgetUsd), percent(l)];

function footnotes(c: Chargeback): string[] {
  const notes: string[] = [];
  if (c.total.unpricedRequests) notes.push(`${int(c.total.unpricedRequests)} request(s) carried no cost in the gateway logs: spend above is understated by them.`);
  if (c.lines.some((l) => l.workload === "unattributed")) notes.push("`unattributed`: requests without the front door's workload metadata (called around the front door, or malformed).");
  return notes;
}

export function renderText(c: Chargeback): string {
  if (!c.lines.length) return `No ledger rows for ${c.month} in ${c.source}.\n`;
  const table = [COLUMNS, ...c.lines.map(cells), cells(c.total)];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const numeric = (i: number) => i >= 3;
  const render = (r: string[]) => r.map((cell, i) => (numeric(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd();
  return [`Chargeback ${c.month} from ${c.source}`, "", render(table[0]), ...table.slice(1).map(render), ...footnotes(c).map((n) => `\n${n}`)].join("\n") + "\n";
}

export function renderMarkdown(c: Chargeback): string {
  if (!c.lines.length) return `No ledger rows for ${c.month} in \`${c.source}\`.\n`;
  const escape = (x: string) => x.replace(/[|*_]/g, "\\$&");
  const row = (r: string[]) => `| ${r.join(" | ")} |`;
  const plain = (r: string[]) => r.map(escape);
  const bold = (r: string[]) => r.map((x) => (x ? `**${escape(x)}**` : x));
  return [
    `## Chargeback ${c.month}`,
    "",
    `Source: \`${c.source}\``,
    "",
    row(plain(COLUMNS)),
    `|${COLUMNS.map((_, i) => (i >= 3 ? "---:" : "---")).join("|")}|`,
    ...c.lines.map((l) => row(l.provider === "(all)" ? bold(cells(l)) : plain(cells(l)))),
    row(bold(cells(c.total))),
    ...footnotes(c).flatMap((n) => ["", n]),
  ].join("\n") + "\n";
}

export function renderCsv(c: Chargeback): string {
  const header = ["month", "environment", "workload", "provider", "requests", "errors", "tokens_in", "tokens_out", "cost_usd", "unpriced_requests", "budget_usd", "budget_used_percent"];
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const line = (l: ChargebackLine) =>
    [c.month, l.environment, l.workload, l.provider, l.requests, l.errors, l.tokensIn, l.tokensOut, l.costUsd, l.unpricedRequests, l.budgetUsd ?? "", l.budgetUsedPercent ?? ""].map((v) => quote(String(v))).join(",");
  return [header.join(","), ...c.lines.map(line), line(c.total)].join("\n") + "\n";
}

/** Hour objects of the month under a local directory (any depth). */
export function readLocalLedger(dir: string, month: string): LedgerRow[] {
  const rows: LedgerRow[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (HOUR_OBJECT.exec(name)?.[1] === month) rows.push(...parseJsonLines(readFileSync(full, "utf8"), relative(dir, full) || name));
    }
  };
  walk(dir);
  return rows;
}

/** Hour objects of the month under a prefix of a bucket; `name` turns a key into what errors show. */
export async function readStoredLedger(store: ObjectStore, prefix: string, month: string, name: (key: string) => string = (key) => key): Promise<LedgerRow[]> {
  const keys = (await store.list(prefix)).map((o) => o.key).filter((key) => HOUR_OBJECT.exec(key)?.[1] === month);
  return (await readTexts(store, keys)).flatMap(([key, text]) => parseJsonLines(text, name(key)));
}

/** Hour objects of the month under an s3:// URL, read with the caller's credentials. */
export async function readS3Ledger(s3: S3Client, url: string, month: string): Promise<LedgerRow[]> {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new Error(`not an s3:// URL: ${url}`);
  const [, bucket, prefix] = match;
  return readStoredLedger(new S3ObjectStore(s3, bucket), prefix, month, (key) => `s3://${bucket}/${key}`);
}

export async function main(argv: string[], deps: { s3?: S3Client; out?: (text: string) => void; err?: (text: string) => void } = {}): Promise<number> {
  const io = { out: deps.out ?? ((t: string) => process.stdout.write(t)), err: deps.err ?? ((t: string) => process.stderr.write(t)) };
  const [verb, ...rest] = argv;
  if (verb === "--help" || verb === "-h") return io.out(ledgerHelp()), 0;
  if (verb !== "summarize") {
    const near = verb === undefined ? undefined : nearest(verb, LEDGER_SUBCOMMANDS);
    const what = verb === undefined ? "missing <subcommand>" : `unknown subcommand "${verb}"${near ? ` (did you mean ${near}?)` : ""}`;
    return io.err(errorLine("ledger", what, `the subcommands are ${LEDGER_SUBCOMMANDS.join(", ")}; see switchyard ledger --help`)), 2;
  }
  return runCommand(
    ledgerSummarizeSpec,
    rest,
    async ({ values, positionals }) => {
      const [source] = positionals;
      if (source === undefined) throw missingArgument(ledgerSummarizeSpec, "DIR|s3://BUCKET/PREFIX", "e.g. aws s3 sync s3://<ledger bucket>/ledger ./ledger-copy, then name ./ledger-copy");
      const month = values.month as string | undefined;
      if (month === undefined) throw new CliError("missing --month YYYY-MM, the month to sum", "e.g. --month 2026-11");
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError(`--month ${month} is not a month`, "give it as YYYY-MM, e.g. 2026-11");
      const render = { text: renderText, csv: renderCsv, md: renderMarkdown }[values.format as "text" | "csv" | "md"];
      const budgets = values.budgets === undefined ? undefined : budgetsOf(values.budgets as string, io.err);
      let rows: LedgerRow[];
      if (!source.startsWith("s3://")) {
        if (!existsSync(source)) throw new CliError(`no ledger directory ${source}`, "copy the bucket first (aws s3 sync s3://<ledger bucket>/ledger ./ledger-copy) and name that directory, or give an s3:// URL");
        if (!statSync(source).isDirectory()) throw new CliError(`${source} is a file, not a ledger directory`, "name the directory that holds the ledger's hour objects, or an s3:// URL");
      } else if (!/^s3:\/\/[^/]+/.test(source)) throw new CliError(`${source} names no bucket`, "give it as s3://BUCKET/PREFIX");
      try {
        rows = source.startsWith("s3://")
          ? await readS3Ledger(deps.s3 ?? new S3Client({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1", followRegionRedirects: true }), source, month)
          : readLocalLedger(source, month);
      } catch (e) {
        throw new CliError(`could not read the ledger at ${source}: ${e instanceof Error ? e.message : String(e)}`, source.startsWith("s3://") ? "check the URL and your AWS credentials (the default chain)" : "check the directory holds the ledger's hour objects");
      }
      io.out(render(summarize(rows, month, source, budgets)));
      return 0;
    },
    io,
  );
}

/** --budgets STACK|FILE, named the way every command names stacks. */
function budgetsOf(arg: string, err: (text: string) => void): Budgets {
  const { display } = resolveStack(arg);
  const spec = loadValidStack(display, err);
  const monthlyUsd = new Map<string, number>();
  for (const [name, workload] of Object.entries(spec.workloads)) if (workload.budget) monthlyUsd.set(name, workload.budget.monthlyUsd);
  return { environment: spec.environment, monthlyUsd };
}
