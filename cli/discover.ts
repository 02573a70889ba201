/**
 * `switchyard discover <PATH…> [--stack STACK] [--format text|md|json] [--out DIR] [--today
 * YYYY-MM-DD]`: where application code reaches AI providers (discover/), the sprawl it shows,
 * drafted workloads and decision records, and with --stack the code held to the stack file. With
 * --out, writes discover.txt, discover.md, discover.json, draft-stack.yaml (every service drafted
 * into a skeleton stack file) and, with --stack, workloads.yaml (the services the stack file lacks)
 * and decisions.md (their drafted records). Exit 0, 1 on a failing finding, 2 on bad input.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { discover } from "../discover/run";
import { renderDiscoverJson, renderDiscoverMarkdown, renderDiscoverText } from "./discover-report";
import { decisionsReport, renderDecisionsMarkdown } from "../plan/report-decisions";
import { CliError, missingArgument, runCommand } from "./args";
import { todayOption } from "./today";
import { findProjectRoot, loadValidStack, resolveStack } from "./project";
import { discoverSpec } from "./specs";

const FORMATS = { text: renderDiscoverText, md: renderDiscoverMarkdown, json: renderDiscoverJson } as const;

export function main(argv: string[]): Promise<number> {
  return runCommand(discoverSpec, argv, async ({ values, positionals }) => {
    if (positionals.length === 0) throw missingArgument(discoverSpec, "PATH", "name the application source trees to read, e.g. switchyard discover services/");
    for (const p of positionals) if (!existsSync(resolve(p))) throw new CliError(`${p} does not exist`, "name a directory or file of application code");
    const today = todayOption(values.today);
    const stackArg = values.stack as string | undefined;
    let stack;
    if (stackArg !== undefined) {
      const ref = resolveStack(stackArg, process.cwd(), findProjectRoot());
      const spec = loadValidStack(ref.display);
      stack = { text: readFileSync(ref.file, "utf8"), file: ref.display, spec };
    }
    const report = await discover({ paths: positionals, today, ...(stack ? { stack } : {}) });
    const out = values.out as string | undefined;
    if (out !== undefined) {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, "discover.txt"), renderDiscoverText(report));
      writeFileSync(join(out, "discover.md"), renderDiscoverMarkdown(report));
      writeFileSync(join(out, "discover.json"), renderDiscoverJson(report));
      writeFileSync(join(out, "draft-stack.yaml"), report.draft.yaml);
      if (report.stackDraft) {
        writeFileSync(join(out, "workloads.yaml"), report.stackDraft.fragment);
        writeFileSync(join(out, "decisions.md"), renderDecisionsMarkdown(decisionsReport(report.stack!.file, report.stack!.environment, today, report.stackDraft.records)));
      }
    }
    process.stdout.write(FORMATS[values.format as keyof typeof FORMATS](report));
    return report.failed ? 1 : 0;
  });
}
