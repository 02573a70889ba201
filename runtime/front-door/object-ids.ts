/**
 * Batch objects by id belong to the workload that created them. Files and batches are the provider
 * account's (the gateway's key), shared by every workload, and the front door keeps no record of
 * who created which; so it proves ownership in the id itself. Every id in a batch-family answer
 * (OpenAI file and batch objects: `id`, `input_file_id`, `output_file_id`, `error_file_id`;
 * Anthropic message batches: `id`, and `results_url` through the front door) goes to the caller
 * as `<id>.<mark>`, the mark being the first MARK_HEX hex digits of HMAC-SHA-256 over workload
 * and id under a secret no caller holds: the Worker's OBJECT_ID_KEY, 256 random bits the
 * FrontDoor component makes once and never rotates (unlike the gateway token, which rotates every
 * 30 days while a batch may run 24 hours and be read long after). Every id a caller sends
 * back (in the path of files.retrieve / files.content / batches.retrieve / batches.cancel and
 * Anthropic's retrieve / cancel / results, batches.create's `input_file_id`) must carry this
 * workload's mark; it goes upstream bare. A missing or foreign mark is answered like an object
 * that does not exist (404 in the caller's dialect), so a workload cannot read, cancel or reuse
 * another's objects, nor learn that an id exists.
 *
 * The SDKs take such ids as they are: openai and @anthropic-ai/sdk put ids in paths through
 * `encodeURIPath` (internal/utils/path.js), which leaves `.` and hex digits as they are.
 */
import { frontDoorResultsUrl } from "./batch-results";
import type { Operation, RecognisedEndpoint } from "./endpoints";
import { hmac } from "./hmac";

/** Hex digits of a mark: 80 bits, so a guessed mark is right once in 10^24 requests. */
export const MARK_HEX = 20;
const SEPARATOR = ".";

/** Whose marks: the workload, and the secret that signs them. */
export interface Owner {
  secret: string;
  workload: string;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

async function mark(owner: Owner, id: string): Promise<string> {
  // The label keeps these MACs apart from the cohort draw's under the same secret.
  const mac = await hmac(owner.secret, `switchyard-object\n${owner.workload}\n${id}`);
  let hex = "";
  for (let i = 0; i < MARK_HEX / 2; i++) hex += HEX[mac[i]];
  return hex;
}

/** The id as this workload is given it. */
export async function markedId(owner: Owner, id: string): Promise<string> {
  return `${id}${SEPARATOR}${await mark(owner, id)}`;
}

/** The provider's id behind `marked`, when it carries this workload's mark; undefined otherwise. */
export async function ownedId(owner: Owner, marked: string): Promise<string | undefined> {
  const cut = marked.length - MARK_HEX - 1;
  if (cut < 1 || marked[cut] !== SEPARATOR) return undefined;
  const id = marked.slice(0, cut);
  const expected = await mark(owner, id);
  // Compared in full whatever differs first, so the time taken says nothing of a near miss.
  let differs = 0;
  for (let i = 0; i < MARK_HEX; i++) differs |= expected.charCodeAt(i) ^ marked.charCodeAt(cut + 1 + i);
  return differs === 0 ? id : undefined;
}

/**
 * The upstream path of an operation by id (the id is its first capture, still percent-encoded):
 * the same path with the bare id; undefined when the id is not this workload's.
 */
export async function ownedPath(endpoint: RecognisedEndpoint, pathname: string, owner: Owner): Promise<string | undefined> {
  const raw = endpoint.captures[0];
  let marked: string;
  try {
    marked = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  const id = await ownedId(owner, marked);
  if (id === undefined) return undefined;
  const segments = pathname.replace(/\/+$/, "").split("/");
  segments[segments.lastIndexOf(raw)] = encodeURIComponent(id);
  return segments.join("/");
}

/** Operations answered with one object carrying ids (files.content and results are the provider's JSONL, passed as they are). */
const OBJECT_ANSWERS: ReadonlySet<string> = new Set([
  "openai files.create",
  "openai files.retrieve",
  "openai batches.create",
  "openai batches.retrieve",
  "openai batches.cancel",
  "anthropic messages.batches.create",
  "anthropic messages.batches.retrieve",
  "anthropic messages.batches.cancel",
]);
const ID_FIELDS = ["id", "input_file_id", "output_file_id", "error_file_id"] as const;

/** A batch-family answer with every id in it marked for this workload; any other answer as it came. */
export async function ownedAnswer(upstream: Response, operation: Operation, owner: Owner, origin: string): Promise<Response> {
  if (!OBJECT_ANSWERS.has(operation.name) || !upstream.ok || !(upstream.headers.get("content-type") ?? "").startsWith("application/json")) return upstream;
  const object = (await upstream.json()) as Record<string, unknown> | null;
  if (object !== null && typeof object === "object") {
    for (const field of ID_FIELDS) if (typeof object[field] === "string") object[field] = await markedId(owner, object[field]);
    if (operation.api === "anthropic" && typeof object.results_url === "string" && typeof object.id === "string") object.results_url = frontDoorResultsUrl(origin, object.id);
  }
  const headers = new Headers(upstream.headers);
  headers.delete("content-length");
  headers.delete("content-encoding");
  return new Response(JSON.stringify(object), { status: upstream.status, headers });
}
