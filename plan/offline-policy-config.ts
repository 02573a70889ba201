/**
 * The policy config as the offline plan runs it. One adjustment, and only because the plan has no
 * Cloudflare account to ask: the program looks up the "AI Gateway Run" permission group's id at
 * deploy time, and plan/capture.ts's mock answers that lookup with a stand-in id derived from the
 * group's name. The front-door token policy is told to accept that stand-in as AI Gateway Run
 * (beside the ids configured); any other group still gets a different stand-in id and still fails.
 */
import { createHash } from "node:crypto";
import { AI_GATEWAY_RUN_PERMISSION_GROUP_ID } from "../policies/rules/tokens-front-door-run-only";

const TOKEN_POLICY = "switchyard-tokens-front-door-run-only";

/** The id plan/capture.ts's mock returns for a permission-group lookup by name. */
export const mockPermissionGroupId = (name: string) => createHash("sha256").update(`permission-group:${name}`).digest("hex").slice(0, 32);

export function offlinePolicyConfig(config: Record<string, unknown>): Record<string, unknown> {
  const own = config[TOKEN_POLICY];
  const settings = own && typeof own === "object" ? (own as Record<string, unknown>) : typeof own === "string" ? { enforcementLevel: own } : {};
  const ids = Array.isArray(settings.runPermissionGroupIds) ? (settings.runPermissionGroupIds as string[]) : [AI_GATEWAY_RUN_PERMISSION_GROUP_ID];
  return { ...config, [TOKEN_POLICY]: { ...settings, runPermissionGroupIds: [...new Set([...ids, mockPermissionGroupId("AI Gateway Run")])] } };
}
