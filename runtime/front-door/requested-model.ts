/**
 * What a request asks for, read where its provider's API puts it (endpoints.ts ModelIn), checked
 * against the key's families and scope, and the body that goes upstream.
 *
 * What was checked is what goes upstream: a JSON body as the same bytes (only `model` spliced,
 * json-object.ts); a multipart form as the front door parsed it (one `model` field, re-encoded by
 * the runtime); a batch (OpenAI JSONL file, Anthropic requests) as the front door parsed it,
 * re-serialised, so no parser upstream can read a model the check did not.
 */
import { bareModel, providerOf } from "../../stacks/providers";
import { readBody } from "./body";
import { API_PROVIDER, OPERATIONS, recogniseEndpoint, type Operation, type RecognisedEndpoint } from "./endpoints";
import { readTopLevel, replaceMember } from "./json-object";
import type { KeyTableEntry } from "./key-entry";
import { quoted } from "./refusals";
import { familyRefusal, resolveScope } from "./scope";

export interface Outgoing {
  body: Uint8Array | FormData | null;
  /** undefined: no content-type of ours (no body, or a FormData the runtime frames with its boundary). */
  contentType?: string;
}

export type Asked =
  | {
      ok: true;
      /** The request's one model in scope; absent for batches (checked per request) and operations by id. */
      scope?: { target: string; route?: string };
      /** The body upstream, carrying `model` (the upstream id) where the model is in the body. */
      upstream(model: string | undefined): Outgoing;
    }
  | { ok: false; reason: "not_in_scope" | "bad_request" | "unknown_object"; message: string };

const refused = (reason: "not_in_scope" | "bad_request" | "unknown_object", message: string): Asked => ({ ok: false, reason, message });

/** The input files batches.create names: whose they are (object-ids.ts), and their content. */
export interface BatchInputFiles {
  /** The provider's id of a file id this workload was given; undefined when it is not this workload's. */
  own(id: string): Promise<string | undefined>;
  /** The file's content, read through AI Gateway within the body limit; undefined when it cannot be. */
  read(fileId: string): Promise<string | undefined>;
}
const JSON_TYPE = "application/json";
const encoder = new TextEncoder();

/** The operation a batch line or batch names by path (`/v1/chat/completions`): an OpenAI operation with a JSON model. */
function openaiOperationAt(path: unknown): Operation | undefined {
  if (typeof path !== "string" || !path.startsWith("/")) return undefined;
  const found = recogniseEndpoint("POST", new URL(path, "https://front-door.invalid"), new Headers());
  return found && found.op.api === "openai" && found.op.model === "json" ? found.op : undefined;
}

const ANTHROPIC_MESSAGES = OPERATIONS.find((o) => o.name === "anthropic messages.create")!;

/** One model inside a batch: in the key's families and scope, and run by the batch's provider (no route, no other provider). */
function checkBatchModel(entry: KeyTableEntry, operation: Operation, requested: unknown, where: string): { ok: true; bare: string } | { ok: false; asked: Asked } {
  const family = familyRefusal(entry, operation.family!, operation.name);
  if (family) return { ok: false, asked: refused("not_in_scope", `${where}: ${family}`) };
  const scope = resolveScope(operation, requested, entry);
  if (!scope.ok) return { ok: false, asked: refused(scope.reason, `${where}: ${scope.message}`) };
  if (scope.route !== undefined || providerOf(scope.target) !== API_PROVIDER[operation.api]) {
    return { ok: false, asked: refused("bad_request", `${where}: a batch runs at ${API_PROVIDER[operation.api]}, so it may name only ${API_PROVIDER[operation.api]} models (no route, no other provider)`) };
  }
  return { ok: true, bare: bareModel(scope.target) };
}

/**
 * An OpenAI batch input file: one JSON request per line, { custom_id, method: "POST", url, body }
 * (platform.openai.com/docs/guides/batch). Every line is checked as if it were called alone; the
 * lines come back re-serialised with bare model ids.
 */
