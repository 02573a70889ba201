/**
 * Bundles the exporter into one CommonJS file for the Lambda runtime, with the AWS SDK clients
 * inside (so the deployed code runs the SDK version tested here, not whatever the runtime ships).
 * The component and the tests call the same function; esbuild's output is deterministic, so an
 * unchanged exporter gives an unchanged archive and no Lambda update.
 */
import { build } from "esbuild";
import { join } from "node:path";

export const HANDLER = "index.handler";
export const LAMBDA_RUNTIME = "nodejs24.x";

let bundled: Promise<string> | undefined;

/** The exporter bundle, built once per process: the plan and tests capture stacks repeatedly. */
export function bundleUsageExport(): Promise<string> {
  bundled ??= buildUsageExport();
  return bundled;
}

async function buildUsageExport(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, "handler.ts")],
    bundle: true,
    platform: "node",
    target: "node24",
    format: "cjs",
    write: false,
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no output for runtime/usage-export");
  return file.text;
}
