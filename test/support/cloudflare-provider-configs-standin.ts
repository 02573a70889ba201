/**
 * A local HTTP server standing in for Cloudflare's AI Gateway provider-config endpoints, following
 * the vendor's definitions rather than ours:
 * - POST and GET (list) at `/accounts/{account}/ai-gateway/gateways/{gateway}/provider_configs`
 *   as the official `cloudflare` SDK 7.3.0 types them (resources/ai-gateway/provider-configs.d.ts):
 *   its answers are built as `ProviderConfigCreateResponse` / `ProviderConfigListResponse`, the
 *   list envelope as `V4PagePaginationArrayResponse` (`result_info` with page and per_page; no
 *   total_pages), per_page default 20 (Cloudflare's OpenAPI spec);
 * - GET, PUT (`{ secret }`, only the key changes) and DELETE at `…/provider_configs/{id}` as
 *   Cloudflare's OpenAPI spec describes them (no SDK types them); a DELETE also deletes the
 *   config's Secrets Store secret, as the spec says.
 * A create with `secret` stores the key in the gateway's Secrets Store (`store`, by secret id);
 * one with `secret_id` references an existing secret there. A second config for the same
 * provider and alias is refused. Errors use the v4 envelope. What this cannot prove is listed in
 * docs/verification.md.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { V4PagePaginationArrayResponse } from "cloudflare/core/pagination";
import type { ProviderConfigCreateResponse, ProviderConfigListResponse } from "cloudflare/resources/ai-gateway/provider-configs";
import type { ProviderConfigCreateRequest, ProviderConfigUpdateRequest } from "../../components/cloudflare-byok-api";

/** Every body field of the SDK's create params; the `satisfies` and the check below keep this list equal to the SDK type. */
export const CREATE_BODY_FIELDS = ["alias", "default_config", "provider_slug", "rate_limit", "rate_limit_period", "secret", "secret_id"] as const satisfies ReadonlyArray<keyof ProviderConfigCreateRequest>;
type Missing = Exclude<keyof ProviderConfigCreateRequest, (typeof CREATE_BODY_FIELDS)[number]>;
const everyCreateField: [Missing] extends [never] ? true : Missing = true;
void everyCreateField;
export const UPDATE_BODY_FIELDS = ["secret"] as const satisfies ReadonlyArray<keyof ProviderConfigUpdateRequest>;

export interface SeenRequest {
  method: string;
  url: string;
  authorization?: string;
  body?: Record<string, unknown>;
}

export interface StoreSecret {
  value: string;
  /** The config that created it (and deletes it), if any. */
  ownedBy?: string;
}

export class ProviderConfigsStandIn {
  readonly seen: SeenRequest[] = [];
  readonly configs = new Map<string, ProviderConfigCreateResponse>();
  /** The gateway's Secrets Store, by secret id. */
  readonly store = new Map<string, StoreSecret>();
  pageSize = 20;
  /** Whether `GET …/{id}` is routed (false: it answers 404, to test the other reading of the spec). */
  singleConfigRoute = true;
  /** The next answers, served in order instead of the normal ones. */
  failures: Array<{ status: number; body: unknown }> = [];
  private server?: Server;
  private nextId = 1;

  constructor(
    readonly account: string,
    readonly gateway: string,
    readonly token: string,
  ) {}

