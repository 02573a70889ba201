/**
 * `switchyard decisions <STACK|FILE> [--format md|json] [--out DIR] [--today YYYY-MM-DD]`: the
 * access decision record of every workload (plan/decision-records.ts), printed in the chosen
 * format; with --out, both formats are also written to DIR (decisions.md, decisions.json).
 * Loads the stack file only: no Pulumi code. Exit 0 when printed, 2 on bad input.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decisionRecords } from "../plan/decision-records";
import { repositoryPath } from "../plan/repo-path";
import { decisionsReport, renderDecisionsJson, renderDecisionsMarkdown } from "../plan/report-decisions";
import { runCommand } from "./args";
import { todayOption } from "./today";
import { findProjectRoot, loadValidStack, missingStack, resolveStack } from "./project";
import { decisionsSpec } from "./specs";

const FORMATS = { md: renderDecisionsMarkdown, json: renderDecisionsJson } as const;

export function main(argv: string[]): Promise<number> {
  return runCommand(decisionsSpec, argv, ({ values, positionals }) => {
    const root = findProjectRoot();
    const [arg] = positionals;
    if (arg === undefined) throw missingStack(decisionsSpec, root);
    const today = todayOption(values.today);
    const stack = resolveStack(arg, process.cwd(), root);
    const spec = loadValidStack(stack.display);
    const report = decisionsReport(repositoryPath(stack.file), spec.environment, today, decisionRecords(spec, today));
    const out = values.out as string | undefined;
    if (out !== undefined) {
      mkdirSync(out, { recursive: true });
      for (const [format, render] of Object.entries(FORMATS)) writeFileSync(join(out, `decisions.${format}`), render(report));
    }
    process.stdout.write(FORMATS[values.format as keyof typeof FORMATS](report));
    return 0;
  });
}
