/**
 * The endpoint families a gateway key may be scoped to (workloads.<w>.keys[].families): what a
 * key may do, as the routes and models say what it may name. Pure data with no imports: the
 * stack schema, the Workload component (key table), the policy pack, the decision records and
 * the Worker share it. Which operation of which provider's API is in which family is the Worker's
 * table (runtime/front-door/endpoints.ts), listed in docs/front-door.md.
 */
export const ENDPOINT_FAMILIES = ["chat", "embeddings", "images", "audio", "moderations", "batch", "realtime"] as const;
export type EndpointFamily = (typeof ENDPOINT_FAMILIES)[number];