  get base(): string {
    return `/client/v4/accounts/${this.account}/ai-gateway/gateways/${this.gateway}/provider_configs`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/client/v4`;
  }

  reset(): void {
    this.seen.length = 0;
    this.configs.clear();
    this.store.clear();
    this.pageSize = 20;
    this.singleConfigRoute = true;
    this.failures = [];
    this.nextId = 1;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req).then(({ status, body }) => res.writeHead(status, { "content-type": "application/json" }).end(typeof body === "string" ? body : JSON.stringify(body))));
    await new Promise<void>((ok) => this.server!.listen(0, "127.0.0.1", ok));
  }

  async stop(): Promise<void> {
    await new Promise((ok) => this.server?.close(ok));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : undefined;
    this.seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, ...(body ? { body } : {}) });
    const failure = this.failures.shift();
    if (failure) return failure;
    if (req.headers.authorization !== `Bearer ${this.token}`) return fail(401, 10000, "Authentication error");

    const url = new URL(req.url!, "http://x");
    if (url.pathname === this.base) {
      if (req.method === "POST") return this.create(body ?? {});
      if (req.method === "GET") return this.list(Number(url.searchParams.get("page") ?? 1), Number(url.searchParams.get("per_page") ?? this.pageSize));
    }
    const id = url.pathname.startsWith(`${this.base}/`) ? decodeURIComponent(url.pathname.slice(this.base.length + 1)) : undefined;
    if (id !== undefined) {
      if (req.method === "GET" && this.singleConfigRoute) return this.one(id, (c) => ok(c));
      if (req.method === "PUT") return this.one(id, (c) => this.update(c, body ?? {}));
      if (req.method === "DELETE") return this.one(id, (c) => this.remove(c));
    }
    return fail(404, 7003, "Could not route to the requested resource");
  }

  private one(id: string, then: (config: ProviderConfigCreateResponse) => { status: number; body: unknown }) {
    const config = this.configs.get(id);
    return config ? then(config) : fail(404, 7003, "Could not route to the requested resource");
  }

  private create(body: Record<string, unknown>) {
    const unknown = Object.keys(body).filter((k) => !(CREATE_BODY_FIELDS as readonly string[]).includes(k));
    if (unknown.length) return fail(400, 7001, `Input Validation Error: unknown ${unknown.join(", ")}`);
    const missing = (["alias", "provider_slug", "default_config"] as const).filter((f) => body[f] === undefined);
    if (missing.length) return fail(400, 7001, `Input Validation Error: ${missing.join(", ")} required`);
    if ((body.secret === undefined) === (body.secret_id === undefined)) return fail(400, 7001, "Input Validation Error: one of secret or secret_id");
    const clash = [...this.configs.values()].find((c) => c.provider_slug === body.provider_slug && c.alias === body.alias);
    if (clash) return fail(400, 7001, `a provider config for ${String(body.provider_slug)} with alias ${String(body.alias)} exists`);
    const id = `cfg-${this.nextId++}`;
    let secretId = body.secret_id as string | undefined;
    if (secretId === undefined) {
      secretId = `store-secret-${id}`;
      this.store.set(secretId, { value: String(body.secret), ownedBy: id });
    } else if (!this.store.has(secretId)) return fail(400, 7001, `secret ${secretId} not found in the gateway's Secrets Store`);
    const config: ProviderConfigCreateResponse = {
      id,
      alias: String(body.alias),
      default_config: Boolean(body.default_config),
      gateway_id: this.gateway,
      modified_at: "2026-11-27T00:00:00Z",
      provider_slug: String(body.provider_slug),
      secret_id: secretId,
      secret_preview: "sk-...",
      ...(typeof body.rate_limit === "number" ? { rate_limit: body.rate_limit } : {}),
      ...(typeof body.rate_limit_period === "number" ? { rate_limit_period: body.rate_limit_period } : {}),
    };
    this.configs.set(id, config);
    return ok(config);
  }

  private list(page: number, perPage: number) {
    const all: ProviderConfigListResponse[] = [...this.configs.values()];
    const result = all.slice((page - 1) * perPage, page * perPage);
    const envelope: V4PagePaginationArrayResponse<ProviderConfigListResponse> = { result, result_info: { page, per_page: perPage } };
    return { status: 200, body: { success: true, errors: [], messages: [], ...envelope, result_info: { ...envelope.result_info, count: result.length, total_count: all.length } } };
  }

  private update(config: ProviderConfigCreateResponse, body: Record<string, unknown>) {
    const fields = Object.keys(body);
    if (fields.length !== 1 || fields[0] !== UPDATE_BODY_FIELDS[0] || typeof body.secret !== "string") return fail(400, 7001, "Input Validation Error: only secret can change");
    this.store.set(config.secret_id, { ...this.store.get(config.secret_id)!, value: body.secret });
    const updated: ProviderConfigListResponse = { ...config, modified_at: "2026-11-28T00:00:00Z" };
    this.configs.set(config.id, updated);
    return ok(updated);
  }

  private remove(config: ProviderConfigCreateResponse) {
    this.configs.delete(config.id);
    this.store.delete(config.secret_id);
    return ok({ id: config.id });
  }
}

function ok(result: unknown) {
  return { status: 200, body: { success: true, errors: [], messages: [], result } };
}

function fail(status: number, code: number, message: string) {
  return { status, body: { success: false, errors: [{ code, message }], messages: [], result: null } };
}
