/**
 * `switchyard validate [FILE|STACK ...] [--all] [--format text|json]`: checks stack files
 * without loading any Pulumi code. Exit 0 when every file is valid, 2 when not.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkAcrossStacks, type LoadedStack } from "../stacks/cross-checks";
import { formatDefect, parseStackFile, type StackDefect } from "../stacks/load";

const STACKS_DIR = "stacks";

/** A stack name (`prod`) means stacks/prod.yaml; anything else is a path. */
export function stackFilePath(nameOrFile: string, stacksDir = STACKS_DIR): string {
  return /^[a-z][a-z0-9-]*$/.test(nameOrFile) && !existsSync(nameOrFile) ? join(stacksDir, `${nameOrFile}.yaml`) : nameOrFile;
}

export interface ValidationReport {
  valid: boolean;
  files: Array<{ file: string; environment?: string; valid: boolean; defects: StackDefect[] }>;
  /** Defects that only show across environments (with --all or several files). */
  acrossStacks: StackDefect[];
}

export function validateFiles(files: string[]): ValidationReport {
  const loaded: LoadedStack[] = [];
  const results = files.map((file) => {
    if (!existsSync(file)) return { file, valid: false, defects: [{ file, line: 1, col: 1, path: "", message: "no such file" }] };
    if (statSync(file).isDirectory()) return { file, valid: false, defects: [{ file, line: 1, col: 1, path: "", message: "is a directory: name stack files, or use --all for every file in stacks/" }] };
    const result = parseStackFile(readFileSync(file, "utf8"), file);
    if (!result.ok) return { file, valid: false, defects: result.defects };
    loaded.push({ file, spec: result.spec, locate: result.locate });
    return { file, environment: result.spec.environment, valid: true, defects: [] };
  });
  const acrossStacks = files.length > 1 ? checkAcrossStacks(loaded) : [];
  return { valid: results.every((r) => r.valid) && acrossStacks.length === 0, files: results, acrossStacks };
}

export function renderText(report: ValidationReport): string {
  const lines = [...report.files.flatMap((f) => f.defects), ...report.acrossStacks].map(formatDefect);
  const bad = report.files.filter((f) => !f.valid).length;
  const count = lines.length;
  lines.push(
    report.valid
      ? `${report.files.length} stack file${report.files.length === 1 ? "" : "s"} valid: ${report.files.map((f) => f.file).join(", ")}`
      : `${count} defect${count === 1 ? "" : "s"}${bad ? ` in ${bad} of ${report.files.length} file${report.files.length === 1 ? "" : "s"}` : ""}${report.acrossStacks.length ? ` (${report.acrossStacks.length} across environments)` : ""}; nothing may be deployed or planned from an invalid file`,
  );
  return `${lines.join("\n")}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { all: { type: "boolean", default: false }, format: { type: "string", default: "text" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || (!values.all && positionals.length === 0) || !["text", "json"].includes(values.format ?? "")) {
    process.stderr.write("usage: switchyard validate [FILE|STACK ...] [--all] [--format text|json]\n");
    return values.help ? 0 : 2;
  }
  if (values.all && !existsSync(STACKS_DIR)) {
    process.stderr.write(`switchyard validate --all: no ${STACKS_DIR}/ folder in ${process.cwd()}; run it from the project root, or name the files\n`);
    return 2;
  }
  const all = values.all ? readdirSync(STACKS_DIR).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort().map((f) => join(STACKS_DIR, f)) : [];
  // One file named two ways (dev, ./stacks/dev.yaml, an absolute path) is validated once.
  const byLocation = new Map<string, string>();
  for (const file of [...all, ...positionals.map((p) => stackFilePath(p))]) {
    const location = resolve(file);
    if (!byLocation.has(location)) byLocation.set(location, file);
  }
  const files = [...byLocation.values()];
  const report = validateFiles(files);
  process.stdout.write(values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
  return report.valid ? 0 : 2;
}
