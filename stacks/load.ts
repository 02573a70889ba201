/**
 * Stack file -> StackSpec. Parses YAML keeping positions, checks shape (schema.ts), credentials
 * (credentials.ts) and cross-field rules (checks.ts), and reports every defect at once as
 * `FILE:LINE:COL: path: message`. A file with any defect yields no spec.
 */
import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, parseDocument, stringify, visit, type Document, type Node } from "yaml";
import { z, type core } from "zod";
import { checkStack, type FieldPath } from "./checks";
import { isProduction } from "./environment";
import { credentialKind, findCredentials, redactCredentials } from "./credentials";
import { layoutDefects } from "./indentation";
import { nearest } from "./nearest";
import { stackFileSchema, type StackFile, type StackSpec } from "./schema";

export interface StackDefect {
  file: string;
  line: number;
  col: number;
  /** Field path such as `workloads.checkout-assistant.keys[0].expiresOn`; empty for the whole file. */
  path: string;
  message: string;
}

/** Where an entry of the stack file sits, for reports that point back at it. */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

export type LoadResult =
  | { ok: true; spec: StackSpec; locate: (path: FieldPath) => SourcePosition; /** The YAML as parsed, positions kept (the plan's locations read it). */ document: Document }
  | { ok: false; defects: StackDefect[] };

export class StackFileError extends Error {
  constructor(readonly defects: StackDefect[]) {
    super(defects.map(formatDefect).join("\n"));
    this.name = "StackFileError";
  }
}

export function formatDefect(d: StackDefect): string {
  return `${d.file}:${d.line}:${d.col}: ${d.path ? `${d.path}: ` : ""}${d.message}`;
}

