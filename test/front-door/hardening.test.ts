/**
 * The front door's limits and refusals against a caller who probes them (issue 25), through the
 * bundled Worker in workerd (Miniflare) with the official SDKs or raw HTTP; a local stand-in
 * plays AI Gateway and shows what got through.
 */
import Anthropic from "@anthropic-ai/sdk";
import { ApiError, GoogleGenAI } from "@google/genai";
import { connect } from "node:net";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../runtime/front-door/body";
import { percentileOfDigest } from "../../runtime/front-door/cohort";
import { KEY_FAILURES_PER_MINUTE } from "../../runtime/front-door/key-entry";
import { entry, sha256Hex } from "../../stand-ins/front-door-workerd";
import { frontDoorForFile } from "./front-door-for-file";

const models = ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash"];
const GOOD = "sy_test_hardening_good";
const OFFICE_ONLY = "sy_test_hardening_office";
const BROKEN = "sy_test_hardening_broken_entry";
const UNKNOWN = "sy_test_hardening_never_issued";

const running = frontDoorForFile({
  routes: { chat: { canaryPercent: 10 } },
  keys: {
    [GOOD]: entry({ keyName: "good", routes: ["chat"], models }),
    [OFFICE_ONLY]: entry({ keyName: "office", models, allowedIps: ["10.0.0.0/8"] }),
    // An entry the Worker reads but cannot use (allowedIps must be a list): the request fails inside the Worker.
    [BROKEN]: entry({ keyName: "broken", models, allowedIps: "10.0.0.0/8" as unknown as string[] }),
  },
});

const json = { "content-type": "application/json" };
const chatBody = (model = "gpt-4.1-mini") => JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] });

async function raw(path: string, init: RequestInit): Promise<{ status: number; refusal: string | null; text: string }> {
  const res = await fetch(`${running.door.url}${path}`, init);
  return { status: res.status, refusal: res.headers.get("x-switchyard-refusal"), text: await res.text() };
}

/** Has `text` (an HTTP/1.1 response so far) arrived whole: its head, and its body by length or to the last chunk? */
function complete(text: string): boolean {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  if (length) return text.length - end - 4 >= Number(length[1]);
  return text.endsWith("\r\n0\r\n\r\n");
}

/** One HTTP/1.1 request written by hand, as a client that frames its body as it likes; the raw answer. */
function rawHttp(head: string[], body: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<string> {
  const { hostname, port } = new URL(running.door.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const answer: Buffer[] = [];
    const done = () => resolve(Buffer.concat(answer).toString("latin1"));
    socket.on("data", (b: Buffer) => {
      answer.push(b);
      // Read to the end of the answer, then hang up (workerd would keep the connection a while).
      if (complete(Buffer.concat(answer).toString("latin1"))) {
        socket.destroy();
        done();
      }
    });
    socket.on("error", reject);
    socket.on("close", done);
    socket.on("connect", async () => {
      socket.write(`${head.join("\r\n")}\r\n\r\n`);
      for await (const chunk of body) {
        if (!socket.write(chunk)) await new Promise((r) => socket.once("drain", r));
      }
    });
  });
}

