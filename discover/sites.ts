/**
 * What a reader finds in one source file: the places that reach a model (a client built, a model
 * called, a provider URL in code) and raw credentials, by location and kind only. The readers
 * (typescript.ts, python.ts) produce these; scan.ts adds the service and judges the path.
 */
import { credentialKind } from "../stacks/credentials";
import type { CodeProvider } from "./catalogue";

/** Where a value (a base URL, a key, a model) comes from, as far as the file alone says. */
export type Origin =
  | { kind: "literal"; value: string }
  /** An environment variable, with the literal the code falls back to when it is unset. */
  | { kind: "env"; name: string; fallback?: string }
  /** Not passed: the SDK reads `env` when set, else uses its own default (`value`, when it has one). */
  | { kind: "sdk-default"; env?: string; value?: string }
  /** A secret store read by name (AWS Secrets Manager, GCP Secret Manager, Vault...). */
  | { kind: "secret"; name: string }
  /** A raw credential written in the code: its kind only, never the text. */
  | { kind: "raw-credential"; credential: string }
  /** Anything else: the expression's text, shortened. */
  | { kind: "expression"; text: string };

export interface Location {
  /** Path as given on the command line plus the file's path under it. */
  file: string;
  line: number;
  col: number;
}

export interface Site extends Location {
  /** client: a client or model object built; call: a model called; http: a provider URL in code. */
  what: "client" | "call" | "http";
  provider: CodeProvider;
  /** The module it comes from (`openai`, `langchain_openai`, `@google/genai`), or `http`. */
  sdk: string;
  /** The constructor, function or method path, e.g. `OpenAI`, `chat.completions.create`. */
  api: string;
  baseUrl: Origin;
  key: Origin;
  models: string[];
  /** The endpoint family a call reaches (runtime/front-door/endpoints.ts names where the front door serves it). */
  family?: string;
  /** A call whose client was built elsewhere (another file, a parameter): provider and base URL from the method alone. */
  unresolvedClient?: true;
}

export interface RawCredential extends Location {
  kind: string;
}


/** The origin of a string literal: a raw credential by kind, else the literal. */
export function literal(value: string): Origin {
  const credential = credentialKind(value);
  return credential ? { kind: "raw-credential", credential } : { kind: "literal", value };
}

/** An expression's text as a report shows it: one line, at most 60 characters, never a credential. */
export function expressionText(text: string): Origin {
  const line = text.replace(/\s+/g, " ").trim();
  const credential = credentialKind(line);
  if (credential) return { kind: "raw-credential", credential };
  return { kind: "expression", text: line.length > 60 ? `${line.slice(0, 57)}...` : line };
}

/** The literal text an origin ends up as when nothing overrides it, if the file says. */
export function resolvedValue(origin: Origin): string | undefined {
  if (origin.kind === "literal") return origin.value;
  if (origin.kind === "env") return origin.fallback;
  if (origin.kind === "sdk-default") return origin.value;
  return undefined;
}

/** One line for a report; a credential shows as its kind only. */
export function describeOrigin(origin: Origin): string {
  switch (origin.kind) {
    case "literal":
      return JSON.stringify(origin.value);
    case "env":
      return `env ${origin.name}${origin.fallback !== undefined ? ` (else ${JSON.stringify(origin.fallback)})` : ""}`;
    case "sdk-default":
      return `SDK default${origin.env ? ` (env ${origin.env}` : ""}${origin.value ? `${origin.env ? ", else " : " ("}${origin.value})` : origin.env ? ")" : ""}`;
    case "secret":
      return `secret ${JSON.stringify(origin.name)}`;
    case "raw-credential":
      return `RAW ${origin.credential} in code (not shown)`;
    case "expression":
      return `\`${origin.text}\``;
  }
}
