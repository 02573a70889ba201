/**
 * Refusals in the caller SDK's own error shape, so each SDK raises its usual typed error
 * (openai.AuthenticationError, Anthropic.PermissionDeniedError, Gemini ApiError...), the front
 * door's own failures (500) included. Messages never contain the presented key, and quote what
 * the caller sent only as a short escaped excerpt (`quoted`).
 */
export type ErrorDialect = "openai" | "anthropic" | "gemini";

/**
 * Why a request is refused, as the caller is told (and the `x-switchyard-refusal` header names).
 * A key used from an address outside its `allowedIps` is told `unknown_key`, like a key never
 * issued: only the logs say which (`logRefusal`).
 */
export type RefusalReason =
  | "no_key"
  | "unknown_key"
  | "expired_key"
  /** The key's entry in KV is not the version this Worker version was deployed with (an edit on its way): retry. */
  | "key_changing"
  | "key_failures_limited"
  | "not_in_scope"
  | "bad_request"
  | "not_found"
  /** A file or batch id this workload did not create (object-ids.ts), answered like one that does not exist. */
  | "unknown_object"
  | "too_large"
  | "rate_limited"
  | "upstream_unreachable"
  | "misconfigured";

const STATUS: Record<RefusalReason, number> = {
  no_key: 401,
  unknown_key: 401,
  expired_key: 401,
  key_changing: 503,
  key_failures_limited: 429,
  not_in_scope: 403,
  bad_request: 400,
  not_found: 404,
  unknown_object: 404,
  too_large: 413,
  rate_limited: 429,
  upstream_unreachable: 502,
  misconfigured: 500,
};

/** OpenAI: { error: { message, type, param, code } } (type/code as the OpenAI API uses them). */
const OPENAI_TYPE: Record<RefusalReason, string> = {
  no_key: "invalid_request_error",
  unknown_key: "invalid_request_error",
  expired_key: "invalid_request_error",
  key_changing: "api_error",
  key_failures_limited: "requests",
  not_in_scope: "permission_error",
  bad_request: "invalid_request_error",
  not_found: "invalid_request_error",
  unknown_object: "invalid_request_error",
  too_large: "invalid_request_error",
  rate_limited: "requests",
  upstream_unreachable: "api_error",
  misconfigured: "api_error",
};
const OPENAI_CODE: Record<RefusalReason, string> = {
  no_key: "missing_api_key",
  unknown_key: "invalid_api_key",
  expired_key: "expired_api_key",
  key_changing: "key_changing",
  key_failures_limited: "too_many_failed_keys",
  not_in_scope: "model_not_allowed",
  bad_request: "invalid_request",
  not_found: "unknown_endpoint",
  unknown_object: "not_found",
  too_large: "request_too_large",
  rate_limited: "rate_limit_exceeded",
  upstream_unreachable: "upstream_unreachable",
  misconfigured: "front_door_misconfigured",
};

/** Anthropic: { type: "error", error: { type, message } } with the error types of @anthropic-ai/sdk (ErrorType). */
const ANTHROPIC_TYPE: Record<RefusalReason, string> = {
  no_key: "authentication_error",
  unknown_key: "authentication_error",
  expired_key: "authentication_error",
  key_changing: "api_error",
  key_failures_limited: "rate_limit_error",
  not_in_scope: "permission_error",
  bad_request: "invalid_request_error",
  not_found: "not_found_error",
  unknown_object: "not_found_error",
  too_large: "invalid_request_error",
  rate_limited: "rate_limit_error",
  upstream_unreachable: "api_error",
  misconfigured: "api_error",
};

/** Gemini (Google API errors): { error: { code, message, status } }. */
const GEMINI_STATUS: Record<RefusalReason, string> = {
  no_key: "UNAUTHENTICATED",
  unknown_key: "UNAUTHENTICATED",
  expired_key: "UNAUTHENTICATED",
  key_changing: "UNAVAILABLE",
  key_failures_limited: "RESOURCE_EXHAUSTED",
  not_in_scope: "PERMISSION_DENIED",
  bad_request: "INVALID_ARGUMENT",
  not_found: "NOT_FOUND",
  unknown_object: "NOT_FOUND",
  too_large: "INVALID_ARGUMENT",
  rate_limited: "RESOURCE_EXHAUSTED",
  upstream_unreachable: "UNAVAILABLE",
  misconfigured: "INTERNAL",
};

export function refusalBody(dialect: ErrorDialect, reason: RefusalReason, message: string): unknown {
  switch (dialect) {
    case "openai":
      return { error: { message, type: OPENAI_TYPE[reason], param: null, code: OPENAI_CODE[reason] } };
    case "anthropic":
      return { type: "error", error: { type: ANTHROPIC_TYPE[reason], message } };
    case "gemini":
      return { error: { code: STATUS[reason], message, status: GEMINI_STATUS[reason] } };
  }
}

/** The refusal as a response; `headers` adds e.g. Retry-After. */
export function refuse(dialect: ErrorDialect, reason: RefusalReason, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(refusalBody(dialect, reason, message)), {
    status: STATUS[reason],
    headers: { "content-type": "application/json", "x-switchyard-refusal": reason, ...headers },
  });
}

/** How much of a caller's input a refusal may quote. */
export const EXCERPT_CHARS = 64;

/**
 * `input` quoted for a refusal message: a JSON string literal of at most EXCERPT_CHARS characters
 * of it, everything outside printable ASCII escaped (so no control, bidi or look-alike character
 * reaches the caller's screen or logs as such), and `…` after the closing quote when cut.
 */
export function quoted(input: unknown): string {
  const text = typeof input === "string" ? input : JSON.stringify(input) ?? String(input);
  const excerpt = Array.from(text.slice(0, EXCERPT_CHARS * 2)).slice(0, EXCERPT_CHARS).join("");
  const literal = JSON.stringify(excerpt).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return excerpt.length < text.length ? `${literal}…` : literal;
}

/**
 * A refusal whose real reason the caller is not told, for whoever reads the Worker's logs
 * (`wrangler tail`, a Tail Worker, or Workers Logs where enabled). Names the key by its key-table
 * labels, never the key itself.
 */
export function logRefusal(reason: string, details: Record<string, string | number | null>): void {
  console.log(JSON.stringify({ event: "switchyard-front-door-refusal", reason, ...details }));
}
