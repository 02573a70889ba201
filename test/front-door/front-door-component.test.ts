/**
 * The FrontDoor component under Pulumi's mock engine: exact inputs of the Worker script, the
 * custom domain and the AI Gateway Run token, options, outputs, and proof that the token's value
 * appears only inside secret-wrapped inputs.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { captureProgram, type CapturedResource } from "../../engine/capture";
import { bundleFrontDoor } from "../../runtime/front-door/bundle";
import { entryVersion } from "../../runtime/front-door/live-keys";
import { frontDoorScript, tablesInScript } from "../../runtime/front-door/script";
import * as frontDoorModule from "../../components/front-door";
import { stringLeaves } from "../support/mock-engine";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const ZONE = "fedcba9876543210fedcba9876543210";
const RUN_GROUP_ID = "644535f4ed854494a59cb289d634b257";
const TOKEN_VALUE = "mock-cf-aig-run-token-DO-NOT-LEAK-91c2";
const OBJECT_ID_KEY = "6d6f636b2d6f626a6563742d69642d6b65792d444f2d4e4f542d4c45414b2d21";

let registered: CapturedResource[] = [];
const invokes: Array<{ token: string; inputs: Record<string, unknown> }> = [];
let outputs: Record<string, unknown>;

/** Two keys as the Workload components wrote them (their KV entries' outputs). */
const WRITTEN = [
  { digest: "b".repeat(64), entry: '{"v":1,"keyName":"second"}' },
  { digest: "a".repeat(64), entry: '{"v":1,"keyName":"first"}' },
];

const { FrontDoor } = frontDoorModule;
const args: frontDoorModule.FrontDoorArgs = {
  accountId: ACCOUNT,
  zoneId: ZONE,
  hostname: "ai.acme.example",
  environment: "prod",
  gatewayId: "acme-prod",
  keyTableNamespaceId: "kv-namespace-id-1",
  routes: {
    chat: { graphs: { primary: pulumi.output("chat-primary-11111111"), rollback: pulumi.output("chat-rollback-22222222") }, active: "rollback", canaryPercent: 10 },
    summarize: { graphs: { primary: "summarize-primary-33333333" }, active: "primary", canaryPercent: 0 },
  },
  rateLimits: { "checkout-assistant": 600, "batch-job": 60, "support-bot": 600 },
  keys: [pulumi.output(WRITTEN[0]), WRITTEN[1]],
  protect: true,
  now: new Date("2026-11-27T15:00:00Z"),
};

/** What the Worker should read: the route table with every graph name resolved, and the rate-limit table. */
const TABLES = {
  routes: {
    chat: { graphs: { primary: "chat-primary-11111111", rollback: "chat-rollback-22222222" }, active: "rollback" as const, canaryPercent: 10 },
    summarize: { graphs: { primary: "summarize-primary-33333333" }, active: "primary" as const, canaryPercent: 0 },
  },
  rateLimits: { "checkout-assistant": 600, "batch-job": 60, "support-bot": 600 },
  keys: {} as Record<string, string>,
};

