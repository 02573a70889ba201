/** The front door's pure pieces, called directly (they use only web-standard APIs Node also has). */
import { describe, expect, it } from "vitest";
import { bodyFormData, bodyJson, readBody } from "../../runtime/front-door/body";
import { cohortFor, drawCohort, percentileOfDigest } from "../../runtime/front-door/cohort";
import { keyDigest, presentedKey, rememberedDigest, REMEMBERED_DIGESTS } from "../../runtime/front-door/credentials";
import { forwardedHeaders, forwardedQuery, OPERATIONS, recogniseEndpoint, upstreamTarget } from "../../runtime/front-door/endpoints";
import { addressAllowed, inCidr, parseAddress } from "../../runtime/front-door/ip-allow";
import { KeyMemo, MEMO_TTL_MS, NEGATIVE_TTL_MS } from "../../runtime/front-door/key-cache";
import { EXCERPT_CHARS, quoted, refusalBody } from "../../runtime/front-door/refusals";
import { canonicalModel, keyExpired, resolveScope } from "../../runtime/front-door/scope";
import { entry, sha256Hex } from "../../stand-ins/front-door-workerd";

describe("allowedIps matching", () => {
  it.each([
    ["10.1.2.3", "10.0.0.0/8", true],
    ["11.1.2.3", "10.0.0.0/8", false],
    ["192.168.1.255", "192.168.1.0/24", true],
    ["192.168.2.0", "192.168.1.0/24", false],
    ["203.0.113.7", "203.0.113.7", true],
    ["203.0.113.8", "203.0.113.7/32", false],
    ["0.0.0.1", "0.0.0.0/0", true],
    ["2001:db8::1", "2001:db8::/32", true],
    ["2001:db9::1", "2001:db8::/32", false],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1/128", true],
    ["::ffff:10.0.0.9", "10.0.0.0/8", true],
    ["fe80::1%eth0", "fe80::/10", true],
    ["10.0.0.1", "2001:db8::/32", false],
    ["2001:db8::1", "10.0.0.0/8", false],
    ["not-an-ip", "10.0.0.0/8", false],
    ["10.0.0.1", "10.0.0.0/33", false],
  ])("%s in %s: %s", (address, cidr, expected) => {
    expect(inCidr(address, cidr)).toBe(expected);
  });

  it("parses compressed and embedded-IPv4 IPv6 forms; rejects malformed ones", () => {
    expect(parseAddress("::1")).toEqual({ family: 6, value: 1n });
    expect(parseAddress("64:ff9b::192.0.2.33")?.value).toBe((0x64n << 112n) | (0xff9bn << 96n) | 0xc0000221n);
    for (const bad of ["1:2:3:4:5:6:7:8:9", "1::2::3", "256.1.1.1", "1.2.3", "12345::"]) expect(parseAddress(bad)).toBeUndefined();
  });

  it("no allowedIps means any address; with a list, a missing address is refused", () => {
    expect(addressAllowed("198.51.100.1", undefined)).toBe(true);
    expect(addressAllowed(null, ["10.0.0.0/8"])).toBe(false);
  });
});

describe("key expiry at 00:00 UTC", () => {
  it("is refused from midnight UTC on expiresOn, accepted the instant before", () => {
    expect(keyExpired("2027-03-01", new Date("2027-02-28T23:59:59.999Z"))).toBe(false);
    expect(keyExpired("2027-03-01", new Date("2027-03-01T00:00:00.000Z"))).toBe(true);
    expect(keyExpired("2027-03-01", new Date("2027-02-28T20:00:00-05:00"))).toBe(true);
  });
});

const CHAT_COMPLETIONS = { api: "openai", chatCompletions: true } as const;
const OPENAI = { api: "openai" } as const;
const MESSAGES = { api: "anthropic" } as const;
const GEMINI = { api: "gemini" } as const;
const at = (method: string, path: string, headers: Record<string, string> = {}) => recogniseEndpoint(method, new URL(`https://front-door.example${path}`), new Headers(headers));

