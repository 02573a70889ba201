/**
 * A policy's settings: what the environment's config file gives, over the `default`s of the
 * policy's configSchema. The engine hands policies their config as given; applying defaults
 * here means a config file may leave a setting out without changing the policy's meaning.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

export function readSettings<T extends object>(schema: PolicyConfigSchema, args: { getConfig<C extends object>(): C }): T {
  const given = args.getConfig<Record<string, unknown>>();
  const result: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties)) {
    const value = given[key];
    if (value !== undefined) result[key] = value;
    else if ((property as { default?: unknown }).default !== undefined) result[key] = structuredClone((property as { default?: unknown }).default);
  }
  return result as T;
}