beforeAll(async () => {
  // The live set by hand: each digest's first 16 hex digits -> SHA-256 of label, digest and entry text (8 hex), in id order.
  const version = (k: (typeof WRITTEN)[number]) => createHash("sha256").update(`switchyard-key-entry\n${k.digest}\n${k.entry}`).digest("hex").slice(0, 8);
  TABLES.keys = { aaaaaaaaaaaaaaaa: version(WRITTEN[1]), bbbbbbbbbbbbbbbb: version(WRITTEN[0]) };
  expect(TABLES.keys.aaaaaaaaaaaaaaaa).toBe(await entryVersion(WRITTEN[1].digest, WRITTEN[1].entry));
  ({ resources: registered, outputs } = await captureProgram({
    project: "switchyard",
    stack: "prod",
    mocks: {
      newResource: (a) => {
        if (a.type === "cloudflare:index/accountToken:AccountToken") return { id: "token-id", state: { ...a.inputs, value: TOKEN_VALUE } };
        if (a.type === "random:index/randomBytes:RandomBytes") return { id: "bytes-id", state: { ...a.inputs, hex: OBJECT_ID_KEY } };
        return { id: `${a.name}-id`, state: a.inputs };
      },
      call: (a) => {
        invokes.push({ token: a.token, inputs: a.inputs });
        if (a.token === "cloudflare:index/getAccountApiTokenPermissionGroupsList:getAccountApiTokenPermissionGroupsList") {
          return { ...a.inputs, results: [{ id: "0000aaaa0000aaaa0000aaaa0000aaaa", name: "AI Gateway Run Extra" }, { id: RUN_GROUP_ID, name: "AI Gateway Run" }] };
        }
        return a.inputs;
      },
    },
    program: () => {
      const door = new FrontDoor("front-door", args);
      return { url: door.url, workerName: door.workerName };
    },
  }));
});

/** Paths of inputs holding `needle` that are NOT Pulumi secrets. */
const exposed = (r: CapturedResource, needle: string) =>
  stringLeaves(r.inputs)
    .filter((leaf) => leaf.text.includes(needle) && !r.secretPaths.some((p) => leaf.path === p || leaf.path.startsWith(`${p}.`) || leaf.path.startsWith(`${p}[`)))
    .map((leaf) => leaf.path);
