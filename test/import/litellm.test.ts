/**
 * `switchyard import litellm` on configs that follow LiteLLM's documented examples
 * (test/fixtures/import/litellm): each becomes a stack file the loader accepts and the plan runs
 * on, with a pulumiSecret for every key, and every setting that has no equivalent reported at
 * its line, with why. Raw keys and the master key are never copied or echoed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../cli/main";
import { finishImport } from "../../import/finish";
import { importLitellm } from "../../import/litellm";
import { parseStackFile } from "../../stacks/load";
import { captureOutput } from "../support/capture-output";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "import", "litellm");
const TODAY = "2026-12-06";
const cli = (...argv: string[]) => captureOutput(() => run(argv, (name) => import(`../../cli/${name}.ts`)));
const convert = (name: string, text = readFileSync(join(FIXTURES, name), "utf8")) => {
  const options = { environment: "dev", today: TODAY, file: name };
  return finishImport(importLitellm(text, options), options);
};

describe("switchyard import litellm", () => {
  it("load balancing: a route per model_name, deployments and fallback groups as fallbacks, retries and timeout, the rest reported", () => {
    const r = convert("load-balancing.yaml");
    expect(r.defects).toEqual([]);
    expect(r.spec!.routes["gpt-4o"]).toMatchObject({
      primary: { model: "openai/gpt-4o", key: "openai-api-key" },
      fallbacks: [
        { model: "anthropic/claude-3-5-sonnet-latest", key: "anthropic-api-key" },
        { model: "openai/gpt-3.5-turbo-16k", key: "openai-api-key" },
      ],
      rollback: { model: "anthropic/claude-3-5-sonnet-latest", key: "anthropic-api-key" },
      retries: 2,
      timeoutMs: 30_000,
    });
    expect(Object.keys(r.spec!.routes)).toEqual(["gpt-4o", "gpt-3-5-turbo-16k", "claude"]);
    expect(r.spec!.providerKeys["openai-api-key"].source).toEqual({ pulumiSecret: "openaiApiKey" });
    expect(r.spec!.workloads["dev-clients"]).toMatchObject({ path: "gateway", routes: ["gpt-4o", "gpt-3-5-turbo-16k", "claude"], alerts: ["platform"] });
    expect(r.unmapped.map((u) => `${u.line} ${u.at}`)).toEqual([
      "10 model_list[0].litellm_params.rpm",
      "11 model_list[0].litellm_params.tpm",
      "8 model_list[0].litellm_params.model",
      "16 model_list[1].litellm_params.rpm",
      "21 model_list[2].litellm_params.rpm",
      "20 model_list[2].litellm_params.api_key",
      "26 model_list[3].litellm_params.rpm",
      "17 model_list[2]",
      "35 litellm_settings.fallbacks[1].zephyr-beta",
      "40 router_settings.routing_strategy",
      "41 router_settings.model_group_alias",
      "44 router_settings.redis_host",
      "45 router_settings.redis_password",
      "46 router_settings.redis_port",
      "36 litellm_settings.context_window_fallbacks",
      "37 litellm_settings.allowed_fails",
    ]);
    expect(r.unmapped.find((u) => u.at === "model_list[0].litellm_params.model")!.why).toContain('provider "huggingface" is not one AI Gateway serves');
    expect(r.unmapped.find((u) => u.at === "model_list[2].litellm_params.api_key")!.why).toBe("a second openai key: the gateway calls each provider with one key (openai-api-key), so this deployment's key is not imported");
  });

  it("the Quick Start: Azure and Bedrock cannot be route targets, a self-hosted api_base and a wildcard are reported, the master key is not copied", () => {
    const r = convert("quick-start.yaml");
    expect(r.defects).toEqual([]);
    expect(Object.keys(r.spec!.routes)).toEqual(["claude-sonnet", "gpt-4-1"]);
    const why = (at: string) => r.unmapped.find((u) => u.at === at)?.why;
    expect(why("model_list[0].litellm_params.model")).toContain("a route cannot target azure-openai");
    expect(why("model_list[1].litellm_params.model")).toContain("a route cannot target aws-bedrock");
    expect(why("model_list[4].litellm_params.api_base")).toContain("not openai's own API (a self-hosted or proxied server)");
    expect(why("model_list[5].litellm_params.model")).toContain("a wildcard passes any model");
    expect(why("general_settings.master_key")).toContain("not copied");
    expect(r.yaml).not.toContain("sk-1234");
  });

  it("budgets, credentials, cache: a 30-day proxy budget becomes the workload's, credential_list keys resolve, cache_params.ttl the gateway's cache", () => {
    const r = convert("budgets-and-keys.yaml");
    expect(r.defects).toEqual([]);
    expect(r.spec!.workloads["dev-clients"].budget).toMatchObject({ monthlyUsd: 500 });
    expect(r.spec!.gateway.cacheTtlSeconds).toBe(600);
    expect(Object.entries(r.spec!.providerKeys).map(([label, k]) => `${label} ${k.provider} ${k.source.pulumiSecret}`)).toEqual([
      "gemini-api-key google-ai-studio geminiApiKey",
      "mistral-api-key mistral mistralApiKey",
      "openai-api-key openai openaiApiKey",
    ]);
    expect(r.spec!.routes["gpt-4-1-mini"].fallbacks.map((t) => t.model)).toEqual(["google-ai-studio/gemini-2.5-flash", "mistral/mistral-large-latest"]);
    expect(r.unmapped.map((u) => u.at)).toEqual([
      "model_list[1].litellm_params.temperature",
      "model_list[2].litellm_params.max_budget",
      "model_list[2].litellm_params.budget_duration",
      "router_settings.provider_budget_config",
      "litellm_settings.default_key_generate_params",
      "general_settings.master_key",
      "general_settings.database_url",
      "environment_variables.REDIS_HOST",
    ]);
  });

  it("a raw key in the config: a pulumiSecret to set, reported without its value", () => {
    const key = ["sk", "proj", "Zyxwvutsrqponmlkjihgfedc9876"].join("-");
    const r = convert("inline.yaml", `model_list:\n  - model_name: fast\n    litellm_params:\n      model: openai/gpt-4.1-mini\n      api_key: ${key}\n`);
    expect(r.defects).toEqual([]);
    expect(r.spec!.providerKeys["openai-key"].source).toEqual({ pulumiSecret: "openaiApiKey" });
    expect(r.unmapped).toEqual([{ at: "model_list[0].litellm_params.api_key", line: 5, why: "a key written in the config (not copied): store it with pulumi config set --secret openaiApiKey, then rotate it" }]);
    expect(JSON.stringify(r)).not.toContain(key);
  });

  it("the CLI: --out writes a stack file that validates and plans (exit 0 or 1, never 2); the report goes to standard output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "import-litellm-"));
    const out = join(dir, "dev.yaml");
    const { code, stdout, stderr } = await cli("import", "litellm", join(FIXTURES, "budgets-and-keys.yaml"), "--environment", "dev", "--out", out, "--today", TODAY);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain(`3 routes, 3 provider keys, 1 workload -> ${out} (validates)`);
    expect(stdout).toMatch(/budgets-and-keys\.yaml:52 general_settings\.master_key: not copied/);
    expect(parseStackFile(readFileSync(out, "utf8"), out).ok).toBe(true);
    let planCode = 0;
    let plan = "";
    try {
      plan = execFileSync(process.execPath, [join(ROOT, "bin", "switchyard.js"), "plan", out, "--today", TODAY], { cwd: ROOT, encoding: "utf8" });
    } catch (e) {
      const failed = e as { status: number; stdout: string };
      [planCode, plan] = [failed.status, failed.stdout];
    }
    expect(planCode).not.toBe(2);
    expect(plan).toContain("1 workload, 1 gateway key, 3 routes, 3 provider keys");
  }, 120_000);

  it("bad input: an unknown source, a missing file, not a config (exit 2)", async () => {
    expect(await cli("import", "portkey", "x.yaml")).toMatchObject({ code: 2, stderr: 'switchyard import: unknown source "portkey"; the sources are litellm; see switchyard import --help\n' });
    expect((await cli("import", "litellm", "no/such.yaml")).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), "import-bad-"));
    writeFileSync(join(dir, "c.yaml"), "- just\n- a list\n");
    expect(await cli("import", "litellm", join(dir, "c.yaml"))).toMatchObject({ code: 2 });
  });
});
