/**
 * The stack file's field reference as a Markdown table, generated from the JSON Schema so that
 * docs/stack-file-reference.md never disagrees with the schema.
 */
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  required?: string[];
  default?: unknown;
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
};

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
  if (s.anyOf) return [...new Set(s.anyOf.map(typeOf))].join(" or ");
  if (s.format) return `${s.type} (${s.format})`;
  if (s.type === "array" && s.items) return `list of ${typeOf(s.items)}`;
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") return `map of name → ${typeOf(s.additionalProperties)}`;
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` ${s.minimum ?? ""}..${s.maximum ?? ""}` : "";
  return `${Array.isArray(s.type) ? s.type.join("|") : (s.type ?? "any")}${range}`;
}

/** Table-cell prose: pipes escaped, and angle brackets as entities (GitHub drops `<name>` as a tag). */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function rows(schema: JsonSchema, path: string, required: boolean, out: string[]): void {
  if (path) {
    const dflt = schema.default !== undefined ? `\`${JSON.stringify(schema.default)}\`` : "";
    out.push(`| \`${path}\` | ${typeOf(schema)} | ${required ? "yes" : ""} | ${dflt} | ${cell(schema.description ?? "")} |`);
  }
  if (schema.properties) {
    for (const [name, child] of Object.entries(schema.properties)) rows(child, path ? `${path}.${name}` : name, schema.required?.includes(name) ?? false, out);
  } else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    rows(schema.additionalProperties, `${path}.<name>`, false, out);
  } else if (schema.type === "array" && schema.items?.properties) {
    for (const [name, child] of Object.entries(schema.items.properties)) rows(child, `${path}[].${name}`, schema.items.required?.includes(name) ?? false, out);
  }
}

export function fieldReference(schema: JsonSchema): string {
  const out = [
    "# Stack file field reference",
    "",
    "Generated from stacks/schema.ts by `npm run schema`; do not edit by hand. The contract, with an",
    "annotated example and the meanings that are easy to get wrong, is [stack-file.md](stack-file.md).",
    "",
    "| field | type | required | default | meaning |",
    "|---|---|---|---|---|",
  ];
  rows(schema, "", true, out);
  return `${out.join("\n")}\n`;
}
