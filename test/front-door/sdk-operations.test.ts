/**
 * The SDK operations beyond chat, each driven by the official SDK, unchanged but for base URL and
 * key, through the front door in workerd to a local stand-in for AI Gateway: OpenAI files,
 * batches, audio, image edits, moderations, legacy completions, model lookups and Realtime over
 * WebSocket; Anthropic token counting, message batches and model lists; Gemini embeddings, token
 * counting and model lists. Then endpoint families in keys' scopes. docs/front-door.md's table of
 * operations names these tests. Before endpoint families, every one of these answered 404 (or,
 * for the model lists, the wrong list) and a key could call any family.
 */
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI, { toFile } from "openai";
import { OpenAIRealtimeWS } from "openai/realtime/ws";
import WebSocket from "ws";
import { describe, expect, it } from "vitest";
import { MARK_HEX, markedId } from "../../runtime/front-door/object-ids";
import { entry, startFrontDoor, TEST_ACCOUNT_ID, TEST_GATEWAY_ID, TEST_GATEWAY_TOKEN, TEST_OBJECT_ID_KEY } from "../../stand-ins/front-door-workerd";
import type { ReceivedRequest } from "../../stand-ins/ai-gateway";
import { frontDoorForFile } from "./front-door-for-file";

const KEY = "sy_test_operations_0001";
const EMBEDDINGS_ONLY = "sy_test_operations_embed";
const CHAT_ONLY = "sy_test_operations_chat";
const BATCH_ONLY = "sy_test_operations_batch";
const OTHER_WORKLOAD = "sy_test_operations_other_workload";
const MODELS = [
  "openai/gpt-4.1-mini",
  "openai/gpt-3.5-turbo-instruct",
  "openai/whisper-1",
  "openai/gpt-4o-mini-tts",
  "openai/gpt-image-1",
  "openai/omni-moderation-latest",
  "openai/gpt-realtime",
  "anthropic/claude-sonnet-4-6",
  "google-ai-studio/gemini-2.5-flash",
  "google-ai-studio/gemini-embedding-001",
  "mistral/mistral-large-latest",
];
const running = frontDoorForFile({
  routes: { chat: { canaryPercent: 0 } },
  environment: "staging",
  keys: {
    // Written before keys named families: no `families`, so every family (the entries already in KV).
    [KEY]: entry({ workload: "support-bot", keyName: "support-staging", routes: ["chat"], models: MODELS }),
    [EMBEDDINGS_ONLY]: entry({ workload: "search", keyName: "search-staging", routes: [], models: ["openai/text-embedding-3-small"], families: ["embeddings"] }),
    [CHAT_ONLY]: entry({ workload: "support-bot", keyName: "chat-staging", routes: ["chat"], models: MODELS, families: ["chat"] }),
    [BATCH_ONLY]: entry({ workload: "support-bot", keyName: "batch-staging", routes: [], models: MODELS, families: ["batch", "embeddings"] }),
    // Another workload, with the same families and models: only the ids are not its own.
    [OTHER_WORKLOAD]: entry({ workload: "ledger-bot", keyName: "ledger-staging", routes: [], models: MODELS, families: ["batch", "chat"] }),
  },
});

/** How the front door marks ids for workload support-bot (object-ids.ts): the tests compute it with the same secret. */
const SUPPORT_BOT = { secret: TEST_OBJECT_ID_KEY, workload: "support-bot" };
const gatewayPath = (rest: string) => `/v1/${TEST_ACCOUNT_ID}/${TEST_GATEWAY_ID}/${rest}`;
function lastReceived(): ReceivedRequest {
  const last = running.upstream.received.at(-1);
  if (!last) throw new Error("the stand-in received nothing");
  return last;
}
const openai = (key = KEY) => new OpenAI({ apiKey: key, baseURL: `${running.door.url}/v1`, maxRetries: 0 });
const anthropic = (key = KEY) => new Anthropic({ apiKey: key, baseURL: running.door.url, maxRetries: 0 });
const gemini = (key = KEY) => new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: running.door.url } });
/** What the stand-in received as a multipart form. */
const formOf = (got: ReceivedRequest) => new Response(got.raw, { headers: { "content-type": String(got.headers["content-type"]) } }).formData();
const batchLine = (id: string, model: string, url = "/v1/chat/completions") => JSON.stringify({ custom_id: id, method: "POST", url, body: { model, messages: [{ role: "user", content: "hi" }] } });

