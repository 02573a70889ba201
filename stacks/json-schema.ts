/** The stack file's JSON Schema, derived from the zod schema so the two never drift. */
import { z } from "zod";
import { stackFileSchema } from "./schema";

/**
 * Formats whose `pattern` zod also emits: the pattern is what the loader checks, so it alone
 * stays (validators do not know cidrv4/cidrv6, and their e-mail formats differ from zod's).
 */
const NON_STANDARD_FORMATS = new Set(["cidrv4", "cidrv6", "email"]);

function dropNonStandardFormats(node: unknown): void {
  if (Array.isArray(node)) node.forEach(dropNonStandardFormats);
  else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (typeof record.format === "string" && NON_STANDARD_FORMATS.has(record.format)) delete record.format;
    Object.values(record).forEach(dropNonStandardFormats);
  }
}

export function stackJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(stackFileSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  dropNonStandardFormats(schema);
  return { ...schema, $id: "https://switchyard.dev/schemas/stack.schema.json", title: "Switchyard stack file" };
}
