/**
 * The TypeScript/JavaScript reader of `switchyard discover`: parses a file with the TypeScript
 * compiler API (syntax only: no program, no type checker, so a file is read in isolation and
 * fast) and finds where it builds an AI client and calls a model. Resolution stays inside the
 * file: an identifier is followed to its declaration, `this.x` to the class's assignments, a
 * factory call to what the function returns, `cfg.key` to an object literal; a client built in
 * another file is not followed (its calls are still reported, by method path).
 */
import ts from "typescript";
import { BEDROCK_COMMANDS, CALLS, MODEL_OBJECT_CALLS, TS_CLIENTS, UNRESOLVED_CALLS, providerOfModel, sdkDefault, type ClientKind } from "./catalogue";
import { expressionText, literal, type Origin, type Site } from "./sites";
import { httpSites } from "./text-findings";

const SCRIPT_KINDS: Readonly<Record<string, ts.ScriptKind>> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};
export const TS_EXTENSIONS = Object.keys(SCRIPT_KINDS);

/** Calls that return the same model object configured further (LangChain's bind, withStructuredOutput...). */
const SAME_CLIENT = new Set(["bind", "bindTools", "withStructuredOutput", "withRetry", "withConfig", "withFallbacks"]);
const MAX_DEPTH = 6;

interface Client {
  kind: ClientKind;
  site: Site;
}

