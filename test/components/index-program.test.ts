/**
 * index.ts, the Pulumi program itself, under the mock engine: it loads stacks/<stack>.yaml and
 * exports the base URL, route models and key-secret ARNs, never a secret value.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mocksFor } from "../../engine/mocks";

const promiseOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((ok) => o.apply((v) => (ok(v), v)));

describe("index.ts", () => {
  it("builds the dev stack file and exports only URLs, route models and ARNs", async () => {
    await pulumi.runtime.setMocks(mocksFor("eu-west-1"), "switchyard", "dev", false);
    const config = { "switchyard:openaiApiKey": "sk-INDEX-openai", "switchyard:anthropicApiKey": "sk-INDEX-anthropic", "switchyard:geminiApiKey": "sk-INDEX-gemini", "switchyard:mistralApiKey": "sk-INDEX-mistral" };
    pulumi.runtime.setAllConfig(config, Object.keys(config));
    const program = await import("../../index");
    expect(await promiseOf(program.baseUrl)).toBe("https://ai.dev.acme.example");
    expect(program.routes).toEqual({ chat: "dynamic/chat", summarize: "dynamic/summarize", embed: "dynamic/embed" });
    expect(await promiseOf(program.gatewayId)).toBe("acme-dev");
    const arns = await promiseOf(pulumi.output(program.keySecretArns));
    expect(Object.keys(arns).sort()).toEqual(["checkout-assistant", "data-pipeline", "ops-copilot", "search-indexer", "support-summarizer"]);
    for (const arn of Object.values(arns)) expect(arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:switchyard\/dev\/workload\//);
    const exported = JSON.stringify({ baseUrl: await promiseOf(program.baseUrl), routes: program.routes, arns });
    for (const value of Object.values(config)) expect(exported).not.toContain(value);
    for (const o of [program.baseUrl, program.gatewayId, ...Object.values(program.keySecretArns)]) expect(await (o as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(false);
  });
});
