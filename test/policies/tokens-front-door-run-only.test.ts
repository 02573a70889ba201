import { describe, expect, it } from "vitest";
import { tokensFrontDoorRunOnly } from "../../policies/rules/tokens-front-door-run-only";
import { AI_GATEWAY_RUN_PERMISSION_GROUP_ID } from "../../vendor/cloudflare";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { messages, resource } from "./harness";

const ACCOUNT = "7c6b5a4938271605f4e3d2c1b0a99887";
const frontDoor = resource(TYPES.FrontDoor, "front-door", {});
const token = (over: Record<string, unknown> = {}, parent = frontDoor) =>
  resource(
    TYPES.AccountToken,
    "front-door-run",
    {
      accountId: ACCOUNT,
      name: "switchyard-prod-front-door",
      policies: [{ effect: "allow", permissionGroups: [{ id: AI_GATEWAY_RUN_PERMISSION_GROUP_ID }], resources: JSON.stringify({ [`com.cloudflare.api.account.${ACCOUNT}`]: "*" }) }],
      expiresOn: "2027-02-01T00:00:00Z",
      ...over,
    },
    { parent },
  );

describe("switchyard-tokens-front-door-run-only", () => {
  it("passes a Run-only token on one account with an expiry", async () => {
    expect(await messages(tokensFrontDoorRunOnly, [frontDoor, token()])).toEqual([]);
  });

  it("ignores tokens that are not the front door's (the ledger's read token)", async () => {
    const ledger = resource("switchyard:index:UsageLedger", "ledger", {});
    expect(await messages(tokensFrontDoorRunOnly, [ledger, token({ policies: [] }, ledger)])).toEqual([]);
  });

  it("reports extra permission groups, an account-wide wildcard scope and a missing expiry", async () => {
    const bad = token({
      policies: [{ effect: "allow", permissionGroups: [{ id: AI_GATEWAY_RUN_PERMISSION_GROUP_ID }, { id: "6c8a3737f07f46369c1ea1f22138daaf" }], resources: JSON.stringify({ "com.cloudflare.api.account.*": "*" }) }],
      expiresOn: undefined,
    });
    expect(await messages(tokensFrontDoorRunOnly, [frontDoor, bad])).toEqual([
      'Front door token "front-door-run" carries 2 permission group(s) including "6c8a3737f07f46369c1ea1f22138daaf"; it may carry only AI Gateway Run (644535f4ed854494a59cb289d634b257). Remove every other permission group. ' + NOT_FROM_A_STACK_FILE,
      'Front door token "front-door-run" is scoped to "com.cloudflare.api.account.*"; it must be scoped to exactly this account: {"com.cloudflare.api.account.<accountId>":"*"}. ' + NOT_FROM_A_STACK_FILE,
      'Front door token "front-door-run" has no expiresOn; set an expiry at most 90 days away and rotate the token before it. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports two policies, a too-distant expiry and an expired token", async () => {
    const two = token({ policies: [{ effect: "allow", permissionGroups: [], resources: "{}" }, { effect: "allow", permissionGroups: [], resources: "{}" }], expiresOn: "2028-01-01T00:00:00Z" });
    expect(await messages(tokensFrontDoorRunOnly, [frontDoor, two])).toEqual([
      'Front door token "front-door-run" has 2 permission policies; it must have exactly one, allowing AI Gateway Run. Remove the others. ' + NOT_FROM_A_STACK_FILE,
      'Front door token "front-door-run" expires on 2028-01-01, 400 days from today (2026-11-27); at most 90 days is allowed. Shorten expiresOn. ' + NOT_FROM_A_STACK_FILE,
    ]);
    expect(await messages(tokensFrontDoorRunOnly, [frontDoor, token({ expiresOn: "2026-11-01T00:00:00Z" })])).toEqual([
      'Front door token "front-door-run" expired on 2026-11-01 (today is 2026-11-27); rotate it with a new expiry at most 90 days away. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