const one = (type: string): CapturedResource => {
  const found = registered.filter((r) => r.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, registered ${found.length}`);
  return found[0];
};

describe("FrontDoor component (Pulumi mock engine)", () => {
  it("registers the component and exactly four children under it", () => {
    const component = one("switchyard:index:FrontDoor");
    expect(registered.map((r) => `${r.type}::${r.name}`).sort()).toEqual([
      "cloudflare:index/accountToken:AccountToken::front-door-gateway-token",
      "cloudflare:index/workersCustomDomain:WorkersCustomDomain::front-door-domain",
      "cloudflare:index/workersScript:WorkersScript::front-door-worker",
      "random:index/randomBytes:RandomBytes::front-door-object-id-key",
      "switchyard:index:FrontDoor::front-door",
    ]);
    for (const r of registered.filter((x) => x !== component)) expect(r.parent).toMatch(/switchyard:index:FrontDoor::front-door$/);
  });

  it("the component's own inputs are what policies see (no secrets there)", () => {
    expect(one("switchyard:index:FrontDoor").inputs).toEqual({
      accountId: ACCOUNT,
      zoneId: ZONE,
      hostname: "ai.acme.example",
      environment: "prod",
      gatewayId: "acme-prod",
      keyTableNamespaceId: "kv-namespace-id-1",
      routes: {
        chat: { graphs: { primary: "chat-primary-11111111", rollback: "chat-rollback-22222222" }, active: "rollback", canaryPercent: 10 },
        summarize: { graphs: { primary: "summarize-primary-33333333" }, active: "primary", canaryPercent: 0 },
      },
      rateLimits: { "checkout-assistant": 600, "batch-job": 60, "support-bot": 600 },
      protect: true,
      tokenRotationDays: 30,
      tokenPeriodStart: "2026-11-03",
    });
  });

  it("the Worker script: the bundled module with the route, rate-limit and live-key tables, its bindings, logs off, protected", () => {
    const worker = one("cloudflare:index/workersScript:WorkersScript");
    // The tables travel in the script, each graph name resolved; the bundle after them is unchanged.
    expect(tablesInScript(worker.inputs.content as string)).toEqual(TABLES);
    expect((worker.inputs.content as string).endsWith(`\n${bundleFrontDoor()}`)).toBe(true);
    expect(worker.inputs).toEqual({
      accountId: ACCOUNT,
      scriptName: "switchyard-front-door-prod",
      content: frontDoorScript(TABLES),
      mainModule: "front-door.mjs",
      compatibilityDate: "2025-09-01",
      bindings: [
        { type: "kv_namespace", name: "KEYS", namespaceId: "kv-namespace-id-1" },
        { type: "secret_text", name: "GATEWAY_TOKEN", text: TOKEN_VALUE },
        { type: "secret_text", name: "OBJECT_ID_KEY", text: OBJECT_ID_KEY },
        { type: "plain_text", name: "ACCOUNT_ID", text: ACCOUNT },
        { type: "plain_text", name: "GATEWAY_ID", text: "acme-prod" },
        { type: "plain_text", name: "ENVIRONMENT", text: "prod" },
        { type: "ratelimit", name: "RATE_LIMIT_60", namespaceId: frontDoorModule.rateLimitNamespaceId("prod", 60), simple: { limit: 60, period: 60 } },
        { type: "ratelimit", name: "RATE_LIMIT_600", namespaceId: frontDoorModule.rateLimitNamespaceId("prod", 600), simple: { limit: 600, period: 60 } },
        { type: "ratelimit", name: "KEY_FAILURES", namespaceId: frontDoorModule.keyFailuresNamespaceId("prod"), simple: { limit: 20, period: 60 } },
      ],
      observability: { enabled: false },
      logpush: false,
    });
    expect(worker.options.protect).toBe(true);
  });

  it("the custom domain on the zone, protected", () => {
    const domain = one("cloudflare:index/workersCustomDomain:WorkersCustomDomain");
    expect(domain.inputs).toEqual({ accountId: ACCOUNT, zoneId: ZONE, hostname: "ai.acme.example", service: "switchyard-front-door-prod" });
    expect(domain.options.protect).toBe(true);
  });

  it("the key of batch object id marks: 256 random bits, protected with the Worker (replacing it would orphan every id handed out)", () => {
    const bytes = one("random:index/randomBytes:RandomBytes");
    expect(bytes.inputs).toEqual({ length: 32 });
    expect(bytes.options.protect).toBe(true);
  });

  it("the token: AI Gateway Run only (resolved by exact name), this account, expiry two periods out, replaced on rotation", () => {
    const token = one("cloudflare:index/accountToken:AccountToken");
    expect(token.inputs).toEqual({
      accountId: ACCOUNT,
      name: "switchyard-front-door-prod-2026-11-03",
      policies: [{ effect: "allow", permissionGroups: [{ id: RUN_GROUP_ID }], resources: `{"com.cloudflare.api.account.${ACCOUNT}":"*"}` }],
      expiresOn: "2027-01-02T00:00:00Z",
    });
    expect(token.options.protect).toBeUndefined();
    expect([...(token.options.replaceOnChanges ?? [])].sort()).toEqual(["expiresOn", "name"]);
    expect(invokes.find((i) => i.token.endsWith("getAccountApiTokenPermissionGroupsList"))?.inputs).toEqual({ accountId: ACCOUNT, name: "AI%20Gateway%20Run" });
  });

  it("the token value appears only inside secret-wrapped inputs, and in no output", () => {
    const worker = one("cloudflare:index/workersScript:WorkersScript");
    expect(worker.secretPaths).toEqual(["bindings[1].text", "bindings[2].text"]); // they are there, as secrets...
    for (const secret of [TOKEN_VALUE, OBJECT_ID_KEY]) {
      expect(JSON.stringify(worker.inputs)).toContain(secret);
      for (const r of registered) expect(exposed(r, secret), `${r.type} ${r.name}`).toEqual([]); // ...and never bare
      expect(JSON.stringify(outputs)).not.toContain(secret);
    }
    expect(outputs).toEqual({ url: "https://ai.acme.example", workerName: "switchyard-front-door-prod" });
  });
});

describe("FrontDoor pure helpers", () => {
  it("rotation periods are stable inside a period and roll over at its end", () => {
    const { tokenRotation } = frontDoorModule;
    expect(tokenRotation(new Date("2026-11-03T00:00:00Z"), 30)).toEqual({ periodStart: "2026-11-03", expiresOn: "2027-01-02T00:00:00Z" });
    expect(tokenRotation(new Date("2026-12-02T23:59:59Z"), 30)).toEqual({ periodStart: "2026-11-03", expiresOn: "2027-01-02T00:00:00Z" });
    expect(tokenRotation(new Date("2026-12-03T00:00:00Z"), 30)).toEqual({ periodStart: "2026-12-03", expiresOn: "2027-02-01T00:00:00Z" });
    expect(tokenRotation(new Date("2026-11-27T12:00:00Z"), 7).periodStart).toBe("2026-11-26");
  });

  it("validation names each bad field", () => {
    const { validateFrontDoorArgs } = frontDoorModule;
    expect(validateFrontDoorArgs(args)).toEqual([]);
    expect(
      validateFrontDoorArgs({
        ...args,
        accountId: "ACME",
        zoneId: "z",
        hostname: "https://ai.acme.example",
        environment: "Prod",
        routes: { chat: { graphs: { primary: "chat-primary-1" }, active: "rollback", canaryPercent: 120 } },
        rateLimits: { w: 0.5 },
        tokenRotationDays: 60,
      }),
    ).toEqual([
      'accountId "ACME" is not 32 lowercase hex characters',
      'zoneId "z" is not 32 lowercase hex characters',
      'hostname "https://ai.acme.example" is not a lowercase DNS hostname such as ai.acme.example',
      'environment "Prod" is not a lowercase slug: a letter, then up to 31 of a-z, 0-9, -',
      "routes.chat.canaryPercent 120 is outside 0-100",
      "routes.chat is active: rollback but has no rollback graph",
      "rateLimits.w 0.5 is not a whole number of requests per minute",
      "tokenRotationDays 60 must be an integer from 1 to 45",
    ]);
    expect(() => new FrontDoor("bad", { ...args, hostname: "nope" })).toThrow('FrontDoor "bad": hostname "nope" is not a lowercase DNS hostname such as ai.acme.example');
  });

  // Was a bug: the guard allowed 31 characters where the stack file allows 32, so `validate`
  // accepted an environment that `plan` then refused without a position.
  it("accepts every environment the stack file accepts: the longest is 32 characters", () => {
    const { validateFrontDoorArgs } = frontDoorModule;
    expect(validateFrontDoorArgs({ ...args, environment: "e".repeat(32) })).toEqual([]);
    expect(validateFrontDoorArgs({ ...args, environment: "e".repeat(33) })).toEqual([`environment "${"e".repeat(33)}" is not a lowercase slug: a letter, then up to 31 of a-z, 0-9, -`]);
  });

  it("rate-limit namespaces: positive integers, stable per environment and limit, distinct across both", () => {
    const { rateLimitNamespaceId } = frontDoorModule;
    expect(rateLimitNamespaceId("prod", 600)).toMatch(/^[1-9]\d{0,9}$/);
    expect(rateLimitNamespaceId("prod", 600)).toBe(rateLimitNamespaceId("prod", 600));
    const { keyFailuresNamespaceId } = frontDoorModule;
    expect(new Set([rateLimitNamespaceId("prod", 600), rateLimitNamespaceId("prod", 60), rateLimitNamespaceId("staging", 600), keyFailuresNamespaceId("prod"), keyFailuresNamespaceId("staging")]).size).toBe(5);
  });

  it("the permission group is picked by exact name, and its absence is an error", () => {
    const { permissionGroupId } = frontDoorModule;
    expect(permissionGroupId([{ id: "a", name: "AI Gateway Read" }, { id: "b", name: "AI Gateway Run" }], "AI Gateway Run")).toBe("b");
    expect(() => permissionGroupId([{ id: "a", name: "AI Gateway Read" }], "AI Gateway Run")).toThrow('expected exactly one Cloudflare permission group named "AI Gateway Run", found 0');
  });
});