function checkBatchFile(text: string, entry: KeyTableEntry): { ok: true; lines: string[] } | { ok: false; asked: Asked } {
  const lines: string[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const where = `line ${i + 1} of the batch file`;
    const request = parseJson(line);
    if (!isObject(request) || !isObject(request.body) || request.method !== "POST") return { ok: false, asked: refused("bad_request", `${where} is not a POST request with a JSON body`) };
    const lineOperation = openaiOperationAt(request.url);
    if (!lineOperation) return { ok: false, asked: refused("bad_request", `${where} calls an endpoint the front door does not serve`) };
    const checked = checkBatchModel(entry, lineOperation, request.body.model, where);
    if (!checked.ok) return checked;
    lines.push(JSON.stringify({ ...request, body: { ...request.body, model: checked.bare } }));
  }
  return lines.length > 0 ? { ok: true, lines } : { ok: false, asked: refused("bad_request", "the batch file has no requests") };
}

/** Reads an OpenAI file's content through AI Gateway (GET /openai/files/{id}/content), within the body limit; undefined when it cannot. */
export function gatewayFileReader(gatewayBase: string, headers: Record<string, string>): (fileId: string) => Promise<string | undefined> {
  return async (fileId) => {
    const response = await fetch(`${gatewayBase}/openai/files/${encodeURIComponent(fileId)}/content`, { headers, redirect: "manual" });
    if (!response.ok || response.body === null) return undefined;
    // The body limit is body.ts's, applied the same way as to a client's body.
    const bytes = await readBody(new Request("https://gateway.invalid/", { method: "POST", body: response.body }));
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  };
}

async function parseForm(body: Uint8Array, contentType: string | null): Promise<FormData | undefined> {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) return undefined;
  try {
    return await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    return undefined;
  }
}

