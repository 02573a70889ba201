/**
 * Facts about Cloudflare's API that the program, the policy pack and the offline engine share.
 * Written once here so the engine's mock answers the id the policy checks because both read the
 * same published fact, not because the engine copies the policy.
 */

/** Name of the account permission group the front door's token carries (resolved to an id at deploy time). */
export const AI_GATEWAY_RUN_PERMISSION_GROUP = "AI Gateway Run";

/** Name of the read-only group the usage exporter's token carries: the logs API accepts it (List Gateway Logs, "AI Gateway Read" or "AI Gateway Write"). */
export const AI_GATEWAY_READ_PERMISSION_GROUP = "AI Gateway Read";

/**
 * Id of the "AI Gateway Run" permission group, from Cloudflare's account permission-group list
 * (GET /accounts/{id}/tokens/permission_groups, as published in public listings, e.g.
 * https://gist.github.com/gempesaw/a1dee27976802b527d320516853eb73e). Permission-group ids are
 * global; check against your account's list (docs/verification.md) and override the policy's
 * `runPermissionGroupIds` setting if it differs.
 */
export const AI_GATEWAY_RUN_PERMISSION_GROUP_ID = "644535f4ed854494a59cb289d634b257";

/**
 * The resource key of a whole account in an API token policy: a policy on one account has
 * resources `{"com.cloudflare.api.account.<account id>": "*"}` (developers.cloudflare.com
 * fundamentals/api/how-to/create-via-api, "Define the Access Policy"); @pulumi/cloudflare 6.22.1's
 * AccountToken takes `policies[].resources` as that object's JSON text.
 */
export const ACCOUNT_RESOURCE_PREFIX = "com.cloudflare.api.account.";

/** A token policy's `resources` for exactly one account, as the JSON string the provider takes. */
export function oneAccountResources(accountId: string): string {
  return JSON.stringify({ [`${ACCOUNT_RESOURCE_PREFIX}${accountId}`]: "*" });
}
