/** The stack file's JSON Schema, derived from the zod schema so the two never drift. */
import { z } from "zod";
import { stackFileSchema } from "./schema";

export function stackJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(stackFileSchema, { io: "input", target: "draft-2020-12" }),
    $id: "https://switchyard.dev/schemas/stack.schema.json",
    title: "Switchyard stack file",
  };
}
