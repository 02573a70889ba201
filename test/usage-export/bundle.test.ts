import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleUsageExport } from "../../runtime/usage-export/bundle";
import { ENV } from "../../runtime/usage-export/contract";
import { configFromEnv } from "../../runtime/usage-export/handler";

describe("usage-export bundle", () => {
  it("is one self-contained CommonJS file exporting the Lambda handler, identical on every build", async () => {
    const code = await bundleUsageExport();
    expect(code).toBe(await bundleUsageExport());
    // Only Node built-ins stay external (and the SDK's optional CRT signer, which it loads inside a try).
    const external = [...new Set(code.match(/require\("[^"]+"\)/g))].filter((r) => !r.startsWith('require("node:'));
    expect(external).toEqual(['require("@aws-sdk/signature-v4-crt")']);
    const dir = mkdtempSync(join(tmpdir(), "usage-export-"));
    writeFileSync(join(dir, "index.js"), code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(join(dir, "index.js")) as { handler?: unknown };
    expect(typeof loaded.handler).toBe("function");
  });

  it("refuses to start without its configuration, naming the missing variable", () => {
    const env = { [ENV.environment]: "dev", [ENV.accountId]: "a", [ENV.gatewayId]: "g", [ENV.bucket]: "b", [ENV.tokenSecretArn]: "arn", [ENV.exportEveryMinutes]: "15", [ENV.workloads]: '["checkout","search"]' };
    expect(configFromEnv(env)).toMatchObject({ environment: "dev", exportEveryMinutes: 15, tokenSecretArn: "arn", workloads: ["checkout", "search"] });
    expect(configFromEnv({ ...env, [ENV.workloads]: "[]" }).workloads).toEqual([]);
    expect(() => configFromEnv({ ...env, [ENV.workloads]: "checkout" })).toThrow("SWITCHYARD_WORKLOADS must be a JSON array of workload labels");
    // Key names per workload: optional (a function deployed before they were checked has none).
    expect(configFromEnv(env).keys).toBeUndefined();
    expect(configFromEnv({ ...env, [ENV.workloadKeys]: '{"checkout":["checkout-web","checkout-batch"],"search":[]}' }).keys).toEqual({ checkout: ["checkout-web", "checkout-batch"], search: [] });
    for (const bad of ['["checkout-web"]', '{"checkout":"checkout-web"}', "{checkout}"]) {
      expect(() => configFromEnv({ ...env, [ENV.workloadKeys]: bad })).toThrow("SWITCHYARD_WORKLOAD_KEYS must be a JSON object of workload labels to arrays of key names");
    }
    expect(() => configFromEnv({ ...env, [ENV.bucket]: undefined })).toThrow("environment variable LEDGER_BUCKET is not set");
    expect(() => configFromEnv({ ...env, [ENV.exportEveryMinutes]: "soon" })).toThrow("EXPORT_EVERY_MINUTES must be a positive integer");
  });
});
