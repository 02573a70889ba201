/**
 * body.ts's readBody as the Worker runs it: in workerd (Miniflare), where a request body is a byte
 * stream read with `readAtLeast`, under a small limit so that every edge is cheap to reach. The body
 * comes back byte for byte, or 413 once one byte more than the limit arrives, whatever the request
 * declares: an honest Content-Length, none (chunked, in small chunks), or a Content-Length beside
 * `Transfer-Encoding: chunked` that says less or more than what follows. A Content-Length alone
 * frames the body: what follows past it is not the body.
 */
import { buildSync } from "esbuild";
import { Miniflare } from "miniflare";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRONT_DOOR_COMPATIBILITY_DATE } from "../../runtime/front-door/bundle";

const LIMIT = 100;

/** Answers the body it read (base64, so any byte survives) with its length, or 413. */
const WORKER = `import { readBody } from "./body";
export default {
  async fetch(request) {
    const bytes = await readBody(request, ${LIMIT});
    if (bytes === undefined) return new Response("too large", { status: 413 });
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    return new Response(btoa(text), { headers: { "x-length": String(bytes.byteLength) } });
  },
};`;

let mf: Miniflare;
let port: number;

beforeAll(async () => {
  const script = buildSync({ stdin: { contents: WORKER, resolveDir: join(__dirname, "../../runtime/front-door"), loader: "ts" }, bundle: true, format: "esm", platform: "neutral", write: false }).outputFiles[0].text;
  mf = new Miniflare({ modules: true, script, compatibilityDate: FRONT_DOOR_COMPATIBILITY_DATE, host: "127.0.0.1", port: 0 });
  port = Number((await mf.ready).port);
});
afterAll(async () => {
  await mf?.dispose();
});

/** The answer's status and body once it has arrived whole (by its Content-Length: the Worker answers known lengths), else undefined. */
function parsed(all: Buffer): { status: number; body: Buffer } | undefined {
  const split = all.indexOf("\r\n\r\n");
  if (split < 0) return undefined;
  const head = all.subarray(0, split).toString("latin1");
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (!length) throw new Error(`an answer without Content-Length: ${head}`);
  const body = all.subarray(split + 4);
  return body.length >= Number(length[1]) ? { status: Number(head.split(" ")[1]), body } : undefined;
}

/** One HTTP/1.1 request written as given (head lines, then the raw body bytes), the answer back. */
function rawHttp(head: string[], body: Buffer[]): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const answer: Buffer[] = [];
    socket.on("data", (b: Buffer) => {
      answer.push(b);
      const whole = parsed(Buffer.concat(answer));
      if (whole) {
        // workerd would keep the connection open a while: hang up once the answer is in.
        socket.destroy();
        resolve(whole);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error("the connection closed before a whole answer")));
    socket.on("connect", () => {
      socket.write(`${head.join("\r\n")}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      for (const chunk of body) socket.write(chunk);
    });
  });
}

/** `size` bytes of every value, in order. */
const bodyOf = (size: number): Buffer => Buffer.from(Array.from({ length: size }, (_, i) => (i * 37) & 0xff));
/** The body as HTTP/1.1 chunks of `chunk` bytes each, then the last chunk. */
const chunked = (body: Buffer, chunk: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; at += chunk) {
    const part = body.subarray(at, at + chunk);
    out.push(Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from("\r\n")]));
  }
  out.push(Buffer.from("0\r\n\r\n"));
  return out;
};

async function expectRead(head: string[], body: Buffer[], sent: Buffer): Promise<void> {
  const answer = await rawHttp(["POST / HTTP/1.1", ...head], body);
  if (sent.length > LIMIT) expect(answer.status).toBe(413);
  else {
    expect(answer.status).toBe(200);
    expect(Buffer.from(answer.body.toString("latin1"), "base64")).toEqual(sent);
  }
}

describe("readBody in workerd: the bytes that arrive, counted, whatever is declared", () => {
  const sizes = [0, 1, 2, 3, 7, 8, 9, 50, LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 2, 3 * LIMIT];

  it("with an honest Content-Length", async () => {
    for (const size of sizes) await expectRead([`Content-Length: ${size}`], [bodyOf(size)], bodyOf(size));
  });

  it("with a Content-Length alone that says less than follows: the body ends where it says (the runtime's framing, which lets readBody read such a body in one call)", async () => {
    for (const declared of [0, 5, LIMIT]) {
      const answer = await rawHttp(["POST / HTTP/1.1", `Content-Length: ${declared}`], [bodyOf(3 * LIMIT)]);
      expect(answer.status).toBe(200);
      expect(Buffer.from(answer.body.toString("latin1"), "base64")).toEqual(bodyOf(declared));
    }
  });

  it("chunked without a Content-Length, in chunks of 1, 3 and 64 bytes", async () => {
    for (const chunk of [1, 3, 64]) for (const size of sizes) await expectRead(["Transfer-Encoding: chunked"], chunked(bodyOf(size), chunk), bodyOf(size));
  });

  it("chunked beside a Content-Length that says less, or more, than follows", async () => {
    for (const declared of [0, 2, LIMIT, 10 * LIMIT]) {
      for (const size of sizes) await expectRead([`Content-Length: ${declared}`, "Transfer-Encoding: chunked"], chunked(bodyOf(size), 7), bodyOf(size));
    }
  });
});
