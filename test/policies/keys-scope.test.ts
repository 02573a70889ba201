import { describe, expect, it } from "vitest";
import { keysScope } from "../../policies/rules/keys-scope";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { workload } from "./fixtures";
import { messages, resource, UNKNOWN_STRING } from "./harness";

const entry = (over: Record<string, unknown> = {}) =>
  resource(TYPES.WorkersKv, "kv-checkout-prod", {
    keyName: UNKNOWN_STRING,
    value: JSON.stringify({ v: 1, environment: "prod", workload: "checkout-assistant", keyName: "checkout-prod", routes: ["dynamic/chat"], models: ["openai/gpt-4.1-mini"], expiresOn: "2027-02-15", allowedIps: ["203.0.113.0/24"], ...over }),
  });

describe("switchyard-keys-scope", () => {
  it("passes an entry carrying exactly the workload's scope (its KV key unknown in preview)", async () => {
    expect(await messages(keysScope, [workload(), entry()])).toEqual([]);
  });

  it("reports wildcards in the workload and in the entry", async () => {
    expect(await messages(keysScope, [workload({ models: ["openai/*"] }), entry({ routes: ["dynamic/*"], models: ["openai/*"] })])).toEqual([
      'Workload "checkout-assistant" allows the wildcard "openai/*"; a key may call only named routes and models. Replace it in workloads.checkout-assistant.models with the models the workload uses.',
      'Key table entry for key "checkout-prod" of workload "checkout-assistant" allows the wildcard "dynamic/*", "openai/*"; a key may call only named routes and models. Recreate the entry from the workload\'s routes and models. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports routes, models, expiry and IPs the workload does not declare", async () => {
    expect(await messages(keysScope, [workload(), entry({ routes: ["dynamic/chat", "dynamic/embed"], models: ["openai/gpt-4.1-mini", "openai/o3"], expiresOn: "2028-01-01", allowedIps: undefined })])).toEqual([
      'Key table entry for key "checkout-prod" of workload "checkout-assistant" allows "dynamic/embed", which the workload does not declare (its routes: "dynamic/chat"). Remove them from the entry or add the routes under workloads.checkout-assistant.routes. ' + NOT_FROM_A_STACK_FILE,
      'Key table entry for key "checkout-prod" of workload "checkout-assistant" allows "openai/o3", which the workload does not declare (its models: "openai/gpt-4.1-mini"). Remove them from the entry or add the models under workloads.checkout-assistant.models. ' + NOT_FROM_A_STACK_FILE,
      'Key table entry for key "checkout-prod" of workload "checkout-assistant" expires on 2028-01-01 but the workload declares 2027-02-15. The entry must carry the declared expiry. ' + NOT_FROM_A_STACK_FILE,
      'Key table entry for key "checkout-prod" of workload "checkout-assistant" allows addresses from anywhere but the workload declares "203.0.113.0/24". The entry must carry the declared allowedIps. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports an entry whose endpoint families are not the key's declared ones (absent on both sides: every family)", async () => {
    const declared = workload({ keys: [{ name: "checkout-prod", expiresOn: "2027-02-15", allowedIps: ["203.0.113.0/24"], families: ["embeddings"] }] });
    expect(await messages(keysScope, [declared, entry({ families: ["embeddings"] })])).toEqual([]);
    expect(await messages(keysScope, [declared, entry({ families: ["embeddings", "chat"] })])).toEqual([
      'Key table entry for key "checkout-prod" of workload "checkout-assistant" allows the endpoint families "embeddings", "chat" but the workload declares "embeddings". The entry must carry the declared families. ' + NOT_FROM_A_STACK_FILE,
    ]);
    expect(await messages(keysScope, [declared, entry()])).toEqual([
      'Key table entry for key "checkout-prod" of workload "checkout-assistant" allows every endpoint family but the workload declares "embeddings". The entry must carry the declared families. ' + NOT_FROM_A_STACK_FILE,
    ]);
    expect(await messages(keysScope, [workload(), entry({ families: ["chat"] })])).toEqual([
      'Key table entry for key "checkout-prod" of workload "checkout-assistant" allows the endpoint families "chat" but the workload declares none (every family). The entry must carry the declared families. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