export function readTypeScript(text: string, file: string, extension: string): Site[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, SCRIPT_KINDS[extension] ?? ts.ScriptKind.TS);
  const imports = new Map<string, { module: string; name: string }>();
  const decls = new Map<string, ts.Expression[]>();
  const fields = new Map<string, ts.Expression[]>();
  const functions = new Map<string, ts.Expression[]>();
  const add = <T>(map: Map<string, T[]>, name: string, value: T) => (map.get(name) ?? map.set(name, []).get(name)!).push(value);

  // Pass 1: what names mean in this file.
  const returnsOf = (body: ts.ConciseBody | undefined): ts.Expression[] => {
    if (!body) return [];
    if (!ts.isBlock(body)) return [body];
    const found: ts.Expression[] = [];
    const walk = (n: ts.Node) => {
      if (ts.isReturnStatement(n) && n.expression) found.push(n.expression);
      if (!ts.isFunctionLike(n)) ts.forEachChild(n, walk);
    };
    ts.forEachChild(body, walk);
    return found;
  };
  const collect = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause) {
      const module = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (clause.name) imports.set(clause.name.text, { module, name: "default" });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, name: "*" });
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) imports.set(e.name.text, { module, name: (e.propertyName ?? e.name).text });
    }
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const required = requiredModule(node.initializer);
      if (required !== undefined && ts.isIdentifier(node.name)) imports.set(node.name.text, { module: required, name: "*" });
      else if (required !== undefined && ts.isObjectBindingPattern(node.name)) {
        for (const e of node.name.elements) if (ts.isIdentifier(e.name)) imports.set(e.name.text, { module: required, name: e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : e.name.text });
      } else if (ts.isIdentifier(node.name)) {
        add(decls, node.name.text, node.initializer);
        if (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer)) for (const r of returnsOf(node.initializer.body)) add(functions, node.name.text, r);
      }
    }
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name)) for (const r of returnsOf(node.body)) add(functions, node.name.text, r);
    if (ts.isPropertyDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) add(fields, node.name.text, node.initializer);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      if (ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) add(fields, node.left.name.text, node.right);
      else if (ts.isIdentifier(node.left)) add(decls, node.left.text, node.right);
    }
    // Constructor parameter properties are not followed (their value comes from the caller).
    ts.forEachChild(node, collect);
  };
  collect(source);

  const consumed = new Set<number>();
  const position = (node: ts.Node) => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return { file, line: line + 1, col: character + 1 };
  };

  // Values: where a string comes from, following names inside the file.
  const origin = (expr: ts.Expression | undefined, depth = 0): Origin | undefined => {
    if (!expr || depth > MAX_DEPTH) return expr && expressionText(expr.getText(source));
    const e = unwrap(expr);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      consumed.add(e.getStart(source));
      return literal(e.text);
    }
    const env = envName(e);
    if (env) return { kind: "env", name: env };
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      const left = origin(e.left, depth + 1);
      const right = origin(e.right, depth + 1);
      if (left?.kind === "env" && right?.kind === "literal") return { kind: "env", name: left.name, fallback: right.value };
      if (left?.kind === "expression" && right?.kind === "env") return right;
      return left ?? right;
    }
    if (ts.isTemplateExpression(e)) {
      let text = e.head.text;
      for (const span of e.templateSpans) {
        const part = origin(span.expression, depth + 1);
        if (part?.kind !== "literal") return expressionText(e.getText(source));
        text += part.value + span.literal.text;
      }
      consumed.add(e.getStart(source));
      return literal(text);
    }
    if (ts.isIdentifier(e)) {
      const inits = decls.get(e.text);
      if (inits?.length === 1) return origin(inits[0], depth + 1);
    }
    if (ts.isPropertyAccessExpression(e)) {
      const object = ts.isIdentifier(e.expression) ? decls.get(e.expression.text) : undefined;
      const target = object?.length === 1 ? unwrap(object[0]) : undefined;
      if (target && ts.isObjectLiteralExpression(target)) {
        const value = propertyOf(target, e.name.text);
        if (value) return origin(value, depth + 1);
      }
    }
    if (ts.isCallExpression(e) && /secret/i.test(e.expression.getText(source)) && e.arguments[0] && (ts.isStringLiteral(e.arguments[0]) || ts.isNoSubstitutionTemplateLiteral(e.arguments[0]))) {
      return { kind: "secret", name: e.arguments[0].text };
    }
    if (ts.isObjectLiteralExpression(e)) {
      // getSecretValue({ SecretId: "name" }) and the like.
      const id = propertyOf(e, "SecretId") ?? propertyOf(e, "name");
      const name = id && origin(id, depth + 1);
      if (name?.kind === "literal") return { kind: "secret", name: name.value };
    }
    return expressionText(e.getText(source));
  };
  /** Every model id an expression may be: literals, env fallbacks, both branches of a conditional, array items. */
  const modelsOf = (expr: ts.Expression | undefined, depth = 0): string[] => {
    if (!expr || depth > MAX_DEPTH) return [];
    const e = unwrap(expr);
    if (ts.isConditionalExpression(e)) return [...modelsOf(e.whenTrue, depth + 1), ...modelsOf(e.whenFalse, depth + 1)];
    if (ts.isArrayLiteralExpression(e)) return e.elements.flatMap((x) => modelsOf(x, depth + 1));
    if (ts.isIdentifier(e) && (decls.get(e.text)?.length ?? 0) > 1) return decls.get(e.text)!.flatMap((x) => modelsOf(x, depth + 1));
    const o = origin(e, depth);
    return o?.kind === "literal" ? [o.value] : o?.kind === "env" && o.fallback !== undefined ? [o.fallback] : [];
  };

  /** An options argument as an object literal: written inline, or a const in the file. */
  const optionsObject = (arg: ts.Expression): ts.ObjectLiteralExpression | undefined => {
    let object = unwrap(arg);
    if (ts.isIdentifier(object) && decls.get(object.text)?.length === 1) object = unwrap(decls.get(object.text)![0]);
    return ts.isObjectLiteralExpression(object) ? object : undefined;
  };
  /** Options the file does not spell out (`new OpenAI(opts)`, `{ ...defaults }`): what they hold is not known. */
  const opaqueOptions = (call: ts.NewExpression | ts.CallExpression): ts.Expression | undefined =>
    (call.arguments ?? []).find((arg) => {
      const object = optionsObject(arg);
      if (object) return object.properties.some((p) => ts.isSpreadAssignment(p) && !optionsObject(p.expression));
      const e = unwrap(arg);
      return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isCallExpression(e);
    });
  /** A property of an options object, its spreads of consts in the file included (`{ ...defaults }`). */
  const option = (object: ts.ObjectLiteralExpression, name: string, depth = 0): ts.Expression | undefined => {
    const own = pathOf(object, name);
    if (own || depth > MAX_DEPTH) return own;
    for (const p of [...object.properties].reverse()) {
      const spread = ts.isSpreadAssignment(p) ? optionsObject(p.expression) : undefined;
      const value = spread && option(spread, name, depth + 1);
      if (value) return value;
    }
    return undefined;
  };
  const argument = (call: ts.NewExpression | ts.CallExpression, names: readonly string[], at?: number): ts.Expression | undefined => {
    for (const arg of call.arguments ?? []) {
      const object = optionsObject(arg);
      if (!object) continue;
      for (const name of names) {
        const value = option(object, name);
        if (value) return value;
      }
    }
    return at === undefined ? undefined : call.arguments?.[at];
  };

  // Clients: what an expression is, when it is one.
  const clients = new Map<ts.Node, Client>();
  const kindOf = (callee: ts.Expression): { kind: ClientKind; module: string; name: string } | undefined => {
    let module: string | undefined;
    let name: string | undefined;
    if (ts.isIdentifier(callee) && imports.has(callee.text)) ({ module, name } = imports.get(callee.text)!);
    else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && imports.get(callee.expression.text)?.name === "*") {
      module = imports.get(callee.expression.text)!.module;
      name = callee.name.text;
    }
    if (module === undefined || name === undefined || !Object.hasOwn(TS_CLIENTS, module)) return undefined;
    const exports = TS_CLIENTS[module];
    const kind = exports[name] ?? (name === "*" ? exports.default : undefined);
    return kind && { kind, module, name: name === "*" || name === "default" ? ts.isIdentifier(callee) ? callee.text : name : name };
  };
  const construct = (node: ts.NewExpression | ts.CallExpression): Client | undefined => {
    if (clients.has(node)) return clients.get(node);
    const found = kindOf(node.expression);
    if (!found || found.kind.call) return undefined;
    const { kind } = found;
    const given = (e: ts.Expression | undefined) => (e && e.kind !== ts.SyntaxKind.NullKeyword && !(ts.isIdentifier(e) && e.text === "undefined") ? e : undefined);
    const baseArg = given(argument(node, kind.baseUrl));
    const keyArg = given(argument(node, kind.key, kind.keyAt));
    const opaque = opaqueOptions(node);
    const notFollowed = (e: ts.Expression): Origin => expressionText(`${e.getText(source)} (options not followed)`);
    const site: Site = {
      ...position(node),
      // An AI SDK provider instance called with a model id names a model call.
      what: kind.aiSdk === "instance" ? "call" : "client",
      provider: kind.provider,
      sdk: found.module,
      api: found.name,
      baseUrl: baseArg ? origin(baseArg)! : opaque ? notFollowed(opaque) : sdkDefault(kind),
      key: keyArg ? origin(keyArg)! : opaque ? notFollowed(opaque) : { kind: "sdk-default", ...(kind.keyEnv ? { env: kind.keyEnv } : {}) },
      models: kind.model.length || kind.modelAt !== undefined ? modelsOf(argument(node, kind.model, kind.modelAt)) : [],
      ...(kind.family ? { family: kind.family } : {}),
    };
    const client = { kind, site };
    clients.set(node, client);
    return client;
  };
  const clientOf = (expr: ts.Expression | undefined, depth = 0): Client | undefined => {
    if (!expr || depth > MAX_DEPTH) return undefined;
    const e = unwrap(expr);
    if (ts.isNewExpression(e)) return construct(e);
    if (ts.isIdentifier(e)) return firstOf(decls.get(e.text), (x) => clientOf(x, depth + 1));
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return firstOf(fields.get(e.name.text), (x) => clientOf(x, depth + 1));
    if (ts.isCallExpression(e)) {
      const direct = construct(e);
      if (direct) return direct;
      const callee = e.expression;
      if (ts.isIdentifier(callee)) return firstOf(functions.get(callee.text), (x) => clientOf(x, depth + 1));
      if (ts.isPropertyAccessExpression(callee)) {
        if (callee.expression.kind === ts.SyntaxKind.ThisKeyword) return firstOf(functions.get(callee.name.text), (x) => clientOf(x, depth + 1));
        if (SAME_CLIENT.has(callee.name.text)) return clientOf(callee.expression, depth + 1);
        if (callee.name.text === "getGenerativeModel") {
          const base = clientOf(callee.expression, depth + 1);
          if (base) return { kind: { ...base.kind, family: "gemini-generate" }, site: { ...base.site, models: modelsOf(argument(e, ["model"])) } };
        }
      }
    }
    return undefined;
  };

  const sites: Site[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
      const built = construct(node);
      if (built) sites.push(built.site);
      else if (ts.isCallExpression(node)) {
        const call = modelCall(node) ?? aiSdkCall(node);
        if (call) sites.push(call);
      }
    }
    ts.forEachChild(node, visit);
  };
  /** `const acme = createOpenAI({ baseURL }); generateText({ model: acme("gpt-4o") })`. */
  const aiSdkCall = (node: ts.CallExpression): Site | undefined => {
    if (!ts.isIdentifier(node.expression)) return undefined;
    const client = clientOf(node.expression);
    if (client?.kind.aiSdk !== "factory") return undefined;
    return { ...client.site, ...position(node), what: "call", api: `${node.expression.text}(model)`, models: modelsOf(node.arguments[0]) };
  };
  const modelCall = (node: ts.CallExpression): Site | undefined => {
    const names: string[] = [];
    const bases: ts.Expression[] = [];
    let e: ts.Expression = node.expression;
    while (ts.isPropertyAccessExpression(e) && !(e.expression.kind === ts.SyntaxKind.ThisKeyword)) {
      names.unshift(e.name.text);
      bases.unshift(e.expression);
      e = e.expression;
    }
    for (let k = 0; k < names.length; k++) {
      const path = names.slice(k).join(".");
      const family = Object.hasOwn(CALLS, path) ? CALLS[path] : path === "send" ? "" : undefined;
      if (family === undefined) continue;
      const client = clientOf(bases[k]);
      const payload = node.arguments[0] && unwrap(node.arguments[0]);
      if (client) {
        let callFamily = family || client.kind.family;
        let models = modelsOf(argument(node, ["model", "modelId"]));
        if (path === "send") {
          // Bedrock: client.send(new ConverseCommand({ modelId })).
          if (!payload || !ts.isNewExpression(payload) || !ts.isIdentifier(payload.expression)) continue;
          const command = imports.get(payload.expression.text)?.name;
          if (!command || !Object.hasOwn(BEDROCK_COMMANDS, command)) continue;
          callFamily = BEDROCK_COMMANDS[command];
          models = modelsOf(argument(payload, ["modelId"]));
        }
        if (MODEL_OBJECT_CALLS.has(path) && !client.kind.family) continue;
        if (!callFamily) continue;
        return { ...client.site, ...position(node), what: "call", api: path, models: models.length ? models : client.site.models, family: callFamily };
      }
      if (Object.hasOwn(UNRESOLVED_CALLS, path)) {
        const models = modelsOf(argument(node, ["model"]));
        if (models.length === 0) continue;
        const provider = UNRESOLVED_CALLS[path] === "unknown" ? (providerOfModel(models[0]) ?? "unknown") : UNRESOLVED_CALLS[path];
        const unknown: Origin = { kind: "expression", text: `client built elsewhere: ${bases[k].getText(source).slice(0, 40)}` };
        return { ...position(node), what: "call", provider, sdk: "(unresolved)", api: path, baseUrl: unknown, key: unknown, models, family: family, unresolvedClient: true };
      }
    }
    return undefined;
  };
  visit(source);

  const strings: Array<{ value: string; offset: number; context: string }> = [];
  const gather = (node: ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !consumed.has(node.getStart(source))) strings.push({ value: node.text, offset: node.getStart(source), context: callerOf(node, source) });
    if (ts.isTemplateExpression(node) && !consumed.has(node.getStart(source))) strings.push({ value: node.head.text, offset: node.getStart(source), context: callerOf(node, source) });
    ts.forEachChild(node, gather);
  };
  gather(source);
  const at = (offset: number) => {
    const { line, character } = source.getLineAndCharacterOfPosition(offset);
    return { file, line: line + 1, col: character + 1 };
  };
  return [...sites, ...httpSites(strings, at)];
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

