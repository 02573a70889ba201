/**
 * Cloudflare's REST endpoints for AI Gateway BYOK provider configs, which have no Pulumi resource.
 * Base `/accounts/{account}/ai-gateway/gateways/{gateway}/provider_configs`:
 *   POST  (create)  and GET (list, paged)   typed by the official `cloudflare` SDK 7.3.0
 *                                           (resources/ai-gateway/provider-configs.d.ts) and by
 *                                           cloudflare-go (ai_gateway/providerconfig.go, 2026-01);
 *   GET /{id}, PUT /{id} (body `{ secret }`: "Replaces the stored API key ... Only the key can
 *   change") and DELETE /{id} ("deletes its secret from the Secrets Store"): in Cloudflare's
 *   OpenAPI spec (operation aig-config-delete-providers and its siblings, as the clients generated
 *   from it print them) but in neither SDK. Those three go through the SDK's untyped
 *   `client.get/put/delete`, which still gives us its auth, retries and errors.
 * Answers use Cloudflare's v4 envelope `{ success, errors: [{ code, message }], result }`.
 *
 * The dynamic provider (byok-provider-config.ts) is serialised by Pulumi into the state and run by
 * the `pulumi-nodejs` provider: every function here is captured by value, so the SDK is loaded
 * with `require` when a call runs (Pulumi leaves `require` to the provider process:
 * @pulumi/pulumi runtime/closure/parseFunction.ts), not imported at the top. A module object
 * captured from an ESM loader cannot be serialised at all.
 */
import type Cloudflare from "cloudflare";
import type { ProviderConfigCreateParams, ProviderConfigListResponse } from "cloudflare/resources/ai-gateway/provider-configs";

export const CLOUDFLARE_API_BASE = "https://api.cloudflare.com/client/v4";

export interface CloudflareApi {
  /** Defaults to https://api.cloudflare.com/client/v4. */
  baseUrl: string;
  /** An API token with AI Gateway write and Secrets Store write on the account. Never logged. */
  token: string;
}

/** A provider config as Cloudflare answers it (the SDK types the list item; GET and PUT of one answer the same object). */
export type ProviderConfig = ProviderConfigListResponse;
/** The create body: the SDK's params without the path parameter. */
export type ProviderConfigCreateRequest = Omit<ProviderConfigCreateParams, "account_id">;
/** The PUT body: only the key can change. */
export interface ProviderConfigUpdateRequest {
  secret: string;
}

interface Envelope<T> {
  success?: boolean;
  errors?: ReadonlyArray<{ code?: number; message?: string }>;
  result?: T | null;
}

/** A failed Cloudflare answer. A plain Error (not a subclass): class inheritance from Error does not survive Pulumi's serialisation. */
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

/** The official SDK client, token auth only; its logging is off, since debug logs would print request bodies (the key). */
function sdk(api: CloudflareApi): Cloudflare {
  const { Cloudflare: Client } = require("cloudflare") as typeof import("cloudflare");
  return new Client({ apiToken: api.token, apiKey: null, apiEmail: null, userServiceKey: null, baseURL: api.baseUrl, logLevel: "off" });
}

function configsPath(accountId: string, gatewayId: string): string {
  return `/accounts/${encodeURIComponent(accountId)}/ai-gateway/gateways/${encodeURIComponent(gatewayId)}/provider_configs`;
}

/** Runs one SDK call, turning the SDK's errors into a CloudflareApiError (status 0: no answer). */
async function call<T>(api: CloudflareApi, operation: string, run: (client: Cloudflare) => Promise<T>): Promise<T> {
  const { APIError } = require("cloudflare") as typeof import("cloudflare");
  try {
    return await run(sdk(api));
  } catch (error) {
    if (error instanceof APIError) throw cloudflareApiError(operation, error.status ?? 0, error.errors ?? []);
    throw cloudflareApiError(operation, 0, [{ message: error instanceof Error ? error.message : String(error) }]);
  }
}

/** The result of a 2xx envelope; `success: false` or no result is a failure. */
function resultOf<T>(operation: string, envelope: Envelope<T> | undefined): T {
  if (!envelope || envelope.success === false || envelope.result === undefined || envelope.result === null) {
    throw cloudflareApiError(operation, 200, envelope?.errors?.length ? envelope.errors : [{ message: "answer has no result" }]);
  }
  return envelope.result;
}

export async function createProviderConfig(api: CloudflareApi, accountId: string, gatewayId: string, request: ProviderConfigCreateRequest): Promise<ProviderConfig> {
  const created = await call(api, "create provider config", (c) => c.aiGateway.providerConfigs.create(gatewayId, { account_id: accountId, ...request }));
  if (!created?.id) throw cloudflareApiError("create provider config", 200, [{ message: "answer has no result.id" }]);
  return created;
}

/**
 * Every provider config of a gateway. The SDK's V4PagePaginationArray asks for the next page until
 * one comes back empty (core/pagination.js): it does not need `result_info.total_pages`, which this
 * endpoint does not send.
 */
export async function listProviderConfigs(api: CloudflareApi, accountId: string, gatewayId: string): Promise<ProviderConfig[]> {
  return call(api, "list provider configs", async (c) => {
    const all: ProviderConfig[] = [];
    for await (const config of c.aiGateway.providerConfigs.list(gatewayId, { account_id: accountId })) all.push(config);
    return all;
  });
}

/**
 * One provider config, or undefined when it is gone. A 404 from `GET /{id}` is confirmed against
 * the list before the config counts as gone, so a wrong single-config path can never make Pulumi
 * forget a config that exists.
 */
export async function getProviderConfig(api: CloudflareApi, accountId: string, gatewayId: string, id: string): Promise<ProviderConfig | undefined> {
  const operation = "get provider config";
  try {
    const envelope = await call(api, operation, (c) => c.get<Envelope<ProviderConfig>>(`${configsPath(accountId, gatewayId)}/${encodeURIComponent(id)}`));
    return resultOf(operation, envelope);
  } catch (error) {
    if (!isCloudflareApiError(error) || error.status !== 404) throw error;
    return (await listProviderConfigs(api, accountId, gatewayId)).find((c) => c.id === id);
  }
}

/** Replaces the stored key of a provider config in place (`PUT /{id}`); the config keeps its id. */
export async function updateProviderConfigSecret(api: CloudflareApi, accountId: string, gatewayId: string, id: string, request: ProviderConfigUpdateRequest): Promise<ProviderConfig> {
  const operation = "update provider config";
  const envelope = await call(api, operation, (c) => c.put<Envelope<ProviderConfig>>(`${configsPath(accountId, gatewayId)}/${encodeURIComponent(id)}`, { body: request }));
  return resultOf(operation, envelope);
}

/**
 * Deletes a provider config, and with it the Secrets Store secret Cloudflare keeps its key in. One
 * already gone (404, and absent from the list) counts as deleted.
 */
export async function deleteProviderConfig(api: CloudflareApi, accountId: string, gatewayId: string, id: string): Promise<void> {
  const operation = "delete provider config";
  try {
    const envelope = await call(api, operation, (c) => c.delete<Envelope<unknown>>(`${configsPath(accountId, gatewayId)}/${encodeURIComponent(id)}`));
    if (envelope?.success === false) throw cloudflareApiError(operation, 200, envelope.errors ?? []);
  } catch (error) {
    if (!isCloudflareApiError(error) || error.status !== 404) throw error;
    if ((await listProviderConfigs(api, accountId, gatewayId)).some((c) => c.id === id)) throw error;
  }
}
