/**
 * Bundles the exporter into one CommonJS file for the Lambda runtime, with the AWS SDK clients
 * inside (so the deployed code runs the SDK version tested here, not whatever the runtime ships).
 * The component and the tests call the same function; esbuild's output is deterministic, so an
 * unchanged exporter gives an unchanged archive and no Lambda update.
 */
import { cachedBundle } from "../bundle-cache";

export const HANDLER = "index.handler";
export const LAMBDA_RUNTIME = "nodejs24.x";

let bundled: Promise<string> | undefined;

/** The exporter bundle, built once per process: the plan and tests capture stacks repeatedly. */
export function bundleUsageExport(): Promise<string> {
  bundled ??= Promise.resolve().then(() =>
    cachedBundle({
      name: "usage-export",
      options: {
        entryPoints: ["runtime/usage-export/handler.ts"],
        platform: "node",
        target: "node24",
        format: "cjs",
        minify: true,
        legalComments: "none",
        logLevel: "silent",
      },
    }),
  );
  return bundled;
}
