/**
 * `switchyard plan <STACK|FILE> [--format text|md|json|sarif] [--out DIR] [--base GIT-REF]
 * [--policy-config FILE] [--today YYYY-MM-DD]`: the offline review report. Prints the chosen
 * format; with --out, also writes every format to DIR (plan.txt, plan.md, plan.json, plan.sarif).
 * Exit 0 when no mandatory policy fails, 1 when one does, 2 on invalid input.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { PlanReport } from "../plan/report-model";
import { renderJson } from "../plan/report-json";
import { renderMarkdown } from "../plan/report-markdown";
import { renderSarif } from "../plan/report-sarif";
import { renderText } from "../plan/report-text";
import { PlanInputError, runPlan } from "../plan/run-plan";
import { stackFilePath } from "./validate";

export const FORMATS = { text: { ext: "txt", render: renderText }, md: { ext: "md", render: renderMarkdown }, json: { ext: "json", render: renderJson }, sarif: { ext: "sarif", render: renderSarif } } as const;
type Format = keyof typeof FORMATS;

const USAGE =
  "usage: switchyard plan <STACK|FILE> [--format text|md|json|sarif] [--out DIR] [--base GIT-REF] [--policy-config FILE] [--today YYYY-MM-DD]\n";

/** Every format of one report, by format name. */
export function renderAll(report: PlanReport): Record<Format, string> {
  return Object.fromEntries(Object.entries(FORMATS).map(([name, f]) => [name, f.render(report)])) as Record<Format, string>;
}

export async function main(argv: string[]): Promise<number> {
  let values: { format?: string; out?: string; base?: string; "policy-config"?: string; today?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        out: { type: "string" },
        base: { type: "string" },
        "policy-config": { type: "string" },
        today: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = values.format as Format;
  if (positionals.length !== 1 || !(format in FORMATS)) {
    process.stderr.write(USAGE);
    return 2;
  }

  let report: PlanReport;
  try {
    ({ report } = await runPlan({
      file: stackFilePath(positionals[0] as string),
      ...(values.today !== undefined ? { today: values.today } : {}),
      ...(values["policy-config"] !== undefined ? { policyConfigFile: values["policy-config"] } : {}),
      ...(values.base !== undefined ? { base: values.base } : {}),
    }));
  } catch (e) {
    if (e instanceof PlanInputError) {
      process.stderr.write(`${e.message}\n`);
      if (e.defects.length) process.stderr.write("the stack file is invalid: nothing was planned\n");
      return 2;
    }
    throw e;
  }

  if (values.out !== undefined) {
    mkdirSync(values.out, { recursive: true });
    for (const [name, text] of Object.entries(renderAll(report))) writeFileSync(join(values.out, `plan.${FORMATS[name as Format].ext}`), text);
  }
  process.stdout.write(FORMATS[format].render(report));
  return report.summary.passed ? 0 : 1;
}
