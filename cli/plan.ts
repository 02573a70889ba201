/**
 * `switchyard plan <STACK|FILE> [--format text|md|json|sarif] [--out DIR] [--base GIT-REF]
 * [--policy-config FILE] [--today YYYY-MM-DD]`: the offline review report. Prints the chosen
 * format; with --out, also writes every format to DIR (plan.txt, plan.md, plan.json, plan.sarif).
 * Exit 0 when no mandatory policy fails and no lifecycle finding of --base fails, 1 when one does, 2 when nothing was planned; then --out
 * holds only plan.md, saying why, so that no earlier report is left to say "passes".
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatDefect } from "../stacks/load";
import type { PlanReport } from "../plan/report-model";
import { renderJson } from "../plan/report-json";
import { renderMarkdown, renderNotPlanned, type MarkdownOptions } from "../plan/report-markdown";
import { githubSourceLinks } from "../plan/source-links";
import { renderSarif } from "../plan/report-sarif";
import { renderText } from "../plan/report-text";
import { PlanInputError, runPlan } from "../plan/run-plan";
import { CliError, runCommand } from "./args";
import { givenToday } from "./today";
import { findProjectRoot, missingStack, POLICY_CONFIG_DIR, resolveStack } from "./project";
import { planSpec } from "./specs";

/** What the renderers may use besides the report: links for Markdown, the stack file's text for SARIF. */
export type RenderOptions = MarkdownOptions & { stackSource?: string };

export const FORMATS = {
  text: { ext: "txt", render: (r: PlanReport) => renderText(r) },
  md: { ext: "md", render: (r: PlanReport, o?: RenderOptions) => renderMarkdown(r, o) },
  json: { ext: "json", render: (r: PlanReport) => renderJson(r) },
  sarif: { ext: "sarif", render: (r: PlanReport, o?: RenderOptions) => renderSarif(r, o?.stackSource !== undefined ? { stackSource: o.stackSource } : {}) },
} as const;
type Format = keyof typeof FORMATS;

/** Every format of one report, by format name. */
export function renderAll(report: PlanReport, options: RenderOptions = {}): Record<Format, string> {
  return Object.fromEntries(Object.entries(FORMATS).map(([name, f]) => [name, f.render(report, options)])) as Record<Format, string>;
}

/** Removes the reports an earlier run left in `dir`. */
function clearOut(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const f of Object.values(FORMATS)) rmSync(join(dir, `plan.${f.ext}`), { force: true });
}

export function main(argv: string[]): Promise<number> {
  let out: string | undefined;
  let stackName: string | undefined;
  let errors = "";
  const err = (text: string) => {
    errors += text;
    process.stderr.write(text);
  };
  return runCommand(
    planSpec,
    argv,
    async ({ values, positionals }) => {
      out = values.out as string | undefined;
      if (out !== undefined) clearOut(out);
      const root = findProjectRoot();
      const [arg] = positionals;
      if (arg === undefined) throw missingStack(planSpec, root);
      const today = givenToday(values.today);
      const stack = resolveStack(arg, process.cwd(), root);
      stackName = stack.name;

      let report: PlanReport;
      let stackSource: string;
      try {
        ({ report, source: stackSource } = await runPlan({
          file: stack.display,
          ...(today !== undefined ? { today } : {}),
          ...(values["policy-config"] !== undefined ? { policyConfigFile: values["policy-config"] as string } : {}),
          ...(root ? { policyConfigDir: join(root, POLICY_CONFIG_DIR) } : {}),
          ...(values.base !== undefined ? { base: values.base as string } : {}),
        }));
      } catch (e) {
        if (!(e instanceof PlanInputError)) throw e;
        for (const d of e.defects) err(`${formatDefect(d)}\n`);
        throw new CliError(e.what, e.todo);
      }

      const format = values.format as Format;
      const outputs = renderAll(report, { sourceLinks: githubSourceLinks(process.env), stackSource });
      if (out !== undefined) for (const [name, text] of Object.entries(outputs)) writeFileSync(join(out, `plan.${FORMATS[name as Format].ext}`), text);
      process.stdout.write(outputs[format]);
      return report.summary.passed ? 0 : 1;
    },
    {
      out: (t) => process.stdout.write(t),
      err: (t) => {
        err(t);
        // Exit 2 with --out: the comment says what happened instead of an earlier run's report.
        if (out !== undefined) writeFileSync(join(out, "plan.md"), renderNotPlanned(stackName ?? "plan", errors));
      },
    },
  );
}

