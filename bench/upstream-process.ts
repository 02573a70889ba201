/**
 * The local stand-in for AI Gateway in a process of its own, for the front door benches: the
 * client's work and the upstream's then do not share one Node event loop, as they do not on
 * Cloudflare. Run as a child (`--child`), it prints its base URL on standard output.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { startStandIn } from "../stand-ins/ai-gateway";

export interface UpstreamProcess {
  url: string;
  pid: number;
  close(): Promise<void>;
}

export async function startUpstreamProcess(): Promise<UpstreamProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", __filename, "--child"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the upstream process exited (${code}) before it listened`)));
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  return {
    url,
    pid: child.pid!,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function child(): Promise<void> {
  const standIn = await startStandIn();
  // The bench sends hundreds of thousands of requests: keep none of them.
  standIn.received.push = () => 0;
  process.stdout.write(`${standIn.url}\n`);
  process.once("SIGTERM", () => void standIn.close().then(() => process.exit(0)));
}

if (process.argv[2] === "--child") void child();
