import type { PolicyConfigSchema } from "@pulumi/policy";
import { FRONT_DOOR_TOKEN_MAX_LIFETIME_DAYS } from "../../components/contract";
import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { daysBetween, days, todaySchema, todayUtc } from "../support/today";
import { isUnder } from "../support/urn";
import { decisive } from "../support/known";
import { TYPES } from "../support/types";
import { FORMATS } from "../../stacks/formats";
import { ACCOUNT_RESOURCE_PREFIX, AI_GATEWAY_RUN_PERMISSION_GROUP_ID } from "../../vendor/cloudflare";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

interface Settings {
  holderTypes: string[];
  runPermissionGroupIds: string[];
  maxLifetimeDays: number;
  today?: string;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    holderTypes: {
      type: "array",
      items: { type: "string" },
      default: [TYPES.FrontDoor],
      description: "Component types whose Cloudflare tokens are the front door's.",
    },
    runPermissionGroupIds: {
      type: "array",
      items: { type: "string", pattern: FORMATS.cloudflareId.pattern.source },
      minItems: 1,
      default: [AI_GATEWAY_RUN_PERMISSION_GROUP_ID],
      description: "Ids of the AI Gateway Run permission group (the only permission the front door's token may carry).",
    },
    maxLifetimeDays: { type: "integer", minimum: 1, maximum: 3650, default: FRONT_DOOR_TOKEN_MAX_LIFETIME_DAYS, description: "Latest allowed expiry, in days from today." },
    today: todaySchema,
  },
};

/** The front door's token: one policy, AI Gateway Run only, one account, and an expiry. */
export const tokensFrontDoorRunOnly: SwitchyardResourcePolicy = {
  name: "switchyard-tokens-front-door-run-only",
  description:
    "The front door's Cloudflare token carries only the AI Gateway Run permission, on this one account, and expires within maxLifetimeDays.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps:
    "Build the front door's AccountToken with a single allow policy whose only permission group is AI Gateway Run, resources {\"com.cloudflare.api.account.<accountId>\":\"*\"}, and expiresOn set; let the program rotate it before it expires.",
  unknownValues:
    "The permission group ids (looked up by a data source, which answers in a preview), the scope and the expiry are all read as they decide the verdict: any that is unknown makes the engine report that the policy can't run during preview.",
  validateResource: validateTypes<Record<string, unknown>>(TYPES.AccountToken, (_props, args, report) => {
    const s = readSettings<Settings>(configSchema, args);
    if (!s.holderTypes.some((t) => isUnder(args.urn, t))) return;
    const what = `Front door token "${args.name}"`;
    const policies = decisive(args.props, "policies");
    if (!Array.isArray(policies) || policies.length !== 1) {
      report(`${what} has ${Array.isArray(policies) ? policies.length : "no"} permission policies; it must have exactly one, allowing AI Gateway Run. Remove the others. ${NOT_FROM_A_STACK_FILE}`);
    } else {
      const policy = policies[0] as { effect?: string; permissionGroups?: Array<{ id?: string }>; resources?: string };
      if (policy.effect !== "allow") report(`${what}: its policy has effect "${policy.effect}"; it must be "allow" AI Gateway Run. ${NOT_FROM_A_STACK_FILE}`);
      const ids = (policy.permissionGroups ?? []).map((g) => g.id ?? "");
      const other = ids.filter((id) => !s.runPermissionGroupIds.includes(id));
      if (ids.length !== 1 || other.length > 0) {
        report(`${what} carries ${ids.length} permission group(s)${other.length ? ` including ${other.map((i) => `"${i}"`).join(", ")}` : ""}; it may carry only AI Gateway Run (${s.runPermissionGroupIds.join(" or ")}). Remove every other permission group. ${NOT_FROM_A_STACK_FILE}`);
      }
      let scope: Record<string, unknown> | undefined;
      try {
        scope = JSON.parse(String(policy.resources)) as Record<string, unknown>;
      } catch {
        scope = undefined;
      }
      const keys = scope ? Object.keys(scope) : [];
      const oneAccount = keys.length === 1 && keys[0].startsWith(ACCOUNT_RESOURCE_PREFIX) && FORMATS.cloudflareId.pattern.test(keys[0].slice(ACCOUNT_RESOURCE_PREFIX.length));
      if (!oneAccount) {
        report(`${what} is scoped to ${keys.length ? keys.map((k) => `"${k}"`).join(", ") : "an unreadable resource set"}; it must be scoped to exactly this account: {"com.cloudflare.api.account.<accountId>":"*"}. ${NOT_FROM_A_STACK_FILE}`);
      }
    }
    const expiresOn = decisive(args.props, "expiresOn");
    if (expiresOn === undefined || expiresOn === null || expiresOn === "") {
      report(`${what} has no expiresOn; set an expiry at most ${days(s.maxLifetimeDays)} away and rotate the token before it. ${NOT_FROM_A_STACK_FILE}`);
    } else {
      const today = todayUtc(s.today);
      const date = String(expiresOn).slice(0, 10);
      const left = daysBetween(today, date);
      if (left <= 0) report(`${what} expired on ${date} (today is ${today}); rotate it with a new expiry at most ${days(s.maxLifetimeDays)} away. ${NOT_FROM_A_STACK_FILE}`);
      else if (left > s.maxLifetimeDays) report(`${what} expires on ${date}, ${days(left)} from today (${today}); at most ${days(s.maxLifetimeDays)} is allowed. Shorten expiresOn. ${NOT_FROM_A_STACK_FILE}`);
    }
  }),
};