describe("OpenAI operations through the front door (openai SDK)", () => {
  it("files.create uploads a batch file whose every line's model is in scope, sent on with bare ids; batches.create, batches.retrieve and files.content follow", async () => {
    const client = openai();
    const file = await client.files.create({ file: await toFile(Buffer.from(`${batchLine("a", "gpt-4.1-mini")}\n${batchLine("b", "openai/gpt-4.1-mini")}\n`), "batch.jsonl"), purpose: "batch" });
    expect(file).toMatchObject({ object: "file", purpose: "batch", filename: "batch.jsonl" });
    expect(lastReceived().path).toBe(gatewayPath("openai/files"));
    const uploaded = (await formOf(lastReceived())).get("file") as File;
    expect((await uploaded.text()).trim().split("\n").map((l) => JSON.parse(l).body.model)).toEqual(["gpt-4.1-mini", "gpt-4.1-mini"]);

    // Ids come marked for the workload (object-ids.ts) and go upstream bare.
    expect(file.id).toBe(await markedId(SUPPORT_BOT, "file-standin-1"));
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" });
    expect(batch).toMatchObject({ object: "batch", id: await markedId(SUPPORT_BOT, "batch_standin_1"), input_file_id: file.id, endpoint: "/v1/chat/completions" });
    expect(lastReceived().path).toBe(gatewayPath("openai/batches"));
    expect(JSON.parse(lastReceived().body).input_file_id).toBe("file-standin-1");
    expect((await client.batches.retrieve(batch.id)).id).toBe(batch.id);
    expect(lastReceived().path).toBe(gatewayPath("openai/batches/batch_standin_1"));
    expect((await client.batches.cancel(batch.id)).status).toBe("cancelling");
    expect((await client.files.retrieve(file.id)).id).toBe(file.id);
    const content = await (await client.files.content(file.id)).text();
    expect(content).toContain('"custom_id":"b"');
    expect(lastReceived().path).toBe(gatewayPath("openai/files/file-standin-1/content"));
  });

  it("files.create refuses a batch file naming a model outside the key's scope, a route, or another purpose; listing files is not served", async () => {
    const client = openai();
    const before = running.upstream.received.length;
    const outside = client.files.create({ file: await toFile(Buffer.from(`${batchLine("a", "gpt-4.1-mini")}\n${batchLine("b", "gpt-4o")}\n`), "batch.jsonl"), purpose: "batch" });
    await expect(outside).rejects.toMatchObject({ status: 403, message: expect.stringContaining('line 2 of the batch file: key "support-staging" of workload "support-bot" may not call "gpt-4o"') });
    await expect(client.files.create({ file: await toFile(Buffer.from(batchLine("a", "dynamic/chat")), "batch.jsonl"), purpose: "batch" })).rejects.toMatchObject({ status: 400, message: expect.stringContaining("a batch runs at openai") });
    await expect(client.files.create({ file: await toFile(Buffer.from("notes"), "notes.txt"), purpose: "assistants" })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(client.files.list()).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(running.upstream.received.length).toBe(before);
  });

  it("batches.create checks its input file's requests again, read through AI Gateway: a file uploaded around the front door cannot carry another model, even under a valid mark", async () => {
    // Uploaded to the provider account directly (the stand-in), not through the front running.door.
    const form = new FormData();
    form.set("purpose", "batch");
    form.set("file", new File([`${batchLine("a", "gpt-4.1-mini")}\n${batchLine("b", "gpt-4o")}\n`], "around.jsonl"));
    const around = (await (await fetch(`${running.upstream.url}/${TEST_ACCOUNT_ID}/${TEST_GATEWAY_ID}/openai/files`, { method: "POST", body: form })).json()) as { id: string };
    const before = running.upstream.received.length;
    // Its id unmarked is not the workload's (404, nothing read); marked as only the front door's secret can, it is read and checked.
    await expect(openai().batches.create({ input_file_id: around.id, endpoint: "/v1/chat/completions", completion_window: "24h" })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(running.upstream.received.length).toBe(before);
    await expect(openai().batches.create({ input_file_id: await markedId(SUPPORT_BOT, around.id), endpoint: "/v1/chat/completions", completion_window: "24h" })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('line 2 of the batch file: key "support-staging" of workload "support-bot" may not call "gpt-4o"'),
    });
    // The front door read the file through the gateway with its own token, and created nothing.
    expect(running.upstream.received.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${gatewayPath(`openai/files/${around.id}/content`)}`]);
    expect(running.upstream.received.at(-1)?.headers["cf-aig-authorization"]).toBe(`Bearer ${TEST_GATEWAY_TOKEN}`);
    await expect(openai().batches.create({ input_file_id: await markedId(SUPPORT_BOT, "file-unknown"), endpoint: "/v1/chat/completions", completion_window: "24h" })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("audio.transcriptions.create: a multipart upload, model read from the form", async () => {
    const audio = Buffer.alloc(2048, 7);
    const result = await openai().audio.transcriptions.create({ model: "whisper-1", file: await toFile(audio, "call.wav", { type: "audio/wav" }) });
    expect(result.text).toBe("stand-in transcript of call.wav (2048 bytes) by whisper-1");
    expect(lastReceived().path).toBe(gatewayPath("openai/audio/transcriptions"));
    await expect(openai().audio.transcriptions.create({ model: "openai/gpt-4o-transcribe", file: await toFile(audio, "call.wav") })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it("audio.speech.create: binary audio streamed back", async () => {
    const speech = await openai().audio.speech.create({ model: "gpt-4o-mini-tts", voice: "alloy", input: "hello" });
    expect(speech.headers.get("content-type")).toBe("audio/mpeg");
    expect(Buffer.from(await speech.arrayBuffer()).toString()).toBe("stand-in speech: hello");
    expect(lastReceived().path).toBe(gatewayPath("openai/audio/speech"));
  });

  it("images.edit: a multipart upload with the image, model read from the form and sent on bare", async () => {
    const image = await openai().images.edit({ model: "openai/gpt-image-1", image: await toFile(Buffer.from("png bytes"), "logo.png", { type: "image/png" }), prompt: "add a hat" });
    expect(Buffer.from(image.data?.[0].b64_json ?? "", "base64").toString()).toBe("stand-in edit of logo.png");
    const form = await formOf(lastReceived());
    expect(lastReceived().path).toBe(gatewayPath("openai/images/edits"));
    expect(form.get("model")).toBe("gpt-image-1");
    expect(form.get("prompt")).toBe("add a hat");
  });

  it("moderations.create and completions.create (streamed too)", async () => {
    const moderation = await openai().moderations.create({ model: "omni-moderation-latest", input: "hello" });
    expect(moderation.results[0].flagged).toBe(false);
    expect(lastReceived().path).toBe(gatewayPath("openai/moderations"));
    const completion = await openai().completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "Say hello" });
    expect(completion.choices[0].text).toBe("Switchyard says hello.");
    expect(lastReceived().path).toBe(gatewayPath("openai/completions"));
    const parts: string[] = [];
    for await (const chunk of await openai().completions.create({ model: "openai/gpt-3.5-turbo-instruct", prompt: "Say hello", stream: true })) parts.push(chunk.choices[0].text);
    expect(parts).toEqual(["Switchyard ", "says hello."]);
    expect(JSON.parse(lastReceived().body)).toMatchObject({ model: "gpt-3.5-turbo-instruct", stream: true });
  });

  it("models.retrieve answers the key's models in OpenAI's format, 404 for the rest", async () => {
    expect(await openai().models.retrieve("gpt-4.1-mini")).toMatchObject({ id: "openai/gpt-4.1-mini", object: "model", owned_by: "openai" });
    expect(await openai().models.retrieve("dynamic/chat")).toMatchObject({ id: "dynamic/chat", owned_by: "switchyard-route" });
    await expect(openai().models.retrieve("gpt-4o")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("Realtime over WebSocket (OpenAIRealtimeWS): model from ?model=, the upgrade forwarded to the gateway's OpenAI base with the gateway token only", async () => {
    const tls = await startFrontDoor({ upstream: running.upstream.url, routes: {}, https: true, keys: { [KEY]: entry({ models: ["openai/gpt-realtime"] }) } });
    try {
      const client = new OpenAI({ apiKey: KEY, baseURL: `${tls.url}/v1` });
      // Miniflare's certificate is self-signed: the `ws` option trusts it for this test only.
      const rt = new OpenAIRealtimeWS({ model: "gpt-realtime", options: { rejectUnauthorized: false } }, client);
      const created = await new Promise<{ session: { model: string } }>((resolve, reject) => {
        rt.on("session.created", (event) => resolve(event as unknown as { session: { model: string } }));
        rt.on("error", reject);
      });
      expect(created.session.model).toBe("gpt-realtime");
      const done = new Promise<{ received_type: string }>((resolve) => rt.on("response.done", (event) => resolve(event as unknown as { received_type: string })));
      rt.send({ type: "response.create" });
      expect((await done).received_type).toBe("response.create");
      rt.close();
      const got = running.upstream.received.filter((r) => r.path === gatewayPath("openai")).at(-1)!;
      expect(got.query.get("model")).toBe("gpt-realtime");
      expect(got.headers["cf-aig-authorization"]).toBe(`Bearer ${TEST_GATEWAY_TOKEN}`);
      expect(got.headers.authorization).toBeUndefined();

      const outside = new OpenAIRealtimeWS({ model: "gpt-4o-realtime-preview", options: { rejectUnauthorized: false } }, client);
      const refused = await new Promise<number>((resolve) => outside.socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
      expect(refused).toBe(403);
    } finally {
      await tls.close();
    }
  });
});

describe("Anthropic operations through the front door (@anthropic-ai/sdk)", () => {
  it("messages.countTokens", async () => {
    const count = await anthropic().messages.countTokens({ model: "claude-sonnet-4-6", messages: [{ role: "user", content: "hi" }] });
    expect(count.input_tokens).toBe(10);
    expect(lastReceived().path).toBe(gatewayPath("anthropic/v1/messages/count_tokens"));
  });

  it("messages.batches.create checks every request's model and sends bare ids; retrieve and cancel follow", async () => {
    const params = (model: string) => ({ model, max_tokens: 64, messages: [{ role: "user" as const, content: "hi" }] });
    const batch = await anthropic().messages.batches.create({ requests: [{ custom_id: "a", params: params("claude-sonnet-4-6") }, { custom_id: "b", params: params("anthropic/claude-sonnet-4-6") }] });
    expect(batch).toMatchObject({ type: "message_batch", processing_status: "in_progress", id: await markedId(SUPPORT_BOT, "msgbatch_standin_1") });
    expect(lastReceived().path).toBe(gatewayPath("anthropic/v1/messages/batches"));
    expect(JSON.parse(lastReceived().body).requests.map((r: { params: { model: string } }) => r.params.model)).toEqual(["claude-sonnet-4-6", "claude-sonnet-4-6"]);
    expect((await anthropic().messages.batches.retrieve(batch.id)).id).toBe(batch.id);
    expect(lastReceived().path).toBe(gatewayPath("anthropic/v1/messages/batches/msgbatch_standin_1"));
    expect((await anthropic().messages.batches.cancel(batch.id)).processing_status).toBe("canceling");
    await expect(anthropic().messages.batches.create({ requests: [{ custom_id: "a", params: params("claude-opus-4-1") }] })).rejects.toMatchObject({ status: 403, message: expect.stringContaining("requests[0]") });
  });

  it("messages.batches.results: the ended batch's results_url points at the front door, so the SDK reads the results through it", async () => {
    const params = { model: "claude-sonnet-4-6", max_tokens: 64, messages: [{ role: "user" as const, content: "hi" }] };
    const created = await anthropic().messages.batches.create({ requests: [{ custom_id: "ended", params }] });
    const id = await markedId(SUPPORT_BOT, "msgbatch_standin_ended");
    expect(created.id).toBe(id);
    const batch = await anthropic().messages.batches.retrieve(created.id);
    expect(batch.results_url).toBe(`${running.door.url}/v1/messages/batches/${id}/results`);
    const results: string[] = [];
    for await (const result of await anthropic().messages.batches.results(created.id)) results.push(`${result.custom_id} ${result.result.type}`);
    expect(results).toEqual(["a succeeded"]);
    expect(lastReceived().path).toBe(gatewayPath("anthropic/v1/messages/batches/msgbatch_standin_ended/results"));
    expect(lastReceived().headers["cf-aig-authorization"]).toBe(`Bearer ${TEST_GATEWAY_TOKEN}`);
  });

  it("models.list answers in Anthropic's format with the Anthropic models the key may use", async () => {
    const ids: string[] = [];
    for await (const model of anthropic().models.list()) {
      expect(model.type).toBe("model");
      ids.push(model.id);
    }
    expect(ids).toEqual(["claude-sonnet-4-6"]);
    expect((await anthropic().models.retrieve("claude-sonnet-4-6")).id).toBe("claude-sonnet-4-6");
    await expect(anthropic().models.retrieve("claude-opus-4-1")).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe("Gemini operations through the front door (@google/genai)", () => {
  it("models.embedContent (sent as :batchEmbedContents) and countTokens", async () => {
    const embedded = await gemini().models.embedContent({ model: "gemini-embedding-001", contents: ["hello", "world"] });
    expect(embedded.embeddings?.map((e) => e.values)).toEqual([[0.25, -0.5, 0.75], [0.25, -0.5, 0.75]]);
    expect(lastReceived().path).toBe(gatewayPath("google-ai-studio/v1/models/gemini-embedding-001:batchEmbedContents"));
    const count = await gemini().models.countTokens({ model: "gemini-2.5-flash", contents: "hi" });
    expect(count.totalTokens).toBe(7);
    expect(lastReceived().path).toBe(gatewayPath("google-ai-studio/v1/models/gemini-2.5-flash:countTokens"));
  });

  it("batchEmbedContents may not name another model inside than in its path (the scope check reads the path)", async () => {
    const before = running.upstream.received.length;
    const post = (model: string) =>
      fetch(`${running.door.url}/v1beta/models/gemini-embedding-001:batchEmbedContents`, {
        method: "POST",
        headers: { "x-goog-api-key": KEY, "content-type": "application/json" },
        body: JSON.stringify({ requests: [{ model, content: { parts: [{ text: "hi" }] } }] }),
      });
    const refused = await post("models/text-embedding-004");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { code: 400, message: "every request of a batchEmbedContents must name the path's model", status: "INVALID_ARGUMENT" } });
    expect(running.upstream.received.length).toBe(before);
    expect((await post("models/gemini-embedding-001")).status).toBe(200);
  });

  it("models.list answers in Gemini's format with the Gemini models the key may use; models.get too", async () => {
    const names: string[] = [];
    for await (const model of await gemini().models.list()) names.push(model.name ?? "");
    expect(names).toEqual(["models/gemini-2.5-flash", "models/gemini-embedding-001"]);
    expect((await gemini().models.get({ model: "gemini-2.5-flash" })).name).toBe("models/gemini-2.5-flash");
  });
});

describe("endpoint families in a key's scope", () => {
  it("a key scoped to embeddings calls embeddings, and neither chat nor images naming the same model", async () => {
    const client = openai(EMBEDDINGS_ONLY);
    expect((await client.embeddings.create({ model: "text-embedding-3-small", input: "hi" })).data).toHaveLength(1);
    await expect(client.chat.completions.create({ model: "text-embedding-3-small", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('key "search-staging" of workload "search" may not call openai chat.completions.create (endpoint family "chat"); its families: embeddings'),
    });
    await expect(client.images.generate({ model: "text-embedding-3-small", prompt: "x" })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    // Its model list holds only what its families reach: no routes, no other provider.
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(["openai/text-embedding-3-small"]);
  });

  it("a chat key uploads no batch and opens no Realtime session; a batch key's file may hold only requests of its families", async () => {
    await expect(openai(CHAT_ONLY).files.create({ file: await toFile(Buffer.from(batchLine("a", "gpt-4.1-mini")), "batch.jsonl"), purpose: "batch" })).rejects.toMatchObject({ status: 403, message: expect.stringContaining('endpoint family "batch"') });
    await expect(openai(BATCH_ONLY).files.create({ file: await toFile(Buffer.from(batchLine("a", "gpt-4.1-mini")), "batch.jsonl"), purpose: "batch" })).rejects.toMatchObject({ status: 403, message: expect.stringContaining('line 1 of the batch file: key "batch-staging" of workload "support-bot" may not call openai chat.completions.create (endpoint family "chat")') });
    await expect(openai(BATCH_ONLY).batches.create({ input_file_id: await markedId(SUPPORT_BOT, "file-x"), endpoint: "/v1/chat/completions", completion_window: "24h" })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const embeddingLine = JSON.stringify({ custom_id: "e", method: "POST", url: "/v1/embeddings", body: { model: "openai/gpt-4.1-mini", input: "x" } });
    expect((await openai(BATCH_ONLY).files.create({ file: await toFile(Buffer.from(embeddingLine), "batch.jsonl"), purpose: "batch" })).purpose).toBe("batch");
    const socket = new WebSocket(`${running.door.url.replace(/^http/, "ws")}/v1/realtime?model=gpt-realtime`, { headers: { authorization: `Bearer ${CHAT_ONLY}` } });
    expect(await new Promise<number>((resolve) => socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)))).toBe(403);
  });
});

describe("batch objects by id belong to the workload that created them", () => {
  it("workload B cannot retrieve, cancel, read or reuse workload A's OpenAI batch and file: 404, as for an id that does not exist, and nothing goes upstream", async () => {
    const a = openai(KEY);
    const b = openai(OTHER_WORKLOAD);
    const file = await a.files.create({ file: await toFile(Buffer.from(`${batchLine("a", "gpt-4.1-mini")}\n`), "mine.jsonl"), purpose: "batch" });
    const batch = await a.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" });
    expect((await a.batches.retrieve(batch.id)).id).toBe(batch.id);
    const before = running.upstream.received.length;
    await expect(b.batches.retrieve(batch.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(b.batches.cancel(batch.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(b.files.retrieve(file.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(b.files.content(file.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(b.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    // Nor with the bare ids the provider uses, nor with B's mark on a made-up suffix.
    const bare = file.id.slice(0, file.id.lastIndexOf("."));
    await expect(b.files.retrieve(bare)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(a.files.retrieve(bare)).rejects.toMatchObject({ status: 404, error: { code: "not_found" } });
    await expect(b.files.retrieve(`${bare}.${"0".repeat(MARK_HEX)}`)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(running.upstream.received.length).toBe(before);
  });

  it("workload B cannot retrieve, cancel or read the results of workload A's Anthropic message batch", async () => {
    const params = { model: "claude-sonnet-4-6", max_tokens: 64, messages: [{ role: "user" as const, content: "hi" }] };
    const mine = await anthropic(KEY).messages.batches.create({ requests: [{ custom_id: "ended", params }] });
    const before = running.upstream.received.length;
    await expect(anthropic(OTHER_WORKLOAD).messages.batches.retrieve(mine.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(anthropic(OTHER_WORKLOAD).messages.batches.cancel(mine.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const results = await fetch(`${running.door.url}/v1/messages/batches/${encodeURIComponent(mine.id)}/results`, { headers: { "x-api-key": OTHER_WORKLOAD, "anthropic-version": "2023-06-01" } });
    expect(results.status).toBe(404);
    expect(await results.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    expect(running.upstream.received.length).toBe(before);
    // Its own ids work for B: the same operations, its own batch.
    const theirs = await anthropic(OTHER_WORKLOAD).messages.batches.create({ requests: [{ custom_id: "ended", params }] });
    expect(theirs.id).not.toBe(mine.id);
    expect((await anthropic(OTHER_WORKLOAD).messages.batches.retrieve(theirs.id)).id).toBe(theirs.id);
  });
});
