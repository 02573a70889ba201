/** Runs a command's main in process with process.stdout and process.stderr captured. */
import { vi } from "vitest";

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function captureOutput(main: () => Promise<number>): Promise<CommandRun> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((c) => ((stdout += String(c)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((c) => ((stderr += String(c)), true));
  try {
    return { code: await main(), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
