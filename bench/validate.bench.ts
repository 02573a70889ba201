/**
 * `switchyard validate` on generated stacks of 10, 100 and 1,000 workloads: the loader in
 * process (parse, shape, rules) and the whole CLI as a user runs it (process start included).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackFile } from "../stacks/load";
import { generateStackYaml } from "../stacks/generate-stack";
import { median, ms, timeRuns } from "./stats";

const dir = mkdtempSync(join(tmpdir(), "switchyard-bench-"));
const cli = join(__dirname, "..", "bin", "switchyard.js");
const rows = [10, 100, 1000].map((workloads) => {
  const text = generateStackYaml(workloads);
  const file = join(dir, `gen-${workloads}.yaml`);
  writeFileSync(file, text);
  const result = parseStackFile(text, file);
  if (!result.ok) throw new Error(`generated stack of ${workloads} workloads is invalid`);
  const inProcess = median(timeRuns(workloads >= 1000 ? 7 : 15, () => parseStackFile(text, file)));
  const endToEnd = median(timeRuns(5, () => execFileSync(process.execPath, [cli, "validate", file], { stdio: "ignore" })));
  return { workloads, lines: text.split("\n").length, inProcess, endToEnd };
});
const base = rows[0];
console.log(
  [
    "## switchyard validate",
    "",
    "Generated stacks (stacks/generate-stack.ts). In process: parseStackFile (YAML with positions,",
    "credential scan, zod shape, rule checks). CLI: `switchyard validate FILE` as a process, start-up included.",
    "",
    "| workloads | lines | in process, median ms | per workload vs 10 | CLI, median ms |",
    "|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.workloads} | ${r.lines} | ${ms(r.inProcess)} | ${((r.inProcess / r.workloads) / (base.inProcess / base.workloads)).toFixed(2)}× | ${ms(r.endToEnd)} |`),
  ].join("\n"),
);
