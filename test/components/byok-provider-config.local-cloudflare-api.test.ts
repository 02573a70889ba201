/**
 * The BYOK provider-config dynamic provider against a local HTTP server that stands in for
 * Cloudflare's REST API, following its documented request and response shapes (v4 envelope,
 * POST/GET .../ai-gateway/gateways/{gateway}/provider_configs, DELETE .../provider_configs/{id}).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { byokProviderConfigProvider as provider, type ByokProviderConfigInputs } from "../../components/byok-provider-config";
import { isCloudflareApiError, listProviderConfigs } from "../../components/cloudflare-byok-api";

const ACCOUNT = "1f2e3d4c5b6a79880123456789abcdef";
const TOKEN = "cf-test-token-do-not-echo-7788";
const base = `/client/v4/accounts/${ACCOUNT}/ai-gateway/gateways/acme-dev/provider_configs`;

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body?: Record<string, unknown>;
}
let server: Server;
let seen: Seen[] = [];
let configs = new Map<string, Record<string, unknown>>();
let nextFailure: { status: number; body: unknown } | undefined;
let pageSize = 50;

const envelope = (result: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ success: true, errors: [], messages: [], result, ...extra });
const failure = (errors: unknown[]) => JSON.stringify({ success: false, errors, messages: [], result: null });

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : undefined;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
    res.setHeader("content-type", "application/json");
    if (nextFailure) {
      const f = nextFailure;
      nextFailure = undefined;
      res.writeHead(f.status).end(typeof f.body === "string" ? f.body : JSON.stringify(f.body));
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end(failure([{ code: 10000, message: "Authentication error" }]));
    const url = new URL(req.url!, "http://x");
    if (req.method === "POST" && url.pathname === base) {
      const missing = ["alias", "provider_slug", "default_config"].filter((f) => body?.[f] === undefined);
      if (missing.length || (body?.secret_id === undefined && body?.secret === undefined)) {
        return void res.writeHead(400).end(failure(missing.map((m) => ({ code: 7001, message: "Input Validation Error", path: [m] }))));
      }
      const id = `cfg-${configs.size + 1}`;
      const config = { id, account_id: ACCOUNT, account_tag: ACCOUNT, gateway_id: "acme-dev", modified_at: "2026-11-27T00:00:00Z", secret_preview: "sk-...", ...body };
      configs.set(id, config);
      return void res.writeHead(200).end(envelope(config));
    }
    if (req.method === "GET" && url.pathname === base) {
      const page = Number(url.searchParams.get("page") ?? 1);
      const all = [...configs.values()];
      const slice = all.slice((page - 1) * pageSize, page * pageSize);
      return void res.writeHead(200).end(envelope(slice, { result_info: { page, per_page: pageSize, count: slice.length, total_count: all.length, total_pages: Math.max(1, Math.ceil(all.length / pageSize)) } }));
    }
    const one = url.pathname.startsWith(`${base}/`) ? decodeURIComponent(url.pathname.slice(base.length + 1)) : undefined;
    if (req.method === "DELETE" && one !== undefined) {
      if (!configs.delete(one)) return void res.writeHead(404).end(failure([{ code: 7003, message: "Could not route to the requested resource" }]));
      return void res.writeHead(200).end(envelope({ id: one }));
    }
    res.writeHead(405).end(failure([{ code: 10405, message: "Method not allowed" }]));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  process.env.SWITCHYARD_CLOUDFLARE_API_BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
});
afterAll(async () => {
  delete process.env.SWITCHYARD_CLOUDFLARE_API_BASE;
  delete process.env.CLOUDFLARE_API_TOKEN;
  await new Promise((ok) => server.close(ok));
});
beforeEach(() => {
  process.env.CLOUDFLARE_API_TOKEN = TOKEN;
  seen = [];
  configs = new Map();
  nextFailure = undefined;
  pageSize = 50;
});

const inputs: ByokProviderConfigInputs = { accountId: ACCOUNT, gatewayId: "acme-dev", alias: "openai-main", providerSlug: "openai", secretId: "store-secret-1", defaultConfig: true };

describe("BYOK provider config dynamic provider (local server following Cloudflare's documented REST shapes)", () => {
  it("create POSTs the documented body with the secret's id (never a value) and returns Cloudflare's id", async () => {
    const created = await provider.create!(inputs);
    expect(created.id).toBe("cfg-1");
    expect(created.outs).toEqual({ ...inputs, configId: "cfg-1", modifiedAt: "2026-11-27T00:00:00Z" });
    expect(seen).toEqual([
      { method: "POST", url: base, authorization: `Bearer ${TOKEN}`, body: { alias: "openai-main", provider_slug: "openai", secret_id: "store-secret-1", default_config: true } },
    ]);
  });

  it("read finds the config by id in the gateway's list and reports drift from Cloudflare", async () => {
    const { id, outs } = await provider.create!(inputs);
    configs.get(id)!.default_config = false;
    const read = await provider.read!(id, outs);
    expect(read).toEqual({ id, props: { ...outs, defaultConfig: false } });
    expect(seen.at(-1)).toMatchObject({ method: "GET", url: `${base}?page=1&per_page=50` });
  });

  it("read follows result_info pages", async () => {
    pageSize = 1;
    await provider.create!({ ...inputs, alias: "a" });
    const second = await provider.create!({ ...inputs, alias: "b" });
    expect((await provider.read!(second.id, second.outs)).id).toBe(second.id);
    expect((await listProviderConfigs({ baseUrl: process.env.SWITCHYARD_CLOUDFLARE_API_BASE!, token: TOKEN }, ACCOUNT, "acme-dev")).map((c) => c.alias)).toEqual(["a", "b"]);
  });

  it("read of a config that is gone returns no id, so the engine drops it from state", async () => {
    expect(await provider.read!("cfg-404", { ...inputs, configId: "cfg-404" })).toEqual({});
  });

  it("delete DELETEs the config by id; deleting one already gone succeeds", async () => {
    const { id, outs } = await provider.create!(inputs);
    await provider.delete!(id, outs!);
    expect(configs.size).toBe(0);
    expect(seen.at(-1)).toMatchObject({ method: "DELETE", url: `${base}/${id}` });
    await expect(provider.delete!(id, outs!)).resolves.toBeUndefined();
  });

  it("any change replaces, deleting first (Cloudflare has no update call)", async () => {
    const outs = { ...inputs, configId: "cfg-1" };
    expect(await provider.diff!("cfg-1", outs, { ...inputs, secretId: "store-secret-2" })).toEqual({ changes: true, replaces: ["secretId"], deleteBeforeReplace: true });
    expect(await provider.diff!("cfg-1", outs, { ...inputs })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it("a 400 validation answer becomes an error with Cloudflare's codes and messages", async () => {
    nextFailure = { status: 400, body: { success: false, errors: [{ code: 7001, message: "Input Validation Error", path: ["provider_slug"] }], result: null } };
    const error = await provider.create!(inputs).catch((e: unknown) => e);
    expect(isCloudflareApiError(error)).toBe(true);
    expect((error as Error).message).toBe("Cloudflare create provider config failed with HTTP 400: 7001 Input Validation Error");
  });

  it("a 401 answer fails without echoing the token", async () => {
    process.env.CLOUDFLARE_API_TOKEN = "wrong-token-also-secret-1234";
    const error = (await provider.create!(inputs).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe("Cloudflare create provider config failed with HTTP 401: 10000 Authentication error");
    expect(error.message).not.toContain("wrong-token");
    expect(JSON.stringify(error)).not.toContain("wrong-token");
  });

  it("a 200 answer with success: false, and an answer that is not JSON, are errors", async () => {
    nextFailure = { status: 200, body: { success: false, errors: [{ code: 1002, message: "Gateway not found" }], result: null } };
    await expect(provider.create!(inputs)).rejects.toThrow("Cloudflare create provider config failed with HTTP 200: 1002 Gateway not found");
    nextFailure = { status: 502, body: "<html>bad gateway</html>" };
    await expect(provider.read!("cfg-1", { ...inputs, configId: "cfg-1" })).rejects.toThrow("Cloudflare list provider configs failed with HTTP 502: answer is not JSON");
  });

  it("a delete refused by Cloudflare (other than 404) is an error", async () => {
    nextFailure = { status: 403, body: { success: false, errors: [{ code: 10001, message: "Forbidden" }], result: null } };
    await expect(provider.delete!("cfg-9", { ...inputs, configId: "cfg-9" })).rejects.toThrow("Cloudflare delete provider config failed with HTTP 403: 10001 Forbidden");
  });

  it("without CLOUDFLARE_API_TOKEN it refuses before calling anything", async () => {
    delete process.env.CLOUDFLARE_API_TOKEN;
    await expect(provider.create!(inputs)).rejects.toThrow(/^CLOUDFLARE_API_TOKEN is not set/);
    expect(seen).toEqual([]);
  });
});
