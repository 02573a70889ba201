import { describe, expect, it } from "vitest";
import { keysNoCloudflareTokenInWorkloads } from "../../policies/rules/keys-no-cloudflare-token-in-workloads";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { workload } from "./fixtures";
import { messages, resource } from "./harness";

const frontDoor = resource(TYPES.FrontDoor, "front-door", {});
const runToken = resource(TYPES.AccountToken, "front-door-run", { name: "run" }, { parent: frontDoor });

describe("switchyard-keys-no-cloudflare-token-in-workloads", () => {
  it("passes a token held by the front door and a workload secret holding only its key", async () => {
    const w = workload();
    const secret = resource(TYPES.Secret, "checkout-assistant-keys", {}, { parent: w });
    expect(await messages(keysNoCloudflareTokenInWorkloads, [frontDoor, runToken, w, secret])).toEqual([]);
  });

  it("reports a token created under a workload", async () => {
    const w = workload();
    const token = resource(TYPES.AccountToken, "checkout-token", {}, { parent: w });
    expect(await messages(keysNoCloudflareTokenInWorkloads, [w, token])).toEqual([
      'Workload "checkout-assistant" holds Cloudflare token "checkout-token"; a Cloudflare token reaches the whole account. Remove it: workloads call the front door with their gateway keys. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports a workload resource whose input comes from a token", async () => {
    const w = workload();
    const version = resource("aws:secretsmanager/secretVersion:SecretVersion", "checkout-keys-v1", {}, { parent: w, propertyDependencies: { secretString: [runToken] } });
    const viaDependsOn = resource("aws:ssm/parameter:Parameter", "checkout-param", {}, { parent: w, dependsOn: [runToken] });
    expect(await messages(keysNoCloudflareTokenInWorkloads, [frontDoor, runToken, w, version, viaDependsOn])).toEqual([
      '"checkout-keys-v1" of workload "checkout-assistant" takes a value from Cloudflare token "front-door-run", putting an account-wide token in the workload\'s hands. Store only the workload\'s gateway key there. ' + NOT_FROM_A_STACK_FILE,
      '"checkout-param" of workload "checkout-assistant" takes a value from Cloudflare token "front-door-run", putting an account-wide token in the workload\'s hands. Store only the workload\'s gateway key there. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
