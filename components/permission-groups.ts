/**
 * Cloudflare API token permission groups are looked up by name at deploy time
 * (`getAccountApiTokenPermissionGroupsListOutput`, name URL-encoded) rather than hard-coded. The
 * lookup's `name` is a filter Cloudflare may match loosely, so the id is taken only from a group
 * whose name is exactly the one asked for: anything else would grant a token the wrong rights.
 * The front door's token and the usage exporter's token both resolve their group here.
 */
import * as cloudflare from "../vendor/pulumi-cloudflare";
import type * as pulumi from "@pulumi/pulumi";

/** The id of the one permission group named exactly `name`; throws when there is none or more than one. */
export function permissionGroupId(results: ReadonlyArray<{ id: string; name: string }>, name: string): string {
  const match = results.filter((r) => r.name === name);
  if (match.length !== 1) throw new Error(`expected exactly one Cloudflare permission group named "${name}", found ${match.length}`);
  return match[0].id;
}

/** Looks the group up in the account at deploy time and resolves it with permissionGroupId. */
export function permissionGroupIdOutput(accountId: string, name: string, opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
  return cloudflare.getAccountApiTokenPermissionGroupsListOutput({ accountId, name: encodeURIComponent(name) }, opts).results.apply((results) => permissionGroupId(results, name));
}
