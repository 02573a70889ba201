/**
 * Which provider keys the gateway serves (stacks/gateway-keys.ts) and the loader's refusal of a
 * second gateway-served key of one provider, for each of the three rules that decide it. The
 * route case, with its position, is in the bad corpus (byok-second-gateway-key.yaml).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gatewayKeyChoices, gatewayServedKeys } from "../../stacks/gateway-keys";
import { parseStackFile } from "../../stacks/load";
import { DEV_BASE } from "./corpus-files";

const DEV = readFileSync(DEV_BASE, "utf8");
const LAST_KEY = "    rotation: { everyDays: 90, lastRotated: 2026-11-10 }\n";
const key = (label: string, provider: string) =>
  `  ${label}:\n    provider: ${provider}\n    source: { pulumiSecret: ${label.replace(/-/g, "")} }\n    owner: platform@acme.example\n    rotation: { everyDays: 90, lastRotated: 2026-11-10 }\n`;

const MODELS_CALL_DEEPSEEK: [string, string] = ["models: [anthropic/claude-haiku-4-5]", "models: [anthropic/claude-haiku-4-5, deepseek/deepseek-chat]"];

/** dev-base.yaml with extra provider keys after the last one and optional text replacements. */
function devWith(keys: string[], ...edits: Array<[string, string]>): string {
  let text = DEV.replace(LAST_KEY, LAST_KEY + keys.join(""));
  for (const [find, replace] of edits) {
    expect(text.split(find)).toHaveLength(2);
    text = text.replace(find, replace);
  }
  return text;
}
function load(text: string) {
  const result = parseStackFile(text, "keys.yaml");
  return result.ok ? { spec: result.spec, defects: [] } : { spec: undefined, defects: result.defects.map((d) => `${d.path}: ${d.message}`) };
}

describe("gateway-served provider keys", () => {
  it("in the example: route-named keys are served; the Bedrock key only directKeys name is direct-only", () => {
    const { spec } = load(DEV);
    expect(gatewayKeyChoices(spec!).map((c) => [c.provider, c.by, c.keys.map((k) => k.label)])).toEqual([
      ["openai", "routes", ["openai-main"]],
      ["anthropic", "routes", ["anthropic-main"]],
      ["google-ai-studio", "routes", ["gemini-main"]],
      ["mistral", "routes", ["mistral-main"]],
    ]);
    expect(gatewayServedKeys(spec!)).not.toContain("bedrock-research");
  });

  it("a second key of a provider that only directKeys name is direct-only, not an error", () => {
    const { spec, defects } = load(devWith([key("openai-research", "openai")], ["directKeys: [bedrock-research]", "directKeys: [bedrock-research, openai-research]"]));
    expect(defects).toEqual([]);
    expect(gatewayServedKeys(spec!)).toEqual(["openai-main", "anthropic-main", "gemini-main", "mistral-main"]);
  });

  it("without a route naming one, the key no workload lists in directKeys is served", () => {
    const { spec, defects } = load(
      devWith([key("deepseek-main", "deepseek"), key("deepseek-research", "deepseek")], ["directKeys: [bedrock-research]", "directKeys: [bedrock-research, deepseek-research]"], MODELS_CALL_DEEPSEEK),
    );
    expect(defects).toEqual([]);
    expect(gatewayKeyChoices(spec!).find((c) => c.provider === "deepseek")).toEqual({ provider: "deepseek", by: "not-direct", keys: [{ label: "deepseek-main", at: ["providerKeys", "deepseek-main"] }] });
  });

  it("keys of a provider the gateway never calls are not served: they never reach Cloudflare", () => {
    const { spec, defects } = load(devWith([key("deepseek-a", "deepseek"), key("deepseek-b", "deepseek")]));
    expect(defects).toEqual([]);
    expect(gatewayServedKeys(spec!)).toEqual(["openai-main", "anthropic-main", "gemini-main", "mistral-main"]);
  });

  it("two keys of a provider workloads call through models, neither named in a route nor read directly: an error at the second, naming the fix", () => {
    expect(load(devWith([key("deepseek-a", "deepseek"), key("deepseek-b", "deepseek")], MODELS_CALL_DEEPSEEK)).defects).toEqual([
      'providerKeys.deepseek-b: would be a second deepseek key on this gateway (after "deepseek-a"): workloads call deepseek through the gateway, and the gateway calls each provider with one key, the one under BYOK alias "default". List "deepseek-b" in directKeys of the workloads that read it (a direct path: it then stays in AWS), name the gateway\'s deepseek key in a route, or serve it from a second gateway (its own stack file)',
    ]);
  });

  it("a provider called through models whose only key a hybrid workload reads directly: the gateway serves that key too", () => {
    const { spec, defects } = load(
      devWith([key("deepseek-main", "deepseek")], ["directKeys: [openai-main]", "directKeys: [openai-main, deepseek-main]"], MODELS_CALL_DEEPSEEK),
    );
    expect(defects).toEqual([]);
    expect(gatewayKeyChoices(spec!).find((c) => c.provider === "deepseek")?.by).toBe("direct");
    expect(gatewayServedKeys(spec!)).toContain("deepseek-main");
  });

  it("two such keys cannot be told apart: an error naming the fix", () => {
    expect(
      load(
        devWith(
          [key("deepseek-a", "deepseek"), key("deepseek-b", "deepseek")],
          ["directKeys: [openai-main]", "directKeys: [openai-main, deepseek-a, deepseek-b]"],
          MODELS_CALL_DEEPSEEK,
        ),
      ).defects,
    ).toEqual([
      'providerKeys.deepseek-b: would be a second deepseek key on this gateway (after "deepseek-a"): workloads call deepseek through the gateway, every deepseek key is in directKeys so none is direct-only, and the gateway calls each provider with one key, the one under BYOK alias "default". Name the gateway\'s deepseek key in a route, or serve it from a second gateway (its own stack file)',
    ]);
  });

  it("a route's rollback naming a second key of the primary's provider is refused too", () => {
    const { defects } = load(devWith([key("openai-old", "openai")], ["rollback: { model: openai/gpt-4o, key: openai-main }", "rollback: { model: openai/gpt-4o, key: openai-old }"]));
    expect(defects).toHaveLength(1);
    expect(defects[0]).toMatch(/^routes\.chat\.rollback\.key: provider key "openai-old" would be a second openai key on this gateway \(routes already name "openai-main"\)/);
  });
});
