/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after another (the
 * machine has 2 cores: running them together would measure each other), and writes their
 * Markdown sections to docs/benchmarks.md. `npm run bench -- plan` runs only matching files and
 * replaces only their sections (same `## ` heading), each marked with the date and Node it ran on.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
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
  "ratios rather than absolute times across runs. A bench re-run on its own (`npm run bench -- NAME`)",
  "replaces only its section; the date and machine below are those of the last full run.",
  "",
  `- date: ${new Date().toISOString().slice(0, 10)}`,
  `- machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  `- node: ${process.version}`,
  "",
].join("\n");
const target = join(__dirname, "..", "docs", "benchmarks.md");
if (only.length === 0) {
  const text = `${header}\n${sections.join("\n\n")}\n`;
  writeFileSync(target, text);
  process.stdout.write(text);
} else {
  // Replace each section by its heading; one run at another time says so under its heading.
  let text = readFileSync(target, "utf8");
  for (const section of sections) {
    const [heading, ...body] = section.split("\n");
    const marked = [heading, "", `_This section: measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, apart from the rest of this page._`, ...body].join("\n");
    const start = text.indexOf(`${heading}\n`);
    if (start < 0) text = `${text.trimEnd()}\n\n${marked}\n`;
    else {
      const next = text.indexOf("\n## ", start + 1);
      text = `${text.slice(0, start)}${marked}\n${next < 0 ? "" : text.slice(next)}`;
    }
  }
  writeFileSync(target, text);
  process.stdout.write(`${sections.join("\n\n")}\n`);
}
