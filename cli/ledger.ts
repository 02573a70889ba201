/**
 * `switchyard ledger summarize <DIR|s3://bucket/prefix> --month YYYY-MM [--format text|csv|md|json]
 * [--budgets STACK|FILE]`: the month's chargeback for finance (cli/chargeback.ts), read from a local
 * copy of the ledger bucket or straight from S3 with the caller's own AWS credentials (default
 * chain). Only hour files (`ledger/.../YYYY-MM-DDTHH.jsonl`) are rows: the exporter's state
 * (`.json`) and quarantine (`.quarantined.jsonl`) files are not; its checkpoint says which hours
 * were exported and verified, its quarantine how many entries are kept out of every sum. Exit 0 on
 * success, 2 on bad arguments or unreadable input.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { HOUR_OBJECT } from "../runtime/usage-export/ledger-store";
import { parseJsonLines, type LedgerRow } from "../runtime/usage-export/ledger-row";
import { usdOf } from "../runtime/usage-export/money";
import { readTexts, type ObjectStore } from "../runtime/usage-export/object-store";
import { CliError, errorLine, missingArgument, nearest, runCommand } from "./args";
import { monthBounds, summarize, type BudgetStack, type EnvironmentState } from "./chargeback";
import { renderCsv, renderJson, renderMarkdown, renderText } from "./chargeback-report";
import { defaultS3, environmentState, openLedger } from "./ledger-source";
import { loadValidStack, resolveStack } from "./project";
import { LEDGER_SUBCOMMANDS, ledgerHelp, ledgerSummarizeSpec } from "./specs";

/** Hour files of the month under a prefix of a store; `name` turns a key into what errors show. */
export async function readStoredLedger(store: ObjectStore, prefix: string, month: string, name: (key: string) => string = (key) => key): Promise<LedgerRow[]> {
  const keys = (await store.list(prefix)).map((o) => o.key).filter((key) => HOUR_OBJECT.exec(key)?.[1] === month);
  return (await readTexts(store, keys)).flatMap(([key, text]) => parseJsonLines(text, name(key)));
}

/** --month, named as what it is when it is not a month that has begun. */
export function checkMonth(month: string, nowMs: number): void {
  if (/^\d{4}-\d{2}-\d{2}$/.test(month)) throw new CliError(`--month ${month} is a date, not a month`, `give the month as YYYY-MM (${month.slice(0, 7)})`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError(`--month ${month} is not a month`, "give it as YYYY-MM, e.g. 2026-11");
  if (monthBounds(month).start > nowMs) throw new CliError(`--month ${month} has not begun (it is ${new Date(nowMs).toISOString().slice(0, 10)} UTC)`, "give a month up to the current one");
}

export interface LedgerDeps {
  s3?: S3Client;
  out?: (text: string) => void;
  err?: (text: string) => void;
  /** The clock, for the hours of the month that have passed. */
  now?: () => number;
}

export async function main(argv: string[], deps: LedgerDeps = {}): Promise<number> {
  const io = { out: deps.out ?? ((t: string) => process.stdout.write(t)), err: deps.err ?? ((t: string) => process.stderr.write(t)) };
  const nowMs = (deps.now ?? Date.now)();
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
      const [location] = positionals;
      if (location === undefined) throw missingArgument(ledgerSummarizeSpec, "DIR|s3://BUCKET/PREFIX", "e.g. aws s3 sync s3://<ledger bucket> ./ledger-copy, then name ./ledger-copy");
      const month = values.month as string | undefined;
      if (month === undefined) throw new CliError("missing --month YYYY-MM, the month to sum", "e.g. --month 2026-11");
      checkMonth(month, nowMs);
      const budgets = values.budgets === undefined ? undefined : budgetsOf(values.budgets as string, io.err);
      const source = openLedger(location, () => deps.s3 ?? defaultS3());
      let rows: LedgerRow[];
      const states = new Map<string, EnvironmentState>();
      try {
        rows = await readStoredLedger(source.store, source.prefix, month, source.show);
        for (const environment of new Set([...rows.map((r) => r.environment), ...(budgets ? [budgets.environment] : [])])) states.set(environment, await environmentState(source, environment, month));
      } catch (e) {
        throw new CliError(`could not read the ledger at ${location}: ${e instanceof Error ? e.message : String(e)}`, location.startsWith("s3://") ? "check the URL and your AWS credentials (the default chain)" : "check the directory holds the ledger's hour files");
      }
      const chargeback = summarize({ rows, month, source: location, ...(budgets ? { budgets } : {}), states, nowMs });
      const format = values.format as "text" | "csv" | "md" | "json";
      io.out(format === "csv" ? renderCsv(chargeback) : format === "json" ? renderJson(chargeback) : format === "md" ? renderMarkdown(chargeback, nowMs) : renderText(chargeback, nowMs));
      return 0;
    },
    io,
  );
}

/** --budgets STACK|FILE, named the way every command names stacks. */
function budgetsOf(arg: string, err: (text: string) => void): BudgetStack {
  const { display } = resolveStack(arg);
  const spec = loadValidStack(display, err);
  const fallbackPrices = Object.fromEntries(Object.entries(spec.usageLedger.fallbackPrices).map(([model, price]) => [model, usdOf(price.perRequestUsd)!]));
  return { file: display, environment: spec.environment, workloads: spec.workloads, fallbackPrices };
}
