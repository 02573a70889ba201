/**
 * `switchyard validate [STACK|FILE ...] [--all] [--format text|json]`: checks stack files
 * without loading any Pulumi code. Exit 0 when every file is valid, 2 when not.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkAcrossStacks, type LoadedStack } from "../stacks/cross-checks";
import { formatDefect, parseStackFile, type StackDefect } from "../stacks/load";
import { sharedAcrossStacks } from "../stacks/shared-credentials";
import { CliError, missingArgument, runCommand } from "./args";
import { findProjectRoot, listStacks, resolveStack, shown, STACKS_DIR } from "./project";
import { validateSpec } from "./specs";

export interface ValidationReport {
  valid: boolean;
  files: Array<{ file: string; environment?: string; valid: boolean; defects: StackDefect[] }>;
  /** Defects that only show across environments (with --all or several files). */
  acrossStacks: StackDefect[];
  /** Values two non-production environments share (stacks/shared-credentials.ts): reported, not refused. */
  warnings: StackDefect[];
}

/** A file to check: read from `file`, named `display` in the report (default: as given). */
export type FileToCheck = string | { file: string; display: string };

export function validateFiles(files: FileToCheck[]): ValidationReport {
  const loaded: LoadedStack[] = [];
  const results = files.map((f) => {
    const { file, display } = typeof f === "string" ? { file: f, display: f } : f;
    const result = parseStackFile(readFileSync(file, "utf8"), display);
    if (!result.ok) return { file: display, valid: false, defects: result.defects };
    loaded.push({ file: display, spec: result.spec, locate: result.locate });
    return { file: display, environment: result.spec.environment, valid: true, defects: [] };
  });
  const shared = files.length > 1 ? sharedAcrossStacks(loaded) : { defects: [], warnings: [] };
  const acrossStacks = files.length > 1 ? [...checkAcrossStacks(loaded), ...shared.defects] : [];
  return { valid: results.every((r) => r.valid) && acrossStacks.length === 0, files: results, acrossStacks, warnings: shared.warnings };
}

/** Said on success: valid is the file's shape, references and credentials, not the policy pack's verdict. */
export const POLICIES_NOT_JUDGED = "validate checks the stack file alone; the policies (budgets, alert channels, key expiry and the rest) are judged by `switchyard plan <stack>`";

export function renderText(report: ValidationReport): string {
  const lines = [...report.files.flatMap((f) => f.defects), ...report.acrossStacks].map(formatDefect);
  const bad = report.files.filter((f) => !f.valid).length;
  const count = lines.length;
  lines.push(...report.warnings.map((w) => formatDefect({ ...w, message: `warning: ${w.message}` })));
  lines.push(
    report.valid
      ? `${report.files.length} stack file${report.files.length === 1 ? "" : "s"} valid: ${report.files.map((f) => f.file).join(", ")}\n${POLICIES_NOT_JUDGED}`
      : `${count} defect${count === 1 ? "" : "s"}${bad ? ` in ${bad} of ${report.files.length} file${report.files.length === 1 ? "" : "s"}` : ""}${report.acrossStacks.length ? ` (${report.acrossStacks.length} across environments)` : ""}; nothing may be deployed or planned from an invalid file`,
  );
  return `${lines.join("\n")}\n`;
}

export function main(argv: string[]): Promise<number> {
  return runCommand(validateSpec, argv, ({ values, positionals }) => {
    const root = findProjectRoot();
    if (!values.all && positionals.length === 0) {
      const stacks = listStacks(root);
      throw missingArgument(validateSpec, "STACK|FILE", stacks.length ? `name stacks (${stacks.join(", ")}) or files, or use --all` : "name stack files, or use --all in a project");
    }
    if (values.all && listStacks(root).length === 0) {
      throw new CliError(`--all: no ${STACKS_DIR}/*.yaml in ${root ? shown(root) || "." : `${process.cwd()} or above`}`, "run it inside a project, or name the files");
    }
    const all = values.all ? listStacks(root).map((name) => resolveStack(name, process.cwd(), root)) : [];
    // One file named two ways (dev, ./stacks/dev.yaml, an absolute path) is validated once.
    const byLocation = new Map<string, { file: string; display: string }>();
    for (const ref of [...all, ...positionals.map((p) => resolveStack(p, process.cwd(), root))]) {
      const location = resolve(ref.file);
      if (!byLocation.has(location)) byLocation.set(location, ref);
    }
    const report = validateFiles([...byLocation.values()]);
    process.stdout.write(values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
    return report.valid ? 0 : 2;
  });
}