function firstOf<T, R>(items: T[] | undefined, f: (item: T) => R | undefined): R | undefined {
  for (const item of items ?? []) {
    const r = f(item);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** `require("m")` -> "m". */
function requiredModule(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  return ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === "require" && x.arguments[0] && ts.isStringLiteral(x.arguments[0]) ? x.arguments[0].text : undefined;
}

/** process.env.X, process.env["X"], import.meta.env.X -> X. */
function envName(e: ts.Expression): string | undefined {
  const isEnv = (x: ts.Expression) => {
    const text = x.getText();
    return text === "process.env" || text === "import.meta.env";
  };
  if (ts.isPropertyAccessExpression(e) && isEnv(e.expression)) return e.name.text;
  if (ts.isElementAccessExpression(e) && isEnv(e.expression) && ts.isStringLiteral(e.argumentExpression)) return e.argumentExpression.text;
  return undefined;
}

function propertyOf(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** `configuration.baseURL` in an options object. */
function pathOf(object: ts.ObjectLiteralExpression, path: string): ts.Expression | undefined {
  const [first, ...rest] = path.split(".");
  const value = propertyOf(object, first);
  if (!value || rest.length === 0) return value;
  const inner = unwrap(value);
  return ts.isObjectLiteralExpression(inner) ? pathOf(inner, rest.join(".")) : undefined;
}

/** The function a string is passed to (fetch, axios.post), for the report. */
function callerOf(node: ts.Node, source: ts.SourceFile): string {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isCallExpression(p) || ts.isNewExpression(p)) return p.expression.getText(source).slice(0, 40);
    if (ts.isStatement(p)) break;
  }
  return "string";
}
