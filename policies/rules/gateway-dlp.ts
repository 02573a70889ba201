import type { PolicyConfigSchema } from "@pulumi/policy";
import { actionStrength } from "../../stacks/guardrails";
import { reportAt } from "../support/location";
import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { TYPES } from "../support/types";

type Direction = "request" | "response";
interface Settings {
  action: "flag" | "block";
  check: Direction[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    action: { enum: ["flag", "block"], default: "block", description: "The weakest action DLP may take on a match: flag, or block." },
    check: {
      type: "array",
      items: { enum: ["request", "response"] },
      uniqueItems: true,
      default: ["request", "response"],
      description: "What DLP must scan with that action: request (prompts), response (answers), or both.",
    },
  },
};

/** The AiGateway inputs this policy reads (@pulumi/cloudflare AiGatewayDlp, the policy form). */
interface Gateway {
  aiGatewayId?: string;
  dlp?: { enabled?: boolean; policies?: Array<{ action?: string; checks?: string[]; enabled?: boolean; profiles?: string[] }> };
}

const PLURAL: Record<Direction, string> = { request: "requests", response: "responses" };
const both = (check: Direction[]) => check.map((c) => PLURAL[c]).join(" and ");

/** Without DLP, customer data in a prompt reaches the provider, and in an answer reaches the client, unnoticed. */
export const gatewayDlp: SwitchyardResourcePolicy = {
  name: "switchyard-gateway-dlp",
  description:
    "The AI Gateway's Data Loss Prevention is on, and its enabled policies scan what the environment's config names (requests, responses) with at least the action it names (block is stronger than flag). Mandatory in prod.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: "Declare gateway.dlp.policies in the stack file: the account's DLP profile ids, action and check (docs/gateway-safety.md).",
  unknownValues: "Reads the gateway's dlp block, literals of the program known in every preview; were it unknown, the engine would report that the policy can't run during preview.",
  validateResource: validateTypes<Gateway>(TYPES.AiGateway, (g, args, report) => {
    const { action, check } = readSettings<Settings>(configSchema, args);
    if (check.length === 0) return;
    const id = g.aiGatewayId ?? args.name;
    // A policy counts when it is enabled and names a profile: the legacy form (action and profiles without policies) is not read.
    const active = g.dlp?.enabled === true ? (g.dlp.policies ?? []).filter((p) => p.enabled !== false && (p.profiles ?? []).length > 0) : [];
    if (active.length === 0) {
      reportAt(
        report,
        ["gateway", "dlp"],
        `AI Gateway "${id}" has DLP off; this environment requires DLP to ${action} ${both(check)} that match a DLP profile. Declare gateway.dlp.policies with action: ${action} and check: [${check.join(", ")}].`,
      );
      return;
    }
    for (const direction of check) {
      const strongest = Math.max(0, ...active.filter((p) => (p.checks ?? []).some((c) => c.toLowerCase() === direction)).map((p) => actionStrength(p.action)));
      if (strongest >= actionStrength(action)) continue;
      reportAt(
        report,
        ["gateway", "dlp", "policies"],
        strongest === 0
          ? `AI Gateway "${id}"'s DLP does not scan ${PLURAL[direction]}; this environment requires it to ${action} there. Add ${direction} to the check of a policy under gateway.dlp.policies with action: ${action}.`
          : `AI Gateway "${id}"'s DLP only flags ${PLURAL[direction]}; this environment requires it to ${action} there. Set action: ${action} on a policy under gateway.dlp.policies that checks ${direction}.`,
      );
    }
  }),
};
