/**
 * The Python reader of `switchyard discover`: parses a file with tree-sitter's Python grammar
 * (web-tree-sitter running tree-sitter-python's own .wasm: no native build) and finds where it
 * builds an AI client and calls a model, with the same in-file resolution as the TypeScript
 * reader: names to their assignments, `self.x` to the class's assignments, a factory call to
 * what the function returns, `with X() as c` to X, `os.environ[...]`/`os.getenv(...)` to the
 * variable and its default. Node types: tree-sitter-python's src/node-types.json.
 */
import { readFileSync } from "node:fs";
import { Language, Parser, type Node } from "web-tree-sitter";
import { DIRECT_APIS, PROVIDERS, type Provider } from "../stacks/providers";
import { CALLS, MODEL_OBJECT_CALLS, PY_CLIENTS, UNRESOLVED_CALLS, providerOfModel, sdkDefault, providerOfPrefix, type ClientKind } from "./catalogue";
import { expressionText, literal, type Origin, type Site } from "./sites";
import { httpSites, locator } from "./text-findings";

export const PY_EXTENSIONS = [".py", ".pyi"];

/** Python-only call paths: the module-level client of openai-python and the pre-1.0 API. */
const PY_CALLS: Readonly<Record<string, string>> = { "ChatCompletion.create": "openai-chat", "Completion.create": "openai-completions", "Embedding.create": "openai-embeddings" };
const SAME_CLIENT = new Set(["bind", "bind_tools", "with_structured_output", "with_retry", "with_config", "with_fallbacks"]);
const MAX_DEPTH = 6;

interface Client {
  kind: ClientKind;
  site: Site;
}

let parser: Promise<Parser> | undefined;
/** One parser per process: the grammar's .wasm is loaded once. */
function pythonParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const language = await Language.load(readFileSync(require.resolve("tree-sitter-python/tree-sitter-python.wasm")));
    const p = new Parser();
    p.setLanguage(language);
    return p;
  })();
  return parser;
}

/** A reader bound to a loaded parser. */
export async function pythonReader(): Promise<(text: string, file: string) => Site[]> {
  const p = await pythonParser();
  return (text, file) => {
    const tree = p.parse(text);
    if (!tree) return [];
    try {
      return readTree(tree.rootNode, text, file);
    } finally {
      tree.delete();
    }
  };
}

const unwrap = (n: Node | null): Node | null => {
  while (n && (n.type === "parenthesized_expression" || n.type === "await")) n = n.namedChildren[0] ?? null;
  return n;
};
const field = (n: Node, name: string) => n.childForFieldName(name);

/** A Python string node's value, or undefined for an f-string with expressions or bytes. */
function stringValue(n: Node): string | undefined {
  if (n.type === "concatenated_string") {
    const parts = n.namedChildren.map((c) => (c ? stringValue(c) : undefined));
    return parts.every((x) => x !== undefined) ? parts.join("") : undefined;
  }
  if (n.type !== "string" || n.namedChildren.some((c) => c?.type === "interpolation")) return undefined;
  return n.namedChildren
    .filter((c): c is Node => c !== null && (c.type === "string_content" || c.type === "escape_sequence"))
    .map((c) => c.text)
    .join("");
}