/** `workloads.a.keys[0].name` */
export function formatPath(path: FieldPath): string {
  return path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${p}` : p), "");
}

/** Loads and validates a stack file, throwing StackFileError with every defect. */
export function loadStackFile(file: string): StackSpec {
  const result = parseStackFile(readFileSync(file, "utf8"), file);
  if (!result.ok) throw new StackFileError(result.defects);
  return result.spec;
}

export function parseStackFile(source: string, file: string): LoadResult {
  return parseText(source, file, true) as LoadResult;
}

/** `repair`: on a layout mistake, also check the file as the layout advice would have it (once). */
function parseText(source: string, file: string, repair: boolean): LoadResult | undefined {
  // Duplicate keys are found by duplicateKeys below, in one pass: yaml's own check (uniqueKeys)
  // compares each key with every earlier key of its mapping, quadratic in a stack of thousands of workloads.
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false, strict: true, logLevel: "error" });
  const lineStarts = lineStartsOf(source);
  const position = (offset: number): SourcePosition => ({ file, ...linePos(lineStarts, offset) });
  // redactCredentials is the last guard: names and YAML's own messages may quote the input.
  const defect = (offset: number, path: FieldPath, message: string): StackDefect => ({
    ...position(offset),
    path: redactCredentials(formatPath(path)),
    message: redactCredentials(message),
  });
  // Where a reference belongs instead: an OpenTelemetry header's own value, else a provider key's
  // source; a raw key written as the reference itself goes to Pulumi's config as a secret.
  const credentialMessage = (kind: string, path: FieldPath = []) => {
    const stated = `looks like a raw credential (${kind}); a stack file holds only references`;
    if (path.at(-1) === "pulumiSecret") return `${stated}: pulumiSecret names a Pulumi config key, not the key itself; store the key with \`pulumi config set --secret <name>\` and write <name> here (or use awsSecretArn)`;
    return `${stated}: use ${path[0] === "gateway" && path[1] === "openTelemetry" ? "gateway.openTelemetry.<name>.headers.<header>.pulumiSecret" : "providerKeys.<name>.source.pulumiSecret"} or awsSecretArn`;
  };

  // Credentials anywhere in the text, comments and tags included; those in scalars get their path below.
  const inText = findCredentials(source);
  const duplicates = duplicateKeys(doc, (offset) => position(offset).line).map((d) => defect(d.offset, d.path, d.message));
  const syntax = [...[...doc.errors, ...doc.warnings].map((e) => defect(e.pos[0], [], yamlMessage(e.code, e.message))), ...duplicates];
  if (doc.errors.length || duplicates.length) {
    if (!repair) return undefined;
    // A misindented line or a tab makes the parser trip further down: name the line that is wrong
    // and leave out what the parser said from the line before it on, which follows from it.
    const found = layoutDefects(source);
    const layout = found.map((d) => defect(d.offset, d.path, d.message));
    const cut = layout.length ? Math.min(...layout.map((d) => d.line)) - 1 : Infinity;
    const kept = syntax.filter((d) => d.line < cut);
    // Every other defect in the same run: the file as the advice would indent it is checked too,
    // and what it finds is told at this file's lines and columns.
    const edits = found.flatMap((d) => (d.reindent ? [d.reindent] : []));
    const repaired = found.length && edits.length === found.length ? parseText(reindented(source, edits), file, false) : undefined;
    const rest = repaired
      ? repaired.ok
        ? []
        : repaired.defects.map((d) => {
            const edit = edits.find((e) => position(e.lineStart).line === d.line);
            return edit ? { ...d, col: d.col - (edit.to - edit.from) } : d;
          })
      : inText.map((c) => defect(c.offset, [], credentialMessage(c.kind)));
    return { ok: false, defects: sortDefects([...kept, ...layout, ...rest]) };
  }

  const locate = (path: FieldPath): SourcePosition => position(offsetOf(doc, path));
  const defects: StackDefect[] = [...syntax];
  // Credential-looking values are reported by kind alone, and no other message may speak of them.
  const secretPaths = new Set<string>();
  const reportedLines = new Set<number>();
  for (const { path, offset, text, isKey } of scalarsOf(doc)) {
    const kind = credentialKind(text);
    if (kind) {
      secretPaths.add(formatPath(path));
      const d = defect(offset, isKey ? path.slice(0, -1) : path, credentialMessage(kind, path));
      reportedLines.add(d.line);
      defects.push(d);
    } else if (isKey && text === "__proto__") {
      defects.push(defect(offset, path.slice(0, -1), `invalid name "__proto__": expected a name of a-z, 0-9 and -`));
    }
  }
  for (const c of inText) {
    const d = defect(c.offset, [], credentialMessage(c.kind));
    if (!reportedLines.has(d.line)) defects.push(d);
  }
  const speaksOfSecret = (path: FieldPath) => {
    const p = formatPath(path);
    return [...secretPaths].some((s) => p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`) || s.startsWith(`${p}.`) || s.startsWith(`${p}[`));
  };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    const alias = firstAliasOffset(doc);
    const why = /alias count/i.test(String(e)) ? "aliases expand too far (more than 100 nodes): write the values out" : "an alias that does not resolve to an anchor above it";
    return { ok: false, defects: sortDefects([...defects, defect(alias, [], `invalid YAML: ${why}`)]) };
  }
  const parsed = stackFileSchema.safeParse(raw);
  const { kept, misplaced } = parsed.success ? { kept: [], misplaced: [] } : misplacedFields(parsed.error.issues, doc, (offset) => position(offset).line);
  const shapeIssues = [...misplaced, ...kept.flatMap((i) => zodIssue(i, doc.hasIn(i.path)))];
  const checked = parsed.success ? { stack: parsed.data, broken: new Set<string>() } : withoutBrokenEntries(raw, shapeIssues);
  const ruleIssues = checked ? rulesBesideShapeDefects(checked, parsed.success).map((i) => ({ ...i, at: i.path })) : [];
  const seen = new Set<string>();
  for (const { path, message, at } of [...shapeIssues, ...ruleIssues]) {
    if (speaksOfSecret(path)) continue;
    const d = defect(offsetOf(doc, at), path, message);
    const id = formatDefect(d);
    if (!seen.has(id)) defects.push(d);
    seen.add(id);
  }
  if (defects.length || !parsed.success) return { ok: false, defects: sortDefects(defects) };
  return { ok: true, spec: resolveDefaults(parsed.data), locate, document: doc };
}

/** The source with each edited line's indentation moved; lines and other lines' columns unchanged. */
function reindented(source: string, edits: Array<{ lineStart: number; from: number; to: number }>): string {
  let out = source;
  for (const e of [...edits].sort((a, b) => b.lineStart - a.lineStart)) out = `${out.slice(0, e.lineStart)}${" ".repeat(e.to)}${out.slice(e.lineStart + e.from)}`;
  return out;
}

/** Defaults that depend on other fields. */
function resolveDefaults(file: StackFile): StackSpec {
  const protect = file.gateway.protect ?? isProduction(file.environment);
  return deepFreeze({ ...file, gateway: { ...file.gateway, protect } });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * So that rule checks still run beside shape defects: the stack without the malformed entries of
 * providerKeys, routes, workloads and alerts (their names are returned: references to them count
 * as resolved), and with any other malformed top-level section taken as written (objects) or
 * empty, as the rules read only objects from those.
 */
function withoutBrokenEntries(raw: unknown, issues: Array<{ path: FieldPath }>): { stack: StackFile; broken: Set<string> } | undefined {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const broken = new Set<string>();
  const asWritten = new Set<string>();
  const copy = structuredClone(raw) as Record<string, Record<string, unknown> | undefined>;
  for (const { path } of issues) {
    const [section, name] = path;
    if (ENTRY_SECTIONS.includes(section as string) && name !== undefined) {
      broken.add(String(name));
      delete copy[section as string]?.[name];
    } else if (typeof section === "string") asWritten.add(section);
  }
  const objectOrEmpty = z.any().transform((v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? v : {}));
  const lenient = stackFileSchema.extend(Object.fromEntries([...asWritten].map((k) => [k, objectOrEmpty])));
  const reparsed = lenient.safeParse(copy);
  return reparsed.success ? { stack: reparsed.data as unknown as StackFile, broken } : undefined;
}
const ENTRY_SECTIONS = ["providerKeys", "routes", "workloads", "alerts"];

/**
 * The rule checks. Beside shape defects they read sections taken as written, where a value may not
 * have the type its rule expects (a string where a list belongs): the shape defect is reported
 * already and the file is invalid either way, so a rule that cannot read such a section adds
 * nothing rather than failing the load. On a shape-valid file a failing rule is a bug and throws.
 */
function rulesBesideShapeDefects(checked: { stack: StackFile; broken: Set<string> }, shapeValid: boolean): ReturnType<typeof checkStack> {
  if (shapeValid) return checkStack(checked.stack, checked.broken);
  try {
    return checkStack(checked.stack, checked.broken);
  } catch {
    return [];
  }
}

/**
 * A field written one level too far left (a route's `timeoutMs` at the level of route names, or
 * `region` at the top level under an empty `aws:`) is named as the field it is, with the entry it
 * belongs under: the key before it, whose fields include it. Its other issues, and the "expected
 * object" of that emptied entry, follow from it and are dropped.
 */
function misplacedFields(issues: core.$ZodIssue[], doc: Document, lineOf: (offset: number) => number): { kept: core.$ZodIssue[]; misplaced: Array<{ path: FieldPath; message: string; at: FieldPath }> } {
  const found = new Map<string, { path: FieldPath; message: string; at: FieldPath; owner: string }>();
  const check = (parent: FieldPath, key: string): boolean => {
    const id = formatPath([...parent, key]);
    if (found.has(id)) return true;
    const map = parent.length ? doc.getIn(parent, true) : doc.contents;
    if (!isMap(map)) return false;
    const index = map.items.findIndex((p) => keyText(p.key) === key);
    const pair = map.items[index];
    const before = map.items[index - 1];
    if (!pair || !before || isMap(pair.value)) return false;
    const owner = keyText(before.key);
    if (!(before.value === null || isMap(before.value) || (isScalar(before.value) && before.value.value === null))) return false;
    if (!fieldsAt([...parent, owner]).includes(key)) return false;
    const line = lineOf((before.key as Node).range?.[0] ?? 0);
    found.set(id, { path: [...parent, key], message: `"${key}" is a field of ${formatPath([...parent, owner])}, written one level too far left: indent it under "${owner}" (line ${line})`, at: [...parent, key, KEY], owner: formatPath([...parent, owner]) });
    return true;
  };
  const kept: core.$ZodIssue[] = [];
  for (const issue of issues) {
    const path = issue.path as FieldPath;
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.filter((k) => !check(path, k));
      if (keys.length) kept.push({ ...issue, keys });
      continue;
    }
    // The shallowest misplaced key on the issue's path explains it.
    if (path.some((p, i) => typeof p === "string" && check(path.slice(0, i), p))) continue;
    kept.push(issue);
  }
  const owners = new Set([...found.values()].map((f) => f.owner));
  return {
    kept: kept.filter((i) => !(i.code === "invalid_type" && owners.has(formatPath(i.path as FieldPath)))),
    misplaced: [...found.values()].map(({ path, message, at }) => ({ path, message, at })),
  };
}

/** One zod issue as path, message and the path whose node the position should point at. */
function zodIssue(issue: core.$ZodIssue, present: boolean): Array<{ path: FieldPath; message: string; at: FieldPath }> {
  const path = issue.path as FieldPath;
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => ({ path: [...path, k], message: `unknown field "${k}"${knownFieldsHint(path, k)}`, at: [...path, k, KEY] }));
  }
  if (issue.code === "invalid_key") {
    return [{ path, message: `invalid name: ${issue.issues.map((i) => i.message).join("; ")}`, at: [...path, KEY] }];
  }
  if (!present) {
    const expected = issue.code === "invalid_type" ? `expected ${issue.expected}` : issue.message;
    // The mapping that lacks the field, not the line of whatever field comes first in it.
    return [{ path, message: `is required (${expected})`, at: [...path.slice(0, -1), KEY] }];
  }
  return [{ path, message: issue.message.replace(/^Invalid input: /, ""), at: path }];
}

/** " (did you mean "owner"?)" when one field is close; otherwise the fields there are. */
function knownFieldsHint(path: FieldPath, key: string): string {
  const fields = fieldsAt(path);
  const near = nearest(key, fields);
  if (near) return ` (did you mean "${near}"?)`;
  return fields.length ? `; expected one of: ${fields.join(", ")}` : "";
}

/** Field names the schema allows at an object path (map entries are skipped over). */
function fieldsAt(path: FieldPath): string[] {
  // biome-ignore lint: walking zod internals is the simplest way to list allowed keys.
  let schema: any = stackFileSchema;
  for (const p of path) {
    schema = unwrap(schema);
    const def = schema?._zod?.def;
    if (def?.type === "object") schema = def.shape[p as string];
    else if (def?.type === "record") schema = def.valueType;
    else if (def?.type === "array") schema = def.element;
    else return [];
  }
  const def = unwrap(schema)?._zod?.def;
  return def?.type === "object" ? Object.keys(def.shape) : [];
}

// biome-ignore lint: see fieldsAt.
function unwrap(schema: any): any {
  let s = schema;
  while (s?._zod?.def && ["optional", "default", "prefault", "nullable"].includes(s._zod.def.type)) s = s._zod.def.innerType;
  return s;
}

/** Marks a path as pointing at a mapping key rather than its value. */
const KEY = Symbol("key") as unknown as string;

/** Offset of the deepest node on `path` that exists; a trailing KEY points at the key itself. */
function offsetOf(doc: Document, path: FieldPath): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const p of path) {
    if (p === KEY) break;
    if (isMap(node)) {
      const pair = node.items.find((it) => keyText(it.key) === p);
      if (!pair) break;
      const keyOffset = (pair.key as Node).range?.[0] ?? offset;
      const isLastBeforeKey = path[path.indexOf(p) + 1] === KEY;
      offset = isLastBeforeKey ? keyOffset : ((pair.value as Node | null)?.range?.[0] ?? keyOffset);
      node = pair.value;
    } else if (isSeq(node) && typeof p === "number" && node.items[p]) {
      node = node.items[p];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** A mapping key as the parsed object names it: collections are stringified the way toJS does. */
function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : stringify(key).trim();
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Every scalar value and mapping key, with its path, offset and text. */
function scalarsOf(doc: Document): Array<{ path: FieldPath; offset: number; text: string; isKey: boolean }> {
  const found: Array<{ path: FieldPath; offset: number; text: string; isKey: boolean }> = [];
  visit(doc, {
    Scalar(_key, node, ancestors) {
      const path: Array<string | number> = [];
      let inKey = false;
      for (let i = 0; i < ancestors.length; i++) {
        const a = ancestors[i];
        const child = ancestors[i + 1] ?? node;
        if (isPair(a)) {
          if (a.key === child) inKey = true;
          else if (isScalar(a.key)) path.push(String(a.key.value));
        } else if (isSeq(a)) path.push(a.items.indexOf(child as never));
      }
      if (inKey) path.push(String(node.value));
      found.push({ path, offset: node.range?.[0] ?? 0, text: String(node.value), isKey: inKey });
    },
  });
  return found;
}

/**
 * Line positions counted from the text itself: yaml's LineCounter misses newlines while it
 * recovers from some flow-collection errors.
 */
function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function linePos(lineStarts: number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - lineStarts[lo] + 1 };
}

/** Every repeated key of a mapping: its path, the offset of the repeat, and where it first appeared. */
function duplicateKeys(doc: Document, lineOf: (offset: number) => number): Array<{ offset: number; path: FieldPath; message: string }> {
  const found: Array<{ offset: number; path: FieldPath; message: string }> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    if (isMap(node)) {
      // Keys equal as YAML compares them (yaml's util-map-includes.js: scalars by value, 1 and "1" differ).
      const first = new Map<unknown, Node>();
      for (const pair of node.items) {
        const key = pair.key as Node;
        // Only plain keys can be named (a broken alias as a key cannot even be printed).
        if (!isScalar(key)) continue;
        const name = String(key.value);
        const earlier = first.get(key.value);
        if (earlier) found.push({ offset: key.range?.[0] ?? 0, path: [...path, name], message: `duplicate key "${name}": already set on line ${lineOf(earlier.range?.[0] ?? 0)}; a key appears once in a mapping` });
        else first.set(key.value, key);
        walk(pair.value, [...path, name]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(doc.contents, []);
  return found;
}

function yamlMessage(code: string, message: string): string {
  if (code === "TAB_AS_INDENT") return "tab used for indentation: YAML indents with spaces";
  if (code === "TAG_RESOLVE_FAILED") return "unknown YAML tag: stack files hold plain YAML values";
  return `invalid YAML: ${message.split("\n")[0]}`;
}

function sortDefects(defects: StackDefect[]): StackDefect[] {
  return defects.sort((a, b) => a.line - b.line || a.col - b.col);
}