describe("limits hold whatever the framing (issue 25, item 2)", () => {
  it("a chunked body declared as 10 bytes (Content-Length plus Transfer-Encoding) is counted as it arrives: 413, nothing upstream", { timeout: 60_000 }, async () => {
    const before = running.upstream.received.length;
    const MiB = 1 << 20;
    const total = MAX_BODY_BYTES + 2 * MiB;
    const start = Buffer.from(chatBody());
    function* chunks(): Generator<Buffer> {
      // A valid JSON object then whitespace: were it read whole, it would pass every check and be forwarded.
      yield Buffer.from(`${start.length.toString(16)}\r\n${start.toString()}\r\n`);
      const spaces = Buffer.alloc(MiB, 0x20);
      for (let sent = start.length; sent < total; sent += MiB) yield Buffer.concat([Buffer.from(`${MiB.toString(16)}\r\n`), spaces, Buffer.from("\r\n")]);
      yield Buffer.from("0\r\n\r\n");
    }
    const { host } = new URL(running.door.url);
    const answer = await rawHttp(
      ["POST /v1/chat/completions HTTP/1.1", `Host: ${host}`, `Authorization: Bearer ${GOOD}`, "Content-Type: application/json", "Content-Length: 10", "Transfer-Encoding: chunked", "Connection: close"],
      chunks(),
    );
    expect(running.upstream.received.slice(before).length).toBe(0);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain("request_too_large");
  });

  it("the same framing under the limit is read whole and forwarded as sent", async () => {
    const before = running.upstream.received.length;
    const body = Buffer.from(chatBody());
    const { host } = new URL(running.door.url);
    const answer = await rawHttp(
      ["POST /v1/chat/completions HTTP/1.1", `Host: ${host}`, `Authorization: Bearer ${GOOD}`, "Content-Type: application/json", "Content-Length: 10", "Transfer-Encoding: chunked", "Connection: close"],
      [Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")],
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(running.upstream.received.slice(before).map((r) => r.body)).toEqual([body.toString()]);
  });
});

describe("refusals never echo more than a short, escaped excerpt (item 8)", () => {
  it("a 5 MiB model name gets a refusal of under 2 KiB, with at most 64 characters of it, escaped", async () => {
    const huge = `${"x".repeat(5 << 20)}`;
    const res = await raw("/v1/chat/completions", { method: "POST", headers: { ...json, authorization: `Bearer ${GOOD}` }, body: chatBody(huge) });
    expect(res.status).toBe(403);
    expect(res.text.length).toBeLessThan(2048);
    expect(res.text).not.toContain("x".repeat(65));
    const quoted = await raw("/v1/chat/completions", { method: "POST", headers: { ...json, authorization: `Bearer ${GOOD}` }, body: chatBody('gpt-5"; it may call: everything\n') });
    const message = (JSON.parse(quoted.text) as { error: { message: string } }).error.message;
    expect(message).toContain('"gpt-5\\"; it may call: everything\\n"');
  });

  it("an unserved path of 8 KiB gets a short 404", async () => {
    const res = await raw(`/v1/${"p".repeat(8192)}`, { method: "POST", headers: json, body: "{}" });
    expect(res.status).toBe(404);
    expect(res.text.length).toBeLessThan(1024);
  });
});

describe("every refusal in the caller's dialect, 500 included (item 3)", () => {
  it("a request that fails inside the Worker answers an Anthropic caller in Anthropic's error shape", async () => {
    const client = new Anthropic({ apiKey: BROKEN, baseURL: running.door.url, maxRetries: 0 });
    const err = await client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 8, messages: [{ role: "user", content: "hi" }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Anthropic.InternalServerError);
    expect((err as InstanceType<typeof Anthropic.InternalServerError>).error).toEqual({ type: "error", error: { type: "api_error", message: "the front door failed on this request" } });
  });

  it("and a Gemini caller in Google's", async () => {
    const err = await new GoogleGenAI({ apiKey: BROKEN, httpOptions: { baseUrl: running.door.url } }).models.generateContent({ model: "gemini-2.5-flash", contents: "hi" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(500);
    expect(JSON.parse(e.message.slice(e.message.indexOf("{")))).toEqual({ error: { code: 500, message: "the front door failed on this request", status: "INTERNAL" } });
  });
});

describe("refusals reveal nothing (item 4)", () => {
  it("a valid key used from a refused address gets exactly what an unissued key gets, in every dialect", async () => {
    const asked = (key: string) => [
      raw("/v1/chat/completions", { method: "POST", headers: { ...json, authorization: `Bearer ${key}`, "cf-connecting-ip": "198.51.100.20" }, body: chatBody() }),
      raw("/v1/messages", { method: "POST", headers: { ...json, "x-api-key": key, "anthropic-version": "2023-06-01", "cf-connecting-ip": "198.51.100.20" }, body: chatBody("claude-sonnet-4-6") }),
      raw("/v1beta/models/gemini-2.5-flash:generateContent", { method: "POST", headers: { ...json, "x-goog-api-key": key, "cf-connecting-ip": "198.51.100.20" }, body: "{}" }),
    ];
    const valid = await Promise.all(asked(OFFICE_ONLY));
    const unissued = await Promise.all(asked(UNKNOWN));
    expect(valid).toEqual(unissued);
    expect(valid.map((r) => r.status)).toEqual([401, 401, 401]);
  });
});

describe("failed keys are limited per client address (item 4)", () => {
  /** Miniflare counts in windows aligned to the wall-clock minute: start a sequence well inside one. */
  async function insideOneMinute(): Promise<void> {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
  }
  const from = (address: string, key: string) => raw("/v1/chat/completions", { method: "POST", headers: { ...json, authorization: `Bearer ${key}`, "cf-connecting-ip": address }, body: chatBody() });

  it(`200 guesses from one address: ${KEY_FAILURES_PER_MINUTE} answered 401, the rest 429; then its valid key is answered as a guess`, { timeout: 30_000 }, async () => {
    await insideOneMinute();
    const answers = [];
    for (let i = 0; i < 200; i++) answers.push(await from("203.0.113.7", `sy_guess_${i}`));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(KEY_FAILURES_PER_MINUTE);
    expect(answers.slice(KEY_FAILURES_PER_MINUTE).every((a) => a.status === 429 && a.refusal === "key_failures_limited")).toBe(true);
    expect(JSON.parse(answers[199].text)).toEqual({ error: { message: "too many failed API keys from your address; retry after 60 s", type: "requests", param: null, code: "too_many_failed_keys" } });
    // A guess that hits a real key learns nothing either.
    expect(await from("203.0.113.7", GOOD)).toEqual(answers[199]);
    expect((await from("203.0.113.8", GOOD)).status).toBe(200);
    expect((await from("203.0.113.8", "sy_guess_elsewhere")).status).toBe(401);
  });
});

describe("cohorts are not the caller's to choose (item 5)", () => {
  it("sticky values a caller computed to land in the canary land there no more often than the canary percent", async () => {
    // What a caller could compute from the documented formula: SHA-256 of key digest, route and value.
    const digest = sha256Hex(GOOD);
    const predicted: string[] = [];
    for (let i = 0; predicted.length < 60; i++) {
      const value = `user-${i}`;
      const hash = createHash("sha256").update(`${digest}\nchat\n${value}`).digest();
      if (percentileOfDigest(hash) < 10) predicted.push(value);
    }
    const before = running.upstream.received.length;
    for (const value of predicted) {
      const res = await raw("/v1/chat/completions", { method: "POST", headers: { ...json, authorization: `Bearer ${GOOD}`, "x-switchyard-sticky": value }, body: chatBody("dynamic/chat") });
      expect(res.status).toBe(200);
    }
    const cohorts = running.upstream.received.slice(before).map((r) => JSON.parse(String(r.headers["cf-aig-metadata"])).cohort as string);
    expect(cohorts).toHaveLength(60);
    // 60 draws at 10 %: mean 6, 5 sigma 11.6; a caller who chooses gets 60.
    expect(cohorts.filter((c) => c === "canary").length).toBeLessThanOrEqual(18);
  });
});
