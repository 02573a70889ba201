/**
 * The resources and functions of @pulumi/cloudflare the components use, each loaded on its own.
 * Imported whole, the package's index defines a getter for each of its 1,250 exports, and every
 * component that imports it copies all of them into its own namespace object; the resources,
 * functions and types here are the very same ones. A component that needs another adds it here.
 */
export { AccountToken } from "@pulumi/cloudflare/accountToken";
export { AiGateway, type AiGatewayArgs } from "@pulumi/cloudflare/aiGateway";
export { AiGatewayDynamicRouting } from "@pulumi/cloudflare/aiGatewayDynamicRouting";
export { getAccountApiTokenPermissionGroupsListOutput } from "@pulumi/cloudflare/getAccountApiTokenPermissionGroupsList";
export { getSecretsStoresOutput } from "@pulumi/cloudflare/getSecretsStores";
export { WorkersCustomDomain } from "@pulumi/cloudflare/workersCustomDomain";
export { WorkersKv } from "@pulumi/cloudflare/workersKv";
export { WorkersKvNamespace } from "@pulumi/cloudflare/workersKvNamespace";
export { WorkersScript } from "@pulumi/cloudflare/workersScript";
export type * as types from "@pulumi/cloudflare/types";