function readTree(root: Node, text: string, file: string): Site[] {
  const imports = new Map<string, { module: string; name: string }>();
  const decls = new Map<string, Node[]>();
  const fields = new Map<string, Node[]>();
  const functions = new Map<string, Node[]>();
  /** Module-level settings: openai.api_key = ..., genai.configure(api_key=...). */
  const moduleSettings = new Map<string, Node>();
  const add = (map: Map<string, Node[]>, name: string, value: Node) => (map.get(name) ?? map.set(name, []).get(name)!).push(value);
  const moduleKnown = (m: string) => Object.hasOwn(PY_CLIENTS, m);

  for (const n of root.descendantsOfType("import_statement")) {
    for (const name of n.childrenForFieldName("name")) {
      if (!name) continue;
      const dotted = name.type === "aliased_import" ? field(name, "name")!.text : name.text;
      const alias = name.type === "aliased_import" ? field(name, "alias")!.text : dotted.split(".")[0];
      imports.set(alias, { module: name.type === "aliased_import" ? dotted : dotted.split(".")[0], name: "*" });
    }
  }
  for (const n of root.descendantsOfType("import_from_statement")) {
    const module = field(n, "module_name")?.text;
    if (!module) continue;
    for (const name of n.childrenForFieldName("name")) {
      if (!name) continue;
      const imported = name.type === "aliased_import" ? field(name, "name")!.text : name.text;
      const alias = name.type === "aliased_import" ? field(name, "alias")!.text : imported;
      // `from google import genai` imports a module.
      imports.set(alias, moduleKnown(`${module}.${imported}`) ? { module: `${module}.${imported}`, name: "*" } : { module, name: imported });
    }
  }
  for (const n of root.descendantsOfType("assignment")) {
    const left = field(n, "left");
    const right = field(n, "right");
    if (!left || !right) continue;
    if (left.type === "identifier") add(decls, left.text, right);
    if (left.type === "attribute") {
      const object = field(left, "object")?.text;
      const attribute = field(left, "attribute")?.text ?? "";
      if (object === "self" || object === "cls") add(fields, attribute, right);
      else if (object && imports.get(object)?.name === "*") moduleSettings.set(`${imports.get(object)!.module}.${attribute}`, right);
    }
  }
  // google.generativeai's key is set once for the module: genai.configure(api_key=...).
  for (const n of root.descendantsOfType("call")) {
    const callee = n && field(n, "function");
    const object = callee?.type === "attribute" ? field(callee, "object") : null;
    if (n && object && field(callee!, "attribute")?.text === "configure" && imports.get(object.text)?.module === "google.generativeai") {
      const key = field(n, "arguments")?.namedChildren.find((a) => a?.type === "keyword_argument" && field(a, "name")?.text === "api_key");
      const value = key && field(key, "value");
      if (value) moduleSettings.set("google.generativeai.configure", value);
    }
  }
  for (const n of root.descendantsOfType("as_pattern")) {
    const value = n.namedChildren[0];
    const alias = field(n, "alias") ?? n.namedChildren.find((c) => c?.type === "as_pattern_target") ?? null;
    const target = alias?.type === "as_pattern_target" ? alias.namedChildren[0] : alias;
    if (value && target?.type === "identifier") add(decls, target.text, value);
  }
  for (const n of root.descendantsOfType("function_definition")) {
    const name = field(n, "name")?.text;
    const body = field(n, "body");
    if (!name || !body) continue;
    for (const r of body.descendantsOfType("return_statement")) if (r?.namedChildren[0]) add(functions, name, r.namedChildren[0]);
  }

  const consumed = new Set<number>();
  // web-tree-sitter parses a JavaScript string as UTF-16: its indexes are the string's own.
  const at = locator(text, file);
  const position = (n: Node) => at(n.startIndex);

  const keyword = (call: Node, names: readonly string[], at?: number): Node | undefined => {
    const args = field(call, "arguments");
    if (!args) return undefined;
    for (const name of names) {
      const [first, ...rest] = name.split(".");
      for (const a of args.namedChildren) {
        if (a?.type !== "keyword_argument" || field(a, "name")?.text !== first) continue;
        const value = field(a, "value");
        if (!value || rest.length === 0) return value ?? undefined;
        // http_options=dict(base_url=...) / {"base_url": ...}
        const inner = unwrap(value);
        if (inner?.type === "call") return keyword(inner, [rest.join(".")]);
        if (inner?.type === "dictionary") for (const pair of inner.namedChildren) if (pair?.type === "pair" && stringValue(field(pair, "key")!) === rest[0]) return field(pair, "value") ?? undefined;
      }
    }
    if (at === undefined) return undefined;
    return args.namedChildren.filter((a) => a && a.type !== "keyword_argument" && a.type !== "list_splat" && a.type !== "dictionary_splat")[at] ?? undefined;
  };

  const origin = (node: Node | null | undefined, depth = 0): Origin | undefined => {
    const n = unwrap(node ?? null);
    if (!n) return undefined;
    if (depth > MAX_DEPTH) return expressionText(n.text);
    if (n.type === "string" || n.type === "concatenated_string") {
      const value = stringValue(n);
      if (value === undefined) return expressionText(n.text);
      consumed.add(n.startIndex);
      return literal(value);
    }
    // os.environ["X"]
    if (n.type === "subscript" && /^(os\.)?environ$/.test(field(n, "value")?.text ?? "")) {
      const key = field(n, "subscript");
      const name = key && stringValue(key);
      if (name) return { kind: "env", name };
    }
    if (n.type === "call") {
      const callee = field(n, "function")?.text ?? "";
      const args = (field(n, "arguments")?.namedChildren ?? []).filter((a): a is Node => a !== null);
      if (/^(os\.)?(getenv|environ\.get)$/.test(callee) && args[0]) {
        const name = stringValue(args[0]);
        const fallback = args[1] ? origin(args[1], depth + 1) : undefined;
        if (name) return { kind: "env", name, ...(fallback?.kind === "literal" ? { fallback: fallback.value } : {}) };
      }
      if (/secret/i.test(callee)) {
        const id = keyword(n, ["SecretId", "secret_id", "name"], 0);
        const name = id && stringValue(id);
        if (name) return { kind: "secret", name };
      }
    }
    if (n.type === "boolean_operator" && n.children.some((c) => c?.type === "or")) {
      const left = origin(field(n, "left"), depth + 1);
      const right = origin(field(n, "right"), depth + 1);
      if (left?.kind === "env" && right?.kind === "literal") return { kind: "env", name: left.name, fallback: right.value };
      // settings.api_key or os.getenv("OPENAI_API_KEY"): the variable is what the file can name.
      if (left?.kind === "expression" && right?.kind === "env") return right;
      return left ?? right;
    }
    if (n.type === "identifier") {
      const inits = decls.get(n.text);
      if (inits?.length === 1) return origin(inits[0], depth + 1);
    }
    if (n.type === "attribute" && field(n, "object")?.text === "self") {
      const inits = fields.get(field(n, "attribute")?.text ?? "");
      if (inits?.length === 1) return origin(inits[0], depth + 1);
    }
    return expressionText(n.text);
  };
  const modelsOf = (node: Node | null | undefined, depth = 0): string[] => {
    const n = unwrap(node ?? null);
    if (!n || depth > MAX_DEPTH) return [];
    if (n.type === "conditional_expression") return n.namedChildren.filter((c, i) => c && i !== 1).flatMap((c) => modelsOf(c, depth + 1));
    if (n.type === "list" || n.type === "tuple") return n.namedChildren.flatMap((c) => modelsOf(c, depth + 1));
    if (n.type === "identifier" && (decls.get(n.text)?.length ?? 0) > 1) return decls.get(n.text)!.flatMap((x) => modelsOf(x, depth + 1));
    const o = origin(n, depth);
    return o?.kind === "literal" ? [o.value] : o?.kind === "env" && o.fallback !== undefined ? [o.fallback] : [];
  };

  const kindOf = (callee: Node, call: Node): { kind: ClientKind; module: string; name: string } | undefined => {
    let module: string | undefined;
    let name: string | undefined;
    if (callee.type === "identifier" && imports.has(callee.text)) ({ module, name } = imports.get(callee.text)!);
    else if (callee.type === "attribute") {
      const object = field(callee, "object")!;
      const attribute = field(callee, "attribute")!.text;
      const imported = object.type === "identifier" ? imports.get(object.text) : undefined;
      if (imported?.name === "*") [module, name] = [imported.module, attribute];
      else if (object.type === "attribute" && imports.get(field(object, "object")!.text)?.name === "*") [module, name] = [`${imports.get(field(object, "object")!.text)!.module}.${field(object, "attribute")!.text}`, attribute];
      // session.client("bedrock-runtime") on any boto3 Session.
      else if (attribute === "client") [module, name] = ["boto3", "client"];
    }
    if (module === undefined || name === undefined || !moduleKnown(module) || !Object.hasOwn(PY_CLIENTS[module], name)) return undefined;
    const kind = PY_CLIENTS[module][name];
    if (kind.service !== undefined) {
      const service = keyword(call, ["service_name"], 0);
      if (!service || stringValue(service) !== kind.service) return undefined;
    }
    return { kind, module, name };
  };

  const clients = new Map<number, Client>();
  const construct = (call: Node): Client | undefined => {
    if (clients.has(call.startIndex)) return clients.get(call.startIndex);
    const callee = field(call, "function");
    const found = callee && kindOf(callee, call);
    if (!found) return undefined;
    const { kind } = found;
    const given = (n: Node | undefined) => (n && n.type !== "none" ? n : undefined);
    const baseArg = given(keyword(call, kind.baseUrl));
    let keyArg = given(keyword(call, kind.key, kind.keyAt));
    if (!keyArg && found.module === "google.generativeai") keyArg = moduleSettings.get("google.generativeai.configure");
    const models = modelsOf(keyword(call, kind.model, kind.modelAt));
    // OpenAI(**settings): what the dictionary holds is not known here.
    const splat = field(call, "arguments")?.namedChildren.find((a) => a?.type === "dictionary_splat");
    const notFollowed: Origin | undefined = splat ? expressionText(`${splat.text} (not followed)`) : undefined;
    const provider = kind.provider === "litellm" ? litellmProvider(models[0]) : kind.provider;
    const site: Site = {
      ...position(call),
      what: kind.call ? "call" : "client",
      provider,
      sdk: found.module,
      api: found.name === "client" ? 'client("bedrock-runtime")' : found.name,
      baseUrl: baseArg ? origin(baseArg)! : notFollowed ? notFollowed : sdkDefault({ ...kind, provider }),
      key: keyArg ? origin(keyArg)! : notFollowed ? notFollowed : { kind: "sdk-default", ...((kind.keyEnv ?? keyEnvOf(provider)) ? { env: kind.keyEnv ?? keyEnvOf(provider) } : {}) },
      models,
      ...(kind.family ? { family: kind.family } : {}),
    };
    const client = { kind, site };
    clients.set(call.startIndex, client);
    return client;
  };
  /** openai-python's module-level client: `import openai; openai.api_key = ...; openai.chat.completions.create(...)`. */
  const moduleClient = (module: string, at: Node): Client | undefined => {
    if (module !== "openai") return undefined;
    const kind = PY_CLIENTS.openai.OpenAI;
    const base = moduleSettings.get("openai.base_url") ?? moduleSettings.get("openai.api_base");
    const key = moduleSettings.get("openai.api_key");
    return {
      kind,
      site: {
        ...position(at),
        what: "client",
        provider: "openai",
        sdk: "openai",
        api: "openai (module-level client)",
        baseUrl: base ? origin(base)! : sdkDefault(kind),
        key: key ? origin(key)! : { kind: "sdk-default", env: kind.keyEnv },
        models: [],
      },
    };
  };
  const firstOf = (items: Node[] | undefined, depth: number) => {
    for (const x of items ?? []) {
      const c = clientOf(x, depth + 1);
      if (c) return c;
    }
    return undefined;
  };
  const clientOf = (node: Node | null | undefined, depth = 0): Client | undefined => {
    const n = unwrap(node ?? null);
    if (!n || depth > MAX_DEPTH) return undefined;
    if (n.type === "identifier") {
      const imported = imports.get(n.text);
      if (imported?.name === "*") return moduleClient(imported.module, n);
      return firstOf(decls.get(n.text), depth);
    }
    if (n.type === "attribute" && (field(n, "object")?.text === "self" || field(n, "object")?.text === "cls")) return firstOf(fields.get(field(n, "attribute")!.text), depth);
    if (n.type === "call") {
      const built = construct(n);
      if (built) return built;
      const callee = field(n, "function")!;
      if (callee.type === "identifier") return firstOf(functions.get(callee.text), depth);
      if (callee.type === "attribute") {
        const attribute = field(callee, "attribute")!.text;
        if (field(callee, "object")?.text === "self") return firstOf(functions.get(attribute), depth);
        if (SAME_CLIENT.has(attribute)) return clientOf(field(callee, "object"), depth + 1);
      }
    }
    return undefined;
  };

  const modelCall = (call: Node): Site | undefined => {
    const names: string[] = [];
    const bases: Node[] = [];
    let e = field(call, "function");
    while (e?.type === "attribute") {
      const object = field(e, "object")!;
      // self.client.chat.completions.create: the base is self.client, not self.
      if (object.text === "self" || object.text === "cls") break;
      names.unshift(field(e, "attribute")!.text);
      bases.unshift(object);
      e = object;
    }
    for (let k = 0; k < names.length; k++) {
      const path = names.slice(k).join(".");
      const family = Object.hasOwn(CALLS, path) ? CALLS[path] : Object.hasOwn(PY_CALLS, path) ? PY_CALLS[path] : undefined;
      if (family === undefined) continue;
      const client = clientOf(bases[k]);
      const models = modelsOf(keyword(call, ["model", "modelId", "model_id"]));
      if (client) {
        if (MODEL_OBJECT_CALLS.has(path) && !client.kind.family) continue;
        const callFamily = family || client.kind.family;
        if (!callFamily) continue;
        return { ...client.site, ...position(call), what: "call", api: path, models: models.length ? models : client.site.models, family: callFamily };
      }
      if (Object.hasOwn(UNRESOLVED_CALLS, path) && models.length) {
        const provider = UNRESOLVED_CALLS[path] === "unknown" ? (providerOfModel(models[0]) ?? "unknown") : UNRESOLVED_CALLS[path];
        const unknown: Origin = { kind: "expression", text: `client built elsewhere: ${bases[k].text.slice(0, 40)}` };
        return { ...position(call), what: "call", provider, sdk: "(unresolved)", api: path, baseUrl: unknown, key: unknown, models, family, unresolvedClient: true };
      }
    }
    return undefined;
  };

  const sites: Site[] = [];
  for (const call of root.descendantsOfType("call")) {
    if (!call) continue;
    const built = construct(call);
    if (built) sites.push(built.site);
    else {
      const site = modelCall(call);
      if (site) sites.push(site);
    }
  }

  const strings = root
    .descendantsOfType("string")
    .filter((s): s is Node => s !== null && s.parent?.type !== "concatenated_string" && !consumed.has(s.startIndex))
    .map((s) => ({ value: stringValue(s) ?? s.namedChildren.find((c) => c?.type === "string_content")?.text ?? "", offset: s.startIndex, context: callerOf(s) }));
  return [...sites, ...httpSites(strings, at)];
}

/** The variable a provider's SDK (and LiteLLM) reads its key from. */
function keyEnvOf(provider: string): string | undefined {
  return (PROVIDERS as readonly string[]).includes(provider) ? DIRECT_APIS[provider as Provider].keyEnv : undefined;
}

/** LiteLLM's model ids carry their provider as a prefix (`anthropic/claude-...`); a bare id is OpenAI's unless its name says otherwise. */
function litellmProvider(model: string | undefined) {
  if (model === undefined) return "litellm" as const;
  const slash = model.indexOf("/");
  return (slash > 0 ? providerOfPrefix(model.slice(0, slash)) : undefined) ?? providerOfModel(model) ?? (slash > 0 ? "unknown" : "openai");
}

function callerOf(n: Node): string {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === "call") return field(p, "function")?.text.slice(0, 40) ?? "call";
    if (p.type.endsWith("_statement") || p.type === "block") break;
  }
  return "string";
}