describe("scope", () => {
  const e = entry({ routes: ["dynamic/chat", "summarize"], models: ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash"] });
  it("canonical ids: bare ids get the API's provider; chat completions keeps other providers' ids", () => {
    expect(canonicalModel(CHAT_COMPLETIONS, "gpt-4.1-mini")).toBe("openai/gpt-4.1-mini");
    expect(canonicalModel(CHAT_COMPLETIONS, "anthropic/claude-sonnet-4-6")).toBe("anthropic/claude-sonnet-4-6");
    expect(canonicalModel(MESSAGES, "claude-sonnet-4-6")).toBe("anthropic/claude-sonnet-4-6");
    expect(canonicalModel(GEMINI, "gemini-2.5-flash")).toBe("google-ai-studio/gemini-2.5-flash");
    expect(canonicalModel(OPENAI, "anthropic/x")).toBe("openai/anthropic/x");
    expect(canonicalModel(CHAT_COMPLETIONS, "openrouter/openai/gpt-4o")).toBe("openrouter/openai/gpt-4o");
  });
  it("routes in either key-table form; refusals name the callable list", () => {
    expect(resolveScope(CHAT_COMPLETIONS, "dynamic/chat", e)).toEqual({ ok: true, target: "dynamic/chat", route: "chat" });
    expect(resolveScope(CHAT_COMPLETIONS, "dynamic/summarize", e)).toEqual({ ok: true, target: "dynamic/summarize", route: "summarize" });
    expect(resolveScope(CHAT_COMPLETIONS, "anthropic/claude-sonnet-4-6", e)).toEqual({ ok: true, target: "anthropic/claude-sonnet-4-6" });
    expect(resolveScope(OPENAI, "gpt-4o", e)).toEqual({
      ok: false,
      reason: "not_in_scope",
      message: 'key "checkout-test" of workload "checkout-assistant" may not call "gpt-4o"; it may call: dynamic/chat, dynamic/summarize, openai/gpt-4.1-mini, anthropic/claude-sonnet-4-6, google-ai-studio/gemini-2.5-flash',
    });
    expect(resolveScope(MESSAGES, "dynamic/chat", e)).toMatchObject({ ok: false, reason: "bad_request" });
    expect(resolveScope(CHAT_COMPLETIONS, 42, e)).toMatchObject({ ok: false, reason: "bad_request" });
  });
});

describe("endpoint mapping", () => {
  it("paths and upstream targets", () => {
    const chat = at("POST", "/v1/chat/completions")!;
    expect(upstreamTarget(chat, "/v1/chat/completions", "openai/gpt-4.1-mini")).toEqual({ path: "openai/chat/completions", model: "gpt-4.1-mini" });
    expect(upstreamTarget(chat, "/v1/chat/completions", "dynamic/chat-primary-1a2b3c4d")).toEqual({ path: "compat/chat/completions", model: "dynamic/chat-primary-1a2b3c4d" });
    expect(upstreamTarget(at("POST", "/v1/images/generations")!, "/v1/images/generations", "openai/gpt-image-1")).toEqual({ path: "openai/images/generations", model: "gpt-image-1" });
    expect(upstreamTarget(at("POST", "/v1/audio/transcriptions")!, "/v1/audio/transcriptions", "openai/whisper-1")).toEqual({ path: "openai/audio/transcriptions", model: "whisper-1" });
    expect(upstreamTarget(at("POST", "/v1/audio/transcriptions")!, "/v1/audio/transcriptions", "anthropic/claude-sonnet-4-6")).toBeUndefined();
    expect(upstreamTarget(at("GET", "/v1/realtime")!, "/v1/realtime", "openai/gpt-realtime")).toEqual({ path: "openai", model: "gpt-realtime" });
    expect(upstreamTarget(at("GET", "/v1/batches/batch_1")!, "/v1/batches/batch_1", undefined)).toEqual({ path: "openai/batches/batch_1" });
    expect(upstreamTarget(at("POST", "/v1/messages/count_tokens")!, "/v1/messages/count_tokens", "anthropic/claude-sonnet-4-6")).toEqual({ path: "anthropic/v1/messages/count_tokens", model: "claude-sonnet-4-6" });
    const gemini = at("POST", "/v1beta/models/gemini-2.5-flash:streamGenerateContent")!;
    expect(gemini).toMatchObject({ op: { api: "gemini", family: "chat" }, captures: ["v1beta", "gemini-2.5-flash", "streamGenerateContent"], dialect: "gemini" });
    expect(upstreamTarget(gemini, "/v1beta/models/gemini-2.5-flash:streamGenerateContent", "google-ai-studio/gemini-2.5-flash")).toEqual({ path: "google-ai-studio/v1beta/models/gemini-2.5-flash:streamGenerateContent" });
    expect(at("GET", "/v1/chat/completions")).toBeUndefined();
  });

  it("GET /v1/models is OpenAI's, Anthropic's or Gemini's by the SDK's headers", () => {
    expect(at("GET", "/v1/models")?.op.name).toBe("openai models.list");
    expect(at("GET", "/v1/models", { "anthropic-version": "2023-06-01" })?.op.name).toBe("anthropic models.list");
    expect(at("GET", "/v1/models", { "x-goog-api-key": "k" })?.op.name).toBe("google-genai models.list");
    expect(at("GET", "/v1beta/models/gemini-2.5-flash")?.op.name).toBe("google-genai models.get");
    expect(at("GET", "/v1/models/openai%2Fgpt-4.1-mini")?.captures).toEqual(["openai%2Fgpt-4.1-mini"]);
  });

  it("every operation but the model lists names an endpoint family", () => {
    expect(OPERATIONS.filter((o) => o.family === null).every((o) => o.model === "list" || o.model === "retrieve")).toBe(true);
    expect(OPERATIONS.filter((o) => o.model === "list" || o.model === "retrieve").every((o) => o.family === null)).toBe(true);
  });

  it("chat completions: compat providers as provider/model, OpenRouter on its own path, Bedrock and Azure nowhere", () => {
    const chat = at("POST", "/v1/chat/completions")!;
    const path = "/v1/chat/completions";
    expect(upstreamTarget(chat, path, "grok/grok-4")).toEqual({ path: "compat/chat/completions", model: "grok/grok-4" });
    expect(upstreamTarget(chat, path, "anthropic/claude-sonnet-4-6")).toEqual({ path: "compat/chat/completions", model: "anthropic/claude-sonnet-4-6" });
    expect(upstreamTarget(chat, path, "openrouter/openai/gpt-4o")).toEqual({ path: "openrouter/chat/completions", model: "openai/gpt-4o" });
    expect(upstreamTarget(chat, path, "aws-bedrock/anthropic.claude-3")).toBeUndefined();
    expect(upstreamTarget(chat, path, "azure-openai/gpt-4o")).toBeUndefined();
  });

  it("recognises exactly what trying every operation in order recognises (the index is only faster)", () => {
    // The rule as written before the index: the first operation whose method, models API and path fit.
    const inOrder = (method: string, url: URL, headers: Headers) => {
      const path = url.pathname.replace(/\/+$/, "");
      const models = /^\/(v1|v1beta)\/models(\/|$)/.test(path) && method === "GET";
      const modelsApi = !models ? undefined : path.startsWith("/v1beta/") || headers.has("x-goog-api-key") || url.searchParams.has("key") ? "gemini" : headers.has("anthropic-version") || headers.has("x-api-key") ? "anthropic" : "openai";
      for (const o of OPERATIONS) {
        if (o.method !== method || (modelsApi !== undefined && o.api !== modelsApi)) continue;
        const match = o.path.exec(path);
        if (match) return { op: o, dialect: o.api, captures: match.slice(1) };
      }
      return undefined;
    };
    // A path for every operation (each capture filled in), and near misses.
    const paths = OPERATIONS.flatMap((o) => {
      const written = o.path.source.slice(1, -1).replaceAll("\\/", "/");
      return ["v1", "v1beta"].map((version) => written.replaceAll("(v1|v1beta)", version).replaceAll("([^/]+)", "id_1").replaceAll("([^/:]+)", "gemini-2.5-flash").replaceAll("(.+)", "openai/gpt-4.1").replace(/\((\w+)\)/, "$1"));
    });
    const variants = [...new Set(paths)].flatMap((p) => [p, `${p}/`, `${p}//`, `${p}/x`, p.slice(0, -1), p.toUpperCase(), `/v2${p.slice(3)}`]);
    const headerSets: Array<Record<string, string>> = [{}, { "anthropic-version": "2023-06-01" }, { "x-api-key": "k" }, { "x-goog-api-key": "k" }];
    let recognised = 0;
    for (const path of [...variants, "/", "/healthz", "/v1", "/v1/models", "/v1beta/models", "/v1/messages/batches/b/results/"]) {
      for (const query of ["", "?key=k"]) {
        for (const method of ["GET", "POST", "HEAD", "DELETE"]) {
          for (const h of headerSets) {
            const url = new URL(`https://front-door.example${path}${query}`);
            const expected = inOrder(method, url, new Headers(h));
            expect(recogniseEndpoint(method, url, new Headers(h)), `${method} ${path}${query} ${JSON.stringify(h)}`).toEqual(expected);
            if (expected) recognised++;
          }
        }
      }
    }
    expect(recognised).toBeGreaterThan(OPERATIONS.length * 8);
  });

  it("a malformed percent-escape in a Gemini model is recognised, not decoded (the Worker decodes after the key check)", () => {
    expect(at("POST", "/v1beta/models/gemini%ZZ:generateContent")).toMatchObject({ op: { api: "gemini" }, captures: ["v1beta", "gemini%ZZ", "generateContent"] });
  });
});

describe("credentials", () => {
  it("takes the key the way each SDK sends it", () => {
    const url = new URL("https://ai.example/v1beta/models/x:generateContent?key=from-query&alt=sse");
    expect(presentedKey(new Headers({ authorization: "Bearer from-bearer" }), url)).toBe("from-bearer");
    expect(presentedKey(new Headers({ "x-api-key": "from-anthropic" }), url)).toBe("from-anthropic");
    expect(presentedKey(new Headers({ "x-goog-api-key": "from-gemini" }), url)).toBe("from-gemini");
    expect(presentedKey(new Headers(), url)).toBe("from-query");
    expect(presentedKey(new Headers({ authorization: "Basic abc" }), new URL("https://ai.example/"))).toBeUndefined();
  });
  it("digest is the lowercase hex SHA-256 the Workload component writes", async () => {
    expect(await keyDigest("sy_example")).toBe(sha256Hex("sy_example"));
  });
  it("remembers the digests of the latest keys, a bounded number of them, oldest forgotten first", async () => {
    expect(rememberedDigest("sy_remembered_first")).toBeUndefined();
    await keyDigest("sy_remembered_first");
    expect(rememberedDigest("sy_remembered_first")).toBe(sha256Hex("sy_remembered_first"));
    for (let i = 0; i < REMEMBERED_DIGESTS - 1; i++) await keyDigest(`sy_remembered_${i}`);
    expect(rememberedDigest("sy_remembered_first")).toBe(sha256Hex("sy_remembered_first"));
    await keyDigest("sy_remembered_last");
    expect(rememberedDigest("sy_remembered_first")).toBeUndefined();
    expect(rememberedDigest("sy_remembered_last")).toBe(sha256Hex("sy_remembered_last"));
    expect(rememberedDigest(`sy_remembered_${REMEMBERED_DIGESTS - 2}`)).toBe(sha256Hex(`sy_remembered_${REMEMBERED_DIGESTS - 2}`));
  });
  it("forwards only each family's allow-list: no credential, org or project selector, gateway control or encoding", () => {
    const client = new Headers({
      authorization: "Bearer k",
      "x-api-key": "k",
      "x-goog-api-key": "k",
      "api-key": "k",
      "proxy-authorization": "Basic k",
      "cf-aig-cache-ttl": "1",
      "cf-skip-cache": "true",
      "content-encoding": "gzip",
      "openai-organization": "org-other",
      "openai-project": "proj-other",
      "x-switchyard-sticky": "u",
      "x-request-id": "r",
      accept: "text/event-stream",
      "content-type": "text/plain",
      "openai-beta": "assistants=v2",
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "tools-2024",
    });
    const names = (h: Record<string, string>) => Object.keys(h).sort();
    expect(names(forwardedHeaders("openai", client))).toEqual(["accept", "content-type", "openai-beta"]);
    expect(names(forwardedHeaders("anthropic", client))).toEqual(["accept", "anthropic-beta", "anthropic-version", "content-type"]);
    expect(names(forwardedHeaders("gemini", client))).toEqual(["accept", "content-type"]);
    expect(forwardedHeaders("openai", client)["content-type"]).toBe("application/json");
    // A form goes up with the boundary the runtime frames it with; a GET with no content-type.
    expect(names(forwardedHeaders("openai", client, null))).toEqual(["accept", "openai-beta"]);
  });
  it("forwards only each family's query parameters", () => {
    const url = new URL("https://ai.example/v1beta/models/x:streamGenerateContent?key=k&Key=k&alt=sse&beta=true&trace=1");
    expect(forwardedQuery("gemini", url)).toBe("?alt=sse");
    expect(forwardedQuery("anthropic", url)).toBe("?beta=true");
    expect(forwardedQuery("openai", url)).toBe("");
    expect(forwardedQuery("openai", new URL("https://ai.example/v1/realtime?model=openai/gpt-realtime&key=k"), "gpt-realtime")).toBe("?model=gpt-realtime");
  });
});

describe("cohorts and refusal shapes", () => {
  it("cohortFor and the digest percentile", () => {
    expect(cohortFor(10, 9.99)).toBe("canary");
    expect(cohortFor(10, 10)).toBe("primary");
    expect(cohortFor(0, 0)).toBe("primary");
    expect(cohortFor(100, 99.9)).toBe("canary");
    expect(percentileOfDigest(new Uint8Array([0x80, 0, 0, 0]))).toBe(50);
    expect(percentileOfDigest(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBeLessThan(100);
  });
  it("sticky draws are deterministic under one secret, and another secret draws them anew", async () => {
    const sticky = (secret: string, i: number) => ({ secret, keyDigest: sha256Hex("k"), route: "chat", value: `user-${i}` });
    const first = await drawCohort(50, sticky("s1", 1));
    for (let i = 0; i < 5; i++) expect(await drawCohort(50, sticky("s1", 1))).toBe(first);
    const under = async (secret: string) => Promise.all(Array.from({ length: 64 }, (_, i) => drawCohort(50, sticky(secret, i))));
    expect(await under("s1")).toEqual(await under("s1"));
    expect(await under("s1")).not.toEqual(await under("s2"));
  });
  it("each dialect's error body", () => {
    expect(refusalBody("openai", "not_in_scope", "m")).toEqual({ error: { message: "m", type: "permission_error", param: null, code: "model_not_allowed" } });
    expect(refusalBody("anthropic", "expired_key", "m")).toEqual({ type: "error", error: { type: "authentication_error", message: "m" } });
    expect(refusalBody("gemini", "bad_request", "m")).toEqual({ error: { code: 400, message: "m", status: "INVALID_ARGUMENT" } });
  });
});

describe("key memo", () => {
  it("serves a lookup from memory until its ttl, then asks again", async () => {
    const memo = new KeyMemo<string>(() => 1000, 2);
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await memo.get("a", load, 0)).toBe("v1");
    expect(await memo.get("a", load, 999)).toBe("v1");
    expect(await memo.get("a", load, 1000)).toBe("v2");
    expect(loads).toBe(2);
  });

  it("stays bounded by evicting the least recently used entry, never by forgetting them all (issue 22)", async () => {
    const memo = new KeyMemo<string>(() => 1000, 2);
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await memo.get("a", load, 0)).toBe("v1");
    expect(await memo.get("b", load, 0)).toBe("v2");
    expect(await memo.get("a", load, 1)).toBe("v1"); // a is now the more recently used
    expect(await memo.get("c", load, 2)).toBe("v3"); // full: b goes
    expect(await memo.get("a", load, 3)).toBe("v1");
    expect(await memo.get("c", load, 3)).toBe("v3");
    expect(await memo.get("b", load, 4)).toBe("v4"); // b was evicted; a (least recent now) goes
    expect(await memo.get("c", load, 5)).toBe("v3");
    expect(await memo.get("a", load, 5)).toBe("v5");
    expect(loads).toBe(5);
  });

  it("a flood of made-up keys keeps the memo at its bound and leaves no more than that", async () => {
    const memo = new KeyMemo<string | null>(() => 1000, 100);
    for (let i = 0; i < 10_000; i++) await memo.get(`guess-${i}`, async () => null, 0);
    expect(memo.size).toBe(100);
  });

  it("concurrent lookups of one digest share one load", async () => {
    const memo = new KeyMemo<string>(() => 1000);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = async () => {
      loads++;
      await gate;
      return "entry";
    };
    const lookups = Array.from({ length: 10 }, () => memo.get("digest", load, 0));
    release();
    expect(await Promise.all(lookups)).toEqual(Array(10).fill("entry"));
    expect(loads).toBe(1);
  });

  it("a miss is kept for its own, shorter ttl; a failed load is not kept at all", async () => {
    const memo = new KeyMemo<string | null>((v) => (v === null ? NEGATIVE_TTL_MS : MEMO_TTL_MS));
    let issued = false;
    const load = async () => (issued ? "entry" : null);
    expect(await memo.get("d", load, 0)).toBeNull();
    issued = true;
    expect(await memo.get("d", load, NEGATIVE_TTL_MS - 1)).toBeNull();
    expect(await memo.get("d", load, NEGATIVE_TTL_MS)).toBe("entry");
    expect(NEGATIVE_TTL_MS).toBeLessThanOrEqual(2000);
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error("KV down");
      return "entry";
    };
    await expect(memo.get("e", flaky, 0)).rejects.toThrow("KV down");
    fail = false;
    expect(await memo.get("e", flaky, 1)).toBe("entry");
  });
});

describe("the request body (body.ts, as any endpoint reads it)", () => {
  // A Content-Length beside Transfer-Encoding: chunked, as an HTTP/1.1 client may send them: the length decides nothing.
  const streamed = (chunks: string[], headers: Record<string, string> = { "content-length": "2", "transfer-encoding": "chunked" }) =>
    new Request("https://front-door.invalid/", {
      method: "POST",
      headers,
      body: new ReadableStream<Uint8Array>({ start: (c) => { for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk)); c.close(); } }),
      duplex: "half",
    } as RequestInit);
  /** The request, with arrayBuffer() counted: the one-call read is taken only where a length frames the body. */
  const counted = (request: Request) => {
    const calls = { arrayBuffer: 0 };
    const whole = request.arrayBuffer.bind(request);
    Object.defineProperty(request, "arrayBuffer", { value: () => (calls.arrayBuffer++, whole()) });
    return { request, calls };
  };

  it("counts the bytes as they arrive: within the limit whole, one byte over undefined", async () => {
    expect(new TextDecoder().decode(await readBody(streamed(["{\"a\":", "1}"]), 7))).toBe('{"a":1}');
    expect(await readBody(streamed(["{\"a\":", "1} "]), 7)).toBeUndefined();
    expect(await readBody(new Request("https://front-door.invalid/", { method: "POST" }))).toEqual(new Uint8Array(0));
  });

  it("reads in one call only a body framed by a Content-Length alone, within the limit", async () => {
    const framed = counted(streamed(["{\"a\":", "1}"], { "content-length": "7" }));
    expect(new TextDecoder().decode(await readBody(framed.request, 7))).toBe('{"a":1}');
    expect(framed.calls.arrayBuffer).toBe(1);
    const unframed: Record<string, string>[] = [{ "content-length": "7", "transfer-encoding": "chunked" }, { "content-length": "8" }, { "content-length": "7, 7" }, {}];
    for (const headers of unframed) {
      const other = counted(streamed(["{\"a\":", "1}"], headers));
      expect(new TextDecoder().decode(await readBody(other.request, 7))).toBe('{"a":1}');
      expect(other.calls.arrayBuffer).toBe(0);
    }
  });

  it("reads the bytes as JSON or form data", async () => {
    expect(bodyJson(new TextEncoder().encode('{"model":"m"}'))).toEqual({ model: "m" });
    expect(bodyJson(new TextEncoder().encode("{not json"))).toBeUndefined();
    const form = new FormData();
    form.set("model", "gpt-image-1");
    const request = new Request("https://front-door.invalid/", { method: "POST", body: form });
    const parsed = await bodyFormData(new Uint8Array(await request.arrayBuffer()), request.headers.get("content-type")!);
    expect(parsed?.get("model")).toBe("gpt-image-1");
    expect(await bodyFormData(new TextEncoder().encode("garbage"), "multipart/form-data; boundary=x")).toBeUndefined();
  });
});

describe("quoting a caller's input in a refusal", () => {
  it("a JSON string of at most EXCERPT_CHARS characters, non-ASCII escaped, marked when cut", () => {
    expect(quoted("gpt-5")).toBe('"gpt-5"');
    expect(quoted("x".repeat(5000))).toBe(`"${"x".repeat(EXCERPT_CHARS)}"…`);
    expect(quoted('a"b\n\u202ec')).toBe('"a\\"b\\n\\u202ec"');
    expect(quoted("😀".repeat(100))).toBe(`"${"\\ud83d\\ude00".repeat(EXCERPT_CHARS)}"…`);
    expect(quoted(42)).toBe('"42"');
  });
});
