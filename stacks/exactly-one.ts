/**
 * Entries that hold exactly one of several fields: a provider key's source is a Pulumi config
 * secret or a Secrets Manager ARN, an alert channel an e-mail address or a webhook. The loader,
 * the components that act on the one field and the policy that judges what the engine sends all
 * ask here.
 */

export const KEY_SOURCE_FIELDS = ["pulumiSecret", "awsSecretArn"] as const;
export const ALERT_CHANNEL_FIELDS = ["email", "webhook"] as const;
/** An OpenTelemetry header's value: written in plain text, or where its secret lives. */
export const HEADER_VALUE_FIELDS = ["value", ...KEY_SOURCE_FIELDS] as const;

/** Which of `fields` are set (not undefined) on `entry`, in the order of `fields`. */
export function fieldsSet<F extends string>(entry: Partial<Record<F, unknown>>, fields: readonly F[]): F[] {
  return fields.filter((f) => entry[f] !== undefined);
}

/** "expected exactly one of a or b, found none" (or "found a and b"); undefined when exactly one is set. */
export function exactlyOneProblem<F extends string>(entry: Partial<Record<F, unknown>>, fields: readonly F[]): string | undefined {
  const set = fieldsSet(entry, fields);
  const choices = fields.length > 2 ? `${fields.slice(0, -1).join(", ")} or ${fields[fields.length - 1]}` : fields.join(" or ");
  return set.length === 1 ? undefined : `expected exactly one of ${choices}, found ${set.length ? set.join(" and ") : "none"}`;
}
