/**
 * CLI start-up: `switchyard --version`, `switchyard validate --help` and `switchyard validate
 * <stack>` as a user runs them (a fresh process each), against bare `node` for the floor. The
 * commands run interleaved, round by round, so that a busy moment of the shared machine hits all
 * of them alike; medians with the middle half's spread.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { median, ms, percentile } from "./stats";

const root = join(__dirname, "..");
const cli = join(root, "bin", "switchyard.js");
const commands: Array<[string, string[]]> = [
  ["node -e 0 (floor)", ["-e", "0"]],
  ["switchyard --version", [cli, "--version"]],
  ["switchyard validate --help", [cli, "validate", "--help"]],
  ["switchyard validate stacks/dev.yaml", [cli, "validate", join(root, "stacks", "dev.yaml")]],
];
const ROUNDS = 15;
const times = commands.map((): number[] => []);
for (let round = -1; round < ROUNDS; round++) {
  commands.forEach(([, args], i) => {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { cwd: root, stdio: "ignore" });
    if (round >= 0) times[i]?.push(Number(process.hrtime.bigint() - start) / 1e6);
  });
}
console.log(
  [
    "## CLI start-up",
    "",
    `Each command as a fresh process, ${ROUNDS} interleaved rounds after one warm-up; median and the middle half (p25-p75), ms.`,
    "",
    "| command | median ms | p25-p75 ms |",
    "|---|---:|---:|",
    ...commands.map(([name], i) => `| \`${name}\` | ${ms(median(times[i] ?? []))} | ${ms(percentile(times[i] ?? [], 25))}-${ms(percentile(times[i] ?? [], 75))} |`),
  ].join("\n"),
);
