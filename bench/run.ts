/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after another (the
 * machine has 2 cores: running them together would measure each other), and writes their
 * Markdown sections to docs/benchmarks.md. `npm run bench -- plan` runs only matching files.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith(".bench.ts") && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
const sections = files.map((file) => {
  process.stderr.write(`bench: ${file}\n`);
  return execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", join(__dirname, file)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 }).trim();
});
const header = [
  "# Benchmarks",
  "",
  "Written by `npm run bench` (bench/run.ts); do not edit by hand. Each section comes from one run of",
  "its bench/*.bench.ts on the machine below; figures are medians of repeated runs in that one run,",
  "and ratios compare figures measured in the same run. The machine is shared and noisy: compare",
  "ratios rather than absolute times across runs.",
  "",
  `- date: ${new Date().toISOString().slice(0, 10)}`,
  `- machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  `- node: ${process.version}`,
  "",
].join("\n");
const text = `${header}\n${sections.join("\n\n")}\n`;
if (only.length === 0) writeFileSync(join(__dirname, "..", "docs", "benchmarks.md"), text);
process.stdout.write(text);
