import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleUsageExport } from "../../runtime/usage-export/bundle";
import { ENV, WORKLOADS_FILE } from "../../runtime/usage-export/contract";
import { configFrom, loadConfig } from "../../runtime/usage-export/handler";

const ENV_OK = { [ENV.environment]: "dev", [ENV.accountId]: "a", [ENV.gatewayId]: "g", [ENV.bucket]: "b", [ENV.tokenSecretArn]: "arn", [ENV.exportEveryMinutes]: "15" };

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

  it("reads its workloads from the file beside its code: the bundle, loaded from a directory as Lambda loads it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "usage-export-"));
    writeFileSync(join(dir, "index.js"), await bundleUsageExport());
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(join(dir, "index.js")) as { loadConfig: typeof loadConfig };
    expect(() => bundled.loadConfig(ENV_OK)).toThrow(`workloads.json is missing beside the function's code (${dir})`);
    writeFileSync(join(dir, WORKLOADS_FILE), '{"workloads":["checkout","search"],"keys":{"checkout":["checkout-web"]}}');
    expect(bundled.loadConfig(ENV_OK)).toEqual({
      environment: "dev",
      accountId: "a",
      gatewayId: "g",
      bucket: "b",
      tokenSecretArn: "arn",
      exportEveryMinutes: 15,
      workloads: ["checkout", "search"],
      keys: { checkout: ["checkout-web"] },
    });
  });

  it("refuses to start without its configuration, naming what is missing or malformed", () => {
    const file = '{"workloads":["checkout","search"]}';
    expect(configFrom(ENV_OK, file)).toMatchObject({ environment: "dev", exportEveryMinutes: 15, tokenSecretArn: "arn", workloads: ["checkout", "search"] });
    expect(configFrom(ENV_OK, '{"workloads":[]}').workloads).toEqual([]);
    for (const bad of ['{"workloads":"checkout"}', "{}", "[]", "null"]) {
      expect(() => configFrom(ENV_OK, bad)).toThrow("workloads.json: workloads must be an array of workload labels");
    }
    expect(() => configFrom(ENV_OK, "checkout")).toThrow("workloads.json is not JSON");
    // Key names per workload: optional (without them key labels are not checked).
    expect(configFrom(ENV_OK, file).keys).toBeUndefined();
    expect(configFrom(ENV_OK, '{"workloads":["checkout","search"],"keys":{"checkout":["checkout-web","checkout-batch"],"search":[]}}').keys).toEqual({ checkout: ["checkout-web", "checkout-batch"], search: [] });
    for (const bad of ['["checkout-web"]', '{"checkout":"checkout-web"}', "null"]) {
      expect(() => configFrom(ENV_OK, `{"workloads":["checkout"],"keys":${bad}}`)).toThrow("workloads.json: keys must be an object of workload labels to arrays of key names");
    }
    // Former labels per workload, and the gateway's maxStored: optional.
    expect(configFrom({ ...ENV_OK, [ENV.maxStored]: "100000" }, '{"workloads":["checkout"],"renamedFrom":{"checkout":["shop"]}}')).toMatchObject({ renamedFrom: { checkout: ["shop"] }, maxStored: 100_000 });
    // Fallback prices: JSON numbers, read as their exact decimal.
    expect(configFrom(ENV_OK, '{"workloads":["checkout"],"fallbackPrices":{"workers-ai/llama-3.1-8b":0.0002}}').fallbackPrices).toEqual({ "workers-ai/llama-3.1-8b": "0.0002" });
    expect(() => configFrom(ENV_OK, '{"workloads":["checkout"],"fallbackPrices":{"openai/gpt-4.1":"cheap"}}')).toThrow("workloads.json: fallbackPrices must be an object of provider/model to US dollars per request, at least 0");
    expect(() => configFrom(ENV_OK, '{"workloads":["checkout"],"renamedFrom":["shop"]}')).toThrow("workloads.json: renamedFrom must be an object of workload labels to arrays of former labels");
    expect(() => configFrom({ ...ENV_OK, [ENV.maxStored]: "lots" }, file)).toThrow("GATEWAY_LOGS_MAX_STORED must be a positive integer");
    expect(() => configFrom({ ...ENV_OK, [ENV.bucket]: undefined }, file)).toThrow("environment variable LEDGER_BUCKET is not set");
    expect(() => configFrom({ ...ENV_OK, [ENV.exportEveryMinutes]: "soon" }, file)).toThrow("EXPORT_EVERY_MINUTES must be a positive integer");
  });
});
