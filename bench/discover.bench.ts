/**
 * `switchyard discover` on a generated repository of 100,000 lines (DISCOVER_BENCH_LINES to
 * change it): 20 services, half TypeScript and half Python, files of about 200 lines. Two shapes:
 * "typical", where one file in five builds an AI client and calls models (the rest is ordinary
 * code the readers skip without parsing), and "every file", where each file does (every file
 * parsed: the worst case). In process: discover() (scan, judge, draft, count); CLI: the command as
 * a process, start-up included. The budget: under 10 s for 100,000 lines.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discover } from "../discover/run";
import { median, ms } from "./stats";

const LINES = Number(process.env.DISCOVER_BENCH_LINES ?? 100_000);
const SERVICES = 20;
const FILE_LINES = 200;

function tsFile(i: number, ai: boolean): string {
  const head = ai ? ['import OpenAI from "openai";', `const client = new OpenAI({ baseURL: process.env.LLM_URL ?? "https://api.openai.com/v1", apiKey: process.env.KEY_${i} });`] : ['import { readFileSync } from "node:fs";'];
  const body: string[] = [];
  for (let f = 0; body.length < FILE_LINES - head.length - 1; f++) {
    body.push(`export async function step${f}(input: string): Promise<string> {`, `  const parts = input.split(",").map((p) => p.trim());`, `  if (parts.length > ${f}) return parts.join(";");`);
    if (ai && f % 5 === 0) body.push(`  const r = await client.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: input }] });`, `  return r.choices[0]?.message.content ?? "";`);
    else body.push(`  return readFileSync(input, "utf8").slice(0, ${f + 10});`);
    body.push("}");
  }
  return [...head, ...body, ""].join("\n");
}

function pyFile(i: number, ai: boolean): string {
  const head = ai ? ["import os", "from anthropic import Anthropic", "", `client = Anthropic(api_key=os.environ["KEY_${i}"])`] : ["import os", "import json"];
  const body: string[] = [];
  for (let f = 0; body.length < FILE_LINES - head.length - 1; f++) {
    body.push("", `def step_${f}(text):`, `    parts = [p.strip() for p in text.split(",")]`, `    if len(parts) > ${f}:`, `        return ";".join(parts)`);
    if (ai && f % 5 === 0) body.push(`    msg = client.messages.create(model="claude-haiku-4-5", max_tokens=100, messages=[{"role": "user", "content": text}])`, "    return msg.content[0].text");
    else body.push(`    return json.dumps({"n": ${f}, "path": os.path.basename(text)})`);
  }
  return [...head, ...body, ""].join("\n");
}

function generate(every: boolean): { dir: string; lines: number; files: number } {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-discover-bench-"));
  let lines = 0;
  let files = 0;
  for (let n = 0; lines < LINES; n++) {
    const service = join(dir, `service-${n % SERVICES}`, n % 2 ? "app" : "src");
    mkdirSync(service, { recursive: true });
    const ai = every || n % 5 === 0;
    const text = n % 2 ? pyFile(n, ai) : tsFile(n, ai);
    writeFileSync(join(service, `module_${n}.${n % 2 ? "py" : "ts"}`), text);
    lines += text.split("\n").length - 1;
    files++;
  }
  return { dir, lines, files };
}

async function main(): Promise<void> {
  const cli = join(__dirname, "..", "bin", "switchyard.js");
  const rows: string[] = [];
  for (const [shape, every] of [["typical (1 file in 5 calls a model)", false], ["every file calls a model", true]] as const) {
    const { dir, lines, files } = generate(every);
    const inProcess: number[] = [];
    let places = 0;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const report = await discover({ paths: [dir], today: "2026-12-06", cwd: dir });
      inProcess.push(performance.now() - start);
      places = report.services.reduce((n, s) => n + s.sites.length, 0);
    }
    const wall: number[] = [];
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      execFileSync(process.execPath, [cli, "discover", dir, "--format", "json"], { stdio: "ignore", cwd: dir });
      wall.push(performance.now() - start);
    }
    rows.push(`| ${shape} | ${lines.toLocaleString("en-US")} | ${files} | ${places.toLocaleString("en-US")} | ${ms(median(inProcess))} | ${ms(median(wall))} |`);
  }
  console.log(
    [
      "## switchyard discover",
      "",
      "A generated repository (bench/discover.bench.ts): 20 services, TypeScript and Python files of about",
      "200 lines. In process: discover() (walk, parse, judge, draft, count), median of 3; CLI: `switchyard",
      "discover DIR --format json` as a process, start-up included, median of 2. Budget: 10 s for 100,000 lines.",
      "",
      "| shape | lines | files | places found | in process, median ms | CLI, median ms |",
      "|---|---:|---:|---:|---:|---:|",
      ...rows,
    ].join("\n"),
  );
}

void main();
