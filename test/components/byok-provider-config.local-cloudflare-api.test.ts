/**
 * The BYOK provider-config dynamic provider, through the official `cloudflare` SDK, against a
 * local stand-in for Cloudflare's provider-config endpoints (test/support/cloudflare-provider-configs-standin.ts,
 * whose answers are typed by the SDK). The provider is also run in the form Pulumi stores it:
 * serialised with pulumi.runtime.serializeFunction and loaded back with require-from-string, as
 * @pulumi/pulumi's dynamic provider host (cmd/dynamic-provider) does.
 */
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { byokProviderConfigProvider as provider, type ByokProviderConfigOutputs } from "../../components/byok-provider-config";
import type { ByokProviderConfigInputs } from "../../components/contract";
import { isCloudflareApiError, listProviderConfigs } from "../../components/cloudflare-byok-api";
import { CREATE_BODY_FIELDS, ProviderConfigsStandIn } from "../support/cloudflare-provider-configs-standin";

const ACCOUNT = "1f2e3d4c5b6a79880123456789abcdef";
const TOKEN = "cf-test-token-do-not-echo-7788";
const KEY = "sk-proj-test-key-value-never-echoed-0001";
const ROTATED = "sk-proj-test-key-value-never-echoed-0002";
const cf = new ProviderConfigsStandIn(ACCOUNT, "acme-dev", TOKEN);
const base = () => cf.base;

beforeAll(async () => {
  await cf.start();
  process.env.SWITCHYARD_CLOUDFLARE_API_BASE = cf.baseUrl;
});
afterAll(async () => {
  delete process.env.SWITCHYARD_CLOUDFLARE_API_BASE;
  delete process.env.CLOUDFLARE_API_TOKEN;
  await cf.stop();
});
beforeEach(() => {
  process.env.CLOUDFLARE_API_TOKEN = TOKEN;
  cf.reset();
});

const inputs: ByokProviderConfigInputs = { accountId: ACCOUNT, gatewayId: "acme-dev", alias: "default", providerSlug: "openai", defaultConfig: true, secret: KEY };
const created = async (from: ByokProviderConfigInputs = inputs) => {
  const { id, outs } = await provider.create!(from);
  return { id, outs: outs as ByokProviderConfigOutputs };
};

