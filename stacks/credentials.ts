/**
 * Shapes of raw credentials that must never sit in a stack file or a resource input. Only the
 * kind is ever reported, never the matched text. Distinctive prefixes match even glued to a
 * word, so a key pasted onto a name is still caught.
 */
const CREDENTIAL_SHAPES: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  { kind: "OpenRouter API key", pattern: /sk-or-v1-[a-f0-9]{32,}/ },
  { kind: "Anthropic API key", pattern: /sk-ant-[A-Za-z0-9_-]{16,}/ },
  { kind: "OpenAI API key", pattern: /sk-(proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/ },
  // A bare "sk-" must start a word: "desk-reservation-assistant" is a name, not a key.
  { kind: "OpenAI API key", pattern: /\bsk-[A-Za-z0-9_-]{20,}/ },
  { kind: "Google API key", pattern: /AIza[0-9A-Za-z_-]{30,}/ },
  { kind: "AWS access key id", pattern: /(AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])/ },
  { kind: "Groq API key", pattern: /gsk_[A-Za-z0-9]{20,}/ },
  { kind: "xAI API key", pattern: /xai-[A-Za-z0-9]{20,}/ },
  { kind: "private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { kind: "bearer token", pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{20,}/ },
];
const ANY_CREDENTIAL = new RegExp(CREDENTIAL_SHAPES.map(({ pattern }) => pattern.source).join("|"), "g");
/** Redaction errs the other way: every shape, even glued to a word or longer than usual. */
const REDACTED = new RegExp(CREDENTIAL_SHAPES.map(({ pattern }) => pattern.source.replace(/^\\b/, "").replace("(?![0-9A-Z])", "")).join("|"), "g");

/** The kind of credential `text` looks like, or undefined. Never returns the text itself. */
export function credentialKind(text: string): string | undefined {
  return CREDENTIAL_SHAPES.find(({ pattern }) => pattern.test(text))?.kind;
}

/** Where credential-looking text sits in `text`, with its kind (offsets, never the text). */
export function findCredentials(text: string): Array<{ kind: string; offset: number }> {
  return [...text.matchAll(ANY_CREDENTIAL)].map((m) => ({ kind: credentialKind(m[0]) ?? "credential", offset: m.index ?? 0 }));
}

/** `text` with every credential-looking piece replaced: the last guard before anything is printed. */
export function redactCredentials(text: string): string {
  return text.replace(REDACTED, "[redacted]");
}
