/**
 * Cloudflare's REST endpoints for AI Gateway BYOK provider configs, which have no SDK resource:
 *   POST   /accounts/{account}/ai-gateway/gateways/{gateway}/provider_configs
 *   GET    /accounts/{account}/ai-gateway/gateways/{gateway}/provider_configs
 *   DELETE /accounts/{account}/ai-gateway/gateways/{gateway}/provider_configs/{id}   (path unverified)
 * Answers use Cloudflare's v4 envelope `{ success, errors: [{ code, message }], result }`.
 * There is no update call: a change is a delete and a create.
 */

export const CLOUDFLARE_API_BASE = "https://api.cloudflare.com/client/v4";

export interface CloudflareApi {
  /** Defaults to https://api.cloudflare.com/client/v4. */
  baseUrl: string;
  /** An API token with AI Gateway / Secrets Store write on the account. Never logged. */
  token: string;
}

/** The create request body (documented fields; `secret` is never used: only `secret_id`). */
export interface ProviderConfigRequest {
  alias: string;
  provider_slug: string;
  secret_id: string;
  default_config: boolean;
  rate_limit?: number;
  rate_limit_period?: number;
}

/** A provider config as Cloudflare returns it. */
export interface ProviderConfig {
  id: string;
  alias: string;
  provider_slug: string;
  secret_id: string;
  default_config: boolean;
  gateway_id: string;
  modified_at?: string;
  rate_limit?: number;
  rate_limit_period?: number;
}

/** A failed Cloudflare answer. A plain Error (not a subclass): Pulumi serialises the dynamic provider's code, and class inheritance from Error does not survive that. */
export interface CloudflareApiError extends Error {
  name: "CloudflareApiError";
  operation: string;
  status: number;
  errors: ReadonlyArray<{ code?: number; message?: string }>;
}

export function cloudflareApiError(operation: string, status: number, errors: ReadonlyArray<{ code?: number; message?: string }>): CloudflareApiError {
  const detail = errors.length ? errors.map((e) => [e.code, e.message].filter((part) => part !== undefined).join(" ")).join("; ") : "no error detail";
  return Object.assign(new Error(`Cloudflare ${operation} failed with HTTP ${status}: ${detail}`), { name: "CloudflareApiError" as const, operation, status, errors });
}

export function isCloudflareApiError(error: unknown): error is CloudflareApiError {
  return error instanceof Error && error.name === "CloudflareApiError";
}

/** The API settings a deployment uses: CLOUDFLARE_API_TOKEN, and an optional base URL override. */
export function cloudflareApiFromEnv(env: NodeJS.ProcessEnv = process.env): CloudflareApi {
  const token = env.CLOUDFLARE_API_TOKEN;
  if (!token) throw new Error("CLOUDFLARE_API_TOKEN is not set: the BYOK provider config resource calls Cloudflare's REST API with it");
  return { baseUrl: env.SWITCHYARD_CLOUDFLARE_API_BASE || CLOUDFLARE_API_BASE, token };
}

function configsUrl(api: CloudflareApi, accountId: string, gatewayId: string): string {
  return `${api.baseUrl.replace(/\/+$/, "")}/accounts/${encodeURIComponent(accountId)}/ai-gateway/gateways/${encodeURIComponent(gatewayId)}/provider_configs`;
}

interface Envelope<T> {
  success?: boolean;
  errors?: Array<{ code?: number; message?: string }>;
  result?: T;
  result_info?: { page?: number; total_pages?: number };
}

async function call<T>(api: CloudflareApi, operation: string, method: string, url: string, body?: unknown): Promise<{ status: number; envelope: Envelope<T> }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${api.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let envelope: Envelope<T> = {};
  try {
    envelope = text ? (JSON.parse(text) as Envelope<T>) : {};
  } catch {
    throw cloudflareApiError(operation, response.status, [{ message: "answer is not JSON" }]);
  }
  return { status: response.status, envelope };
}

function ok<T>(operation: string, status: number, envelope: Envelope<T>): T {
  if (status < 200 || status >= 300 || envelope.success === false || envelope.result === undefined) {
    throw cloudflareApiError(operation, status, envelope.errors ?? []);
  }
  return envelope.result;
}

export async function createProviderConfig(api: CloudflareApi, accountId: string, gatewayId: string, request: ProviderConfigRequest): Promise<ProviderConfig> {
  const { status, envelope } = await call<ProviderConfig>(api, "create provider config", "POST", configsUrl(api, accountId, gatewayId), request);
  const result = ok("create provider config", status, envelope);
  if (!result.id) throw cloudflareApiError("create provider config", status, [{ message: "answer has no result.id" }]);
  return result;
}

/** Every provider config of a gateway, following `result_info` pages when the answer has them. */
export async function listProviderConfigs(api: CloudflareApi, accountId: string, gatewayId: string): Promise<ProviderConfig[]> {
  const all: ProviderConfig[] = [];
  for (let page = 1; ; page++) {
    const { status, envelope } = await call<ProviderConfig[]>(api, "list provider configs", "GET", `${configsUrl(api, accountId, gatewayId)}?page=${page}&per_page=50`);
    all.push(...ok("list provider configs", status, envelope));
    const pages = envelope.result_info?.total_pages ?? 1;
    if (page >= pages) return all;
  }
}

export async function findProviderConfig(api: CloudflareApi, accountId: string, gatewayId: string, id: string): Promise<ProviderConfig | undefined> {
  return (await listProviderConfigs(api, accountId, gatewayId)).find((c) => c.id === id);
}

/** Deletes a provider config; one that is already gone (404) counts as deleted. */
export async function deleteProviderConfig(api: CloudflareApi, accountId: string, gatewayId: string, id: string): Promise<void> {
  const { status, envelope } = await call<unknown>(api, "delete provider config", "DELETE", `${configsUrl(api, accountId, gatewayId)}/${encodeURIComponent(id)}`);
  if (status === 404) return;
  if (status < 200 || status >= 300 || envelope.success === false) throw cloudflareApiError("delete provider config", status, envelope.errors ?? []);
}
