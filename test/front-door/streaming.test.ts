/**
 * Streaming without buffering: the stand-in for AI Gateway sends its first server-sent event and
 * then waits until the test has read that event through the front door. A Worker that buffered
 * the response would never deliver it, and the read below would give up (the test then fails).
 */
import { describe, expect, it } from "vitest";
import { entry } from "../../stand-ins/front-door-workerd";
import { frontDoorForFile } from "./front-door-for-file";

const KEY = "sy_test_streaming_key";
const running = frontDoorForFile({ routes: { chat: { canaryPercent: 0 } }, keys: { [KEY]: entry({ models: ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash"] }) } });

/** Fails after `limitMs` instead of hanging (a deadlock guard, not a timing check). */
function guard<T>(promise: Promise<T>, what: string, limitMs = 10_000): Promise<T> {
  const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} not delivered while the upstream held its stream open: the front door buffers`)), limitMs).unref());
  return Promise.race([promise, deadline]);
}

/** Reads until `marker` appears. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, marker: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes(marker)) {
    const { value, done } = await guard(reader.read(), `"${marker}"`);
    if (done) throw new Error(`stream ended before "${marker}"`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

const cases: Array<{ name: string; path: string; headers: Record<string, string>; body: unknown; first: string; last: string }> = [
  { name: "OpenAI chat completions SSE", path: "/v1/chat/completions", headers: { authorization: `Bearer ${KEY}` }, body: { model: "gpt-4.1-mini", stream: true, messages: [] }, first: "Switchyard ", last: "[DONE]" },
  { name: "Anthropic messages SSE", path: "/v1/messages", headers: { "x-api-key": KEY, "anthropic-version": "2023-06-01" }, body: { model: "claude-sonnet-4-6", stream: true, max_tokens: 8, messages: [] }, first: "message_start", last: "message_stop" },
  { name: "Gemini streamGenerateContent SSE", path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", headers: { "x-goog-api-key": KEY }, body: { contents: [] }, first: "Switchyard ", last: "STOP" },
];

describe("streaming through the front door (Worker in workerd; local stand-in for AI Gateway holding its stream open)", () => {
  for (const c of cases) {
    it(`${c.name}: first event forwarded before the upstream finishes, status and headers intact`, async () => {
      const hold = running.upstream.holdStreams();
      try {
        const res = await guard(fetch(`${running.door.url}${c.path}`, { method: "POST", headers: { "content-type": "application/json", ...c.headers }, body: JSON.stringify(c.body) }), "the response head");
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("text/event-stream");
        expect(res.headers.get("x-stand-in")).toBe("ai-gateway");
        const reader = res.body!.getReader();
        const early = await readUntil(reader, c.first);
        expect(early).not.toContain(c.last);
        hold.release();
        const rest = await readUntil(reader, c.last);
        expect(early + rest).toContain(c.last);
        await reader.cancel();
      } finally {
        hold.release();
      }
    });
  }
});
