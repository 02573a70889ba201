/** Runs `switchyard validate` in-process (cli/validate.ts main) or as a child process, capturing its output. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { main } from "../../cli/validate";

export interface ValidateRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** cli/validate.ts's main with process.stdout/stderr captured; cwd is the current directory. */
export async function runValidateInProcess(argv: string[]): Promise<ValidateRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}

export const BIN = join(__dirname, "..", "..", "bin", "switchyard.js");

/** ./bin/switchyard.js validate ... as a child process in `cwd`. */
export function runValidateBin(argv: string[], cwd: string): ValidateRun {
  const r = spawnSync(process.execPath, [BIN, "validate", ...argv], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
