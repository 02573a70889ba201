/**
 * Refusals in the caller SDK's own error shape, so each SDK raises its usual typed error
 * (openai.AuthenticationError, Anthropic.PermissionDeniedError, Gemini ApiError...).
 * Messages never contain the presented key.
 */
export type ErrorDialect = "openai" | "anthropic" | "gemini";

export type RefusalReason =
  | "no_key"
  | "unknown_key"
  | "expired_key"
  | "ip_not_allowed"
  | "not_in_scope"
  | "bad_request"
  | "not_found"
  | "too_large"
  | "rate_limited"
  | "upstream_unreachable"
  | "misconfigured";

const STATUS: Record<RefusalReason, number> = {
  no_key: 401,
  unknown_key: 401,
  expired_key: 401,
  ip_not_allowed: 403,
  not_in_scope: 403,
  bad_request: 400,
  not_found: 404,
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
  ip_not_allowed: "permission_error",
  not_in_scope: "permission_error",
  bad_request: "invalid_request_error",
  not_found: "invalid_request_error",
  too_large: "invalid_request_error",
  rate_limited: "requests",
  upstream_unreachable: "api_error",
  misconfigured: "api_error",
};
const OPENAI_CODE: Record<RefusalReason, string> = {
  no_key: "missing_api_key",
  unknown_key: "invalid_api_key",
  expired_key: "expired_api_key",
  ip_not_allowed: "ip_not_allowed",
  not_in_scope: "model_not_allowed",
  bad_request: "invalid_request",
  not_found: "unknown_endpoint",
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
  ip_not_allowed: "permission_error",
  not_in_scope: "permission_error",
  bad_request: "invalid_request_error",
  not_found: "not_found_error",
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
  ip_not_allowed: "PERMISSION_DENIED",
  not_in_scope: "PERMISSION_DENIED",
  bad_request: "INVALID_ARGUMENT",
  not_found: "NOT_FOUND",
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