describe("BYOK provider config dynamic provider (official SDK against a local stand-in)", () => {
  it("create POSTs alias default and the key itself; Cloudflare keeps the key in a Secrets Store secret the config owns", async () => {
    const { id, outs } = await created();
    expect(id).toBe("cfg-1");
    expect(outs).toEqual({ ...inputs, configId: "cfg-1", secretId: "store-secret-cfg-1", modifiedAt: "2026-11-27T00:00:00Z" });
    expect(cf.seen).toEqual([
      { method: "POST", url: base(), authorization: `Bearer ${TOKEN}`, body: { alias: "default", provider_slug: "openai", default_config: true, secret: KEY } },
    ]);
    expect(Object.keys(cf.seen[0].body!).every((f) => (CREATE_BODY_FIELDS as readonly string[]).includes(f))).toBe(true);
    expect(cf.store.get("store-secret-cfg-1")).toEqual({ value: KEY, ownedBy: "cfg-1" });
  });

  it("read GETs the one config and reports drift from Cloudflare, keeping the key it never echoes", async () => {
    const { id, outs } = await created();
    cf.configs.get(id)!.default_config = false;
    expect(await provider.read!(id, outs)).toEqual({ id, props: { ...outs, defaultConfig: false } });
    expect(cf.seen.at(-1)).toMatchObject({ method: "GET", url: `${base()}/${id}` });
  });

  it("read still finds a config when GET of one config answers 404 but the list has it (the path is unverified)", async () => {
    const { id, outs } = await created();
    cf.singleConfigRoute = false;
    expect(await provider.read!(id, outs)).toEqual({ id, props: outs });
    expect(cf.seen.slice(-3).map((r) => `${r.method} ${r.url.replace(base(), "")}`)).toEqual([`GET /${id}`, "GET ", "GET ?page=2"]);
  });

  it("read of a config that is gone (404, and not listed) returns no id, so the engine drops it from state", async () => {
    expect(await provider.read!("cfg-404", { ...inputs, configId: "cfg-404", secretId: "s" })).toEqual({});
  });

  it("the list pages as the SDK does, until an empty page: result_info has no total_pages", async () => {
    cf.pageSize = 2;
    for (const slug of ["openai", "anthropic", "mistral", "groq", "deepseek"]) await created({ ...inputs, providerSlug: slug });
    cf.seen.length = 0;
    const all = await listProviderConfigs({ baseUrl: cf.baseUrl, token: TOKEN }, ACCOUNT, "acme-dev");
    expect(all.map((c) => c.provider_slug)).toEqual(["openai", "anthropic", "mistral", "groq", "deepseek"]);
    expect(cf.seen.map((r) => new URL(r.url, "http://x").searchParams.get("page") ?? "1")).toEqual(["1", "2", "3", "4"]);
  });

  it("a new key is an update (PUT { secret }), not a replacement; any other change replaces, deleting first", async () => {
    const outs = { ...inputs, configId: "cfg-1", secretId: "store-secret-cfg-1" };
    expect(await provider.diff!("cfg-1", outs, { ...inputs, secret: ROTATED })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
    expect(await provider.diff!("cfg-1", outs, { ...inputs, providerSlug: "anthropic" })).toEqual({ changes: true, replaces: ["providerSlug"], deleteBeforeReplace: true });
    expect(await provider.diff!("cfg-1", outs, { ...inputs })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it("update PUTs only the new key to the config's own path: same config, same Secrets Store secret, new value", async () => {
    const { id, outs } = await created();
    const updated = await provider.update!(id, outs, { ...inputs, secret: ROTATED });
    expect(updated.outs).toEqual({ ...inputs, secret: ROTATED, configId: id, secretId: outs.secretId, modifiedAt: "2026-11-28T00:00:00Z" });
    expect(cf.seen.at(-1)).toEqual({ method: "PUT", url: `${base()}/${id}`, authorization: `Bearer ${TOKEN}`, body: { secret: ROTATED } });
    expect(cf.store.get(outs.secretId)).toEqual({ value: ROTATED, ownedBy: id });
  });

  it("delete DELETEs the config, and Cloudflare deletes its own secret with it; deleting one already gone succeeds", async () => {
    const { id, outs } = await created();
    await provider.delete!(id, outs);
    expect(cf.seen.at(-1)).toMatchObject({ method: "DELETE", url: `${base()}/${id}` });
    expect([cf.configs.size, cf.store.size]).toEqual([0, 0]);
    await expect(provider.delete!(id, outs)).resolves.toBeUndefined();
  });

  it("a delete answered 404 for a config the list still has is an error, not a silent success", async () => {
    const { id, outs } = await created();
    cf.failures.push({ status: 404, body: { success: false, errors: [{ code: 7003, message: "Could not route to the requested resource" }], result: null } });
    await expect(provider.delete!(id, outs)).rejects.toThrow("Cloudflare delete provider config failed with HTTP 404: 7003 Could not route to the requested resource");
    expect(cf.configs.has(id)).toBe(true);
  });

  it("a replacement (delete first, then create) never touches a secret it does not own: the new config brings its own key", async () => {
    cf.store.set("pulumi-managed", { value: "sk-other-secret-value-000000000000" });
    const old = await created();
    await provider.delete!(old.id, old.outs);
    const replacement = await created({ ...inputs, providerSlug: "anthropic" });
    expect(cf.store.get("pulumi-managed")).toEqual({ value: "sk-other-secret-value-000000000000" });
    expect([...cf.store.keys()]).toEqual(["pulumi-managed", replacement.outs.secretId]);
    expect(cf.seen.filter((r) => r.method === "POST").every((r) => r.body!.secret_id === undefined)).toBe(true);
  });

  it("a 400 answer becomes an error with Cloudflare's codes and messages, never the key", async () => {
    cf.failures.push({ status: 400, body: { success: false, errors: [{ code: 7001, message: "Input Validation Error" }], result: null } });
    const error = await provider.create!(inputs).catch((e: unknown) => e);
    expect(isCloudflareApiError(error)).toBe(true);
    expect((error as Error).message).toBe("Cloudflare create provider config failed with HTTP 400: 7001 Input Validation Error");
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message, stack: (error as Error).stack })).not.toContain(KEY);
  });

  it("a second config for the same provider and alias is refused by Cloudflare (one key per provider per gateway)", async () => {
    await created();
    await expect(provider.create!(inputs)).rejects.toThrow("Cloudflare create provider config failed with HTTP 400: 7001 a provider config for openai with alias default exists");
  });

  it("a 401 answer fails without echoing the token", async () => {
    process.env.CLOUDFLARE_API_TOKEN = "wrong-token-also-secret-1234";
    const error = (await provider.create!(inputs).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe("Cloudflare create provider config failed with HTTP 401: 10000 Authentication error");
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain("wrong-token");
  });

  it("a 2xx answer with success: false is an error; a 5xx is retried by the SDK, then reported", async () => {
    cf.failures.push({ status: 200, body: { success: false, errors: [{ code: 1002, message: "Gateway not found" }], result: null } });
    const { id, outs } = await created().catch(() => ({ id: "", outs: undefined }));
    expect(id).toBe("");
    expect(outs).toBeUndefined();
    cf.failures.push(...[1, 2, 3].map(() => ({ status: 502, body: "<html>bad gateway</html>" })));
    await expect(provider.read!("cfg-1", { ...inputs, configId: "cfg-1", secretId: "s" })).rejects.toThrow(/^Cloudflare get provider config failed with HTTP 502: /);
    expect(cf.seen.filter((r) => r.method === "GET")).toHaveLength(3);
  });

  it("a delete refused by Cloudflare (other than 404) is an error", async () => {
    cf.failures.push({ status: 403, body: { success: false, errors: [{ code: 10001, message: "Forbidden" }], result: null } });
    await expect(provider.delete!("cfg-9", { ...inputs, configId: "cfg-9", secretId: "s" })).rejects.toThrow("Cloudflare delete provider config failed with HTTP 403: 10001 Forbidden");
  });

  it("without CLOUDFLARE_API_TOKEN it refuses before calling anything", async () => {
    delete process.env.CLOUDFLARE_API_TOKEN;
    await expect(provider.create!(inputs)).rejects.toThrow(/^CLOUDFLARE_API_TOKEN is not set/);
    expect(cf.seen).toEqual([]);
  });
});

describe("the provider as Pulumi stores it (serialised, then loaded like @pulumi/pulumi cmd/dynamic-provider)", () => {
  /** What pulumi.dynamic.Resource stores under __provider, and what the provider host runs. */
  async function serialised(): Promise<{ text: string; provider: typeof provider }> {
    const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    const requireFromString = createRequire(require.resolve("@pulumi/pulumi/package.json"))("require-from-string") as (code: string) => { handler: () => typeof provider };
    return { text, provider: requireFromString(text).handler() };
  }

  it("loads the SDK in the provider process, holds no token, and creates, reads, rotates and deletes a config", async () => {
    const { text, provider: stored } = await serialised();
    expect(text).toContain('require("cloudflare")');
    expect(text).not.toContain(TOKEN);
    const { id, outs } = await stored.create!(inputs);
    expect((await stored.read!(id, outs)).props).toMatchObject({ configId: id, providerSlug: "openai" });
    await stored.update!(id, outs!, { ...inputs, secret: ROTATED });
    expect(cf.store.get(outs!.secretId)?.value).toBe(ROTATED);
    await stored.delete!(id, outs!);
    expect(cf.seen.map((r) => r.method)).toEqual(["POST", "GET", "PUT", "DELETE"]);
  });
});