function parseJson(text: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof text === "string" ? text : new TextDecoder().decode(text));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads the request's model(s) and checks them; `body` is the request body already read within the limit (empty for GET). */
export async function readRequested(
  endpoint: RecognisedEndpoint,
  url: URL,
  contentType: string | null,
  body: Uint8Array,
  entry: KeyTableEntry,
  inputFiles: BatchInputFiles,
): Promise<Asked> {
  const { op: operation } = endpoint;
  if (operation.family) {
    const family = familyRefusal(entry, operation.family, operation.name);
    if (family) return refused("not_in_scope", family);
  }
  const scoped = (requested: unknown, upstream: (model: string | undefined) => Outgoing): Asked => {
    const scope = resolveScope(operation, requested, entry);
    return scope.ok ? { ok: true, scope: { target: scope.target, ...(scope.route !== undefined ? { route: scope.route } : {}) }, upstream } : refused(scope.reason, scope.message);
  };

  switch (operation.model) {
    case "json":
    case "path": {
      const top = readTopLevel(body, "model");
      if (!top.ok) return refused("bad_request", top.reason === "duplicate_key" ? `the request body names "${top.key?.slice(0, 64)}" twice` : "the request body is not a JSON object");
      const member = top.member;
      if (operation.model === "json") {
        return scoped(member?.value, (model) => ({ body: model !== undefined && member !== undefined && model !== member.value ? replaceMember(body, member, model) : body, contentType: JSON_TYPE }));
      }
      let requested: string;
      try {
        requested = decodeURIComponent(endpoint.captures[1]);
      } catch {
        return refused("bad_request", "the model name in the path is not valid percent-encoding");
      }
      // batchEmbedContents repeats the model in each request (requests[].model, "models/<id>"): it must be the path's.
      if (endpoint.captures[2] === "batchEmbedContents") {
        const parsed = parseJson(body);
        const requests = isObject(parsed) && Array.isArray(parsed.requests) ? parsed.requests : [];
        const other = requests.find((r) => !isObject(r) || (r.model !== undefined && r.model !== `models/${requested}`));
        if (other !== undefined) return refused("bad_request", "every request of a batchEmbedContents must name the path's model");
      }
      return scoped(requested, () => ({ body, contentType: JSON_TYPE }));
    }

    case "form": {
      const form = await parseForm(body, contentType);
      if (!form) return refused("bad_request", "the request body is not a multipart form");
      const models = form.getAll("model");
      if (models.length > 1) return refused("bad_request", 'the form names "model" twice');
      return scoped(typeof models[0] === "string" ? models[0] : undefined, (model) => {
        if (model !== undefined) form.set("model", model);
        return { body: form };
      });
    }

    case "query": {
      if (url.searchParams.getAll("model").length > 1) return refused("bad_request", 'the URL names "model" twice');
      // Transcription sessions (?intent=) and calls (?call_id=) name no model the front door could check.
      return scoped(url.searchParams.get("model") ?? undefined, () => ({ body: null }));
    }

    case "openai-batch-file": {
      const form = await parseForm(body, contentType);
      if (!form) return refused("bad_request", "the request body is not a multipart form");
      if (form.getAll("purpose").length !== 1 || form.get("purpose") !== "batch") {
        return refused("bad_request", 'the front door accepts file uploads for batches only (purpose "batch"): files of other purposes are the provider account\'s, shared by every workload');
      }
      const files = form.getAll("file");
      const file = files[0];
      if (files.length !== 1 || typeof file === "string") return refused("bad_request", "the form carries no single batch file");
      const checked = checkBatchFile(await file.text(), entry);
      if (!checked.ok) return checked.asked;
      form.set("file", new File([checked.lines.join("\n") + "\n"], file.name, { type: file.type }));
      return { ok: true, upstream: () => ({ body: form }) };
    }

    case "openai-batch": {
      const endpointMember = readTopLevel(body, "endpoint");
      const fileMember = readTopLevel(body, "input_file_id");
      if (!endpointMember.ok || !fileMember.ok) return refused("bad_request", "the request body is not a JSON object");
      const lineOperation = openaiOperationAt(endpointMember.member?.value);
      if (!lineOperation) return refused("bad_request", "the batch's endpoint is not one the front door serves");
      const family = familyRefusal(entry, lineOperation.family!, lineOperation.name);
      if (family) return refused("not_in_scope", family);
      const member = fileMember.member;
      if (member?.value === undefined) return refused("bad_request", "the batch names no input_file_id");
      const fileId = await inputFiles.own(member.value);
      if (fileId === undefined) return refused("unknown_object", `no such file: ${quoted(member.value)}`);
      // Its requests are checked again, as OpenAI will run them: the check at upload is not the
      // only thing between a file and a batch (a file's content is the provider account's).
      const text = await inputFiles.read(fileId);
      if (text === undefined) return refused("bad_request", "the batch's input file could not be read through AI Gateway (or is larger than the front door's body limit)");
      const checked = checkBatchFile(text, entry);
      if (!checked.ok) return checked.asked;
      const upstreamBody = replaceMember(body, member, fileId);
      return { ok: true, upstream: () => ({ body: upstreamBody, contentType: JSON_TYPE }) };
    }

    case "anthropic-batch": {
      const top = readTopLevel(body, "requests");
      if (!top.ok) return refused("bad_request", top.reason === "duplicate_key" ? `the request body names "${top.key?.slice(0, 64)}" twice` : "the request body is not a JSON object");
      const parsed = parseJson(body) as Record<string, unknown>;
      if (!Array.isArray(parsed.requests) || parsed.requests.length === 0) return refused("bad_request", "the batch has no requests");
      const requests: unknown[] = [];
      for (const [i, request] of parsed.requests.entries()) {
        const where = `requests[${i}]`;
        if (!isObject(request) || !isObject(request.params)) return refused("bad_request", `${where} has no params`);
        const checked = checkBatchModel(entry, ANTHROPIC_MESSAGES, request.params.model, where);
        if (!checked.ok) return checked.asked;
        requests.push({ ...request, params: { ...request.params, model: checked.bare } });
      }
      const upstreamBody = encoder.encode(JSON.stringify({ ...parsed, requests }));
      return { ok: true, upstream: () => ({ body: upstreamBody, contentType: JSON_TYPE }) };
    }

    case "none":
      return { ok: true, upstream: () => (body.byteLength > 0 ? { body, contentType: JSON_TYPE } : { body: null }) };

    case "list":
    case "retrieve":
      // Answered by the front door itself (model-lists.ts), never forwarded.
      return refused("bad_request", "model lists are not forwarded");
  }
}
