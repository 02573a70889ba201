/**
 * Reads a request body's top level without building it: checks that the bytes are one JSON
 * object (RFC 8259, exactly what JSON.parse accepts), refuses duplicate top-level keys, and
 * finds one member's value. The body then goes upstream as the same bytes (only that member
 * spliced when it must change), so what the scope check read is what the provider reads, and
 * memory stays at the body's size.
 *
 * Duplicates compare keys case-insensitively: Go's encoding/json matches keys that way, and a
 * parser that takes the last `MODEL` would otherwise read another model than the scope check.
 * Top-level keys must be valid UTF-8 without NUL, so no parser can read one as another.
 */

export interface Member {
  /** The decoded value when it is a string; undefined for any other JSON value. */
  value: string | undefined;
  /** Byte offsets of the value's JSON text. */
  start: number;
  end: number;
}

export type TopLevel = { ok: true; member?: Member } | { ok: false; reason: "not_an_object" | "duplicate_key"; key?: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWhitespace(b: Uint8Array, i: number): number {
  while (i < b.length && isWhitespace(b[i])) i++;
  return i;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** From an opening quote: the offset after the closing quote, or -1. */
function skipString(b: Uint8Array, i: number): number {
  for (let j = i + 1; j < b.length; ) {
    const c = b[j];
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) {
      const e = b[j + 1];
      if (e === 0x75 /* u */) {
        if (!(isHex(b[j + 2]) && isHex(b[j + 3]) && isHex(b[j + 4]) && isHex(b[j + 5]))) return -1;
        j += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        j += 2;
      } else return -1;
    } else if (c < 0x20) return -1;
    else j++;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? from i: the offset after it, or -1. */
function skipNumber(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    if (!isDigit(b[++i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

function skipLiteral(b: Uint8Array, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

const OBJECT = 0;
const ARRAY = 1;

/** One JSON value from i (no leading whitespace): the offset after it, or -1. Iterative: depth is bounded only by the body. */
function skipValue(b: Uint8Array, i: number): number {
  const open: number[] = [];
  let expectKey = false;
  for (;;) {
    // A value (or, inside an object after `{` or `,`, a key and its colon first).
    if (expectKey) {
      if (b[i] !== QUOTE) return -1;
      i = skipString(b, i);
      if (i < 0) return -1;
      i = skipWhitespace(b, i);
      if (b[i] !== 0x3a) return -1;
      i = skipWhitespace(b, i + 1);
      expectKey = false;
    }
    const c = b[i];
    if (c === 0x7b || c === 0x5b) {
      const inner = skipWhitespace(b, i + 1);
      if (b[inner] === (c === 0x7b ? 0x7d : 0x5d)) i = inner + 1;
      else {
        open.push(c === 0x7b ? OBJECT : ARRAY);
        expectKey = c === 0x7b;
        i = inner;
        continue;
      }
    } else if (c === QUOTE) i = skipString(b, i);
    else if (c === 0x74) i = skipLiteral(b, i, "true");
    else if (c === 0x66) i = skipLiteral(b, i, "false");
    else if (c === 0x6e) i = skipLiteral(b, i, "null");
    else if (c === 0x2d || isDigit(c)) i = skipNumber(b, i);
    else return -1;
    if (i < 0) return -1;
    // After a value: close containers, or go on to the next element.
    for (;;) {
      if (open.length === 0) return i;
      i = skipWhitespace(b, i);
      const top = open[open.length - 1];
      if (b[i] === 0x2c) {
        i = skipWhitespace(b, i + 1);
        expectKey = top === OBJECT;
        break;
      }
      if (b[i] === (top === OBJECT ? 0x7d : 0x5d)) {
        open.pop();
        i++;
        continue;
      }
      return -1;
    }
  }
}

/** A JSON string token (quotes included) as its value; undefined if it is not valid UTF-8. */
function decodeString(b: Uint8Array, start: number, end: number): string | undefined {
  // Short plain ASCII (every key and model a client sends): no decoder call.
  if (end - start <= 130) {
    let plain = "";
    let k = start + 1;
    for (; k < end - 1 && b[k] < 0x80 && b[k] !== BACKSLASH; k++) plain += String.fromCharCode(b[k]);
    if (k === end - 1) return plain;
  }
  try {
    const inner = b.subarray(start + 1, end - 1);
    return inner.includes(BACKSLASH) ? (JSON.parse(utf8.decode(b.subarray(start, end))) as string) : utf8.decode(inner);
  } catch {
    return undefined;
  }
}

/** Checks `body` is one JSON object with unique top-level keys and returns member `name`'s value. */
export function readTopLevel(body: Uint8Array, name: string): TopLevel {
  const notObject: TopLevel = { ok: false, reason: "not_an_object" };
  let i = skipWhitespace(body, 0);
  if (body[i] !== 0x7b) return notObject;
  i = skipWhitespace(body, i + 1);
  const seen = new Set<string>();
  let member: Member | undefined;
  if (body[i] === 0x7d) i++;
  else {
    for (;;) {
      if (body[i] !== QUOTE) return notObject;
      const keyEnd = skipString(body, i);
      if (keyEnd < 0) return notObject;
      const key = decodeString(body, i, keyEnd);
      if (key === undefined || key.includes("\u0000")) return notObject;
      const folded = key.toLowerCase();
      if (seen.has(folded)) return { ok: false, reason: "duplicate_key", key };
      seen.add(folded);
      i = skipWhitespace(body, keyEnd);
      if (body[i] !== 0x3a) return notObject;
      const start = skipWhitespace(body, i + 1);
      const end = skipValue(body, start);
      if (end < 0) return notObject;
      if (key === name) member = { value: body[start] === QUOTE ? decodeString(body, start, end) : undefined, start, end };
      i = skipWhitespace(body, end);
      if (body[i] === 0x2c) {
        i = skipWhitespace(body, i + 1);
        continue;
      }
      if (body[i] === 0x7d) {
        i++;
        break;
      }
      return notObject;
    }
  }
  if (skipWhitespace(body, i) !== body.length) return notObject;
  return member ? { ok: true, member } : { ok: true };
}

const encoder = new TextEncoder();

/** The body with a member's value replaced by the JSON string `value` (nothing else re-encoded). */
export function replaceMember(body: Uint8Array, member: Member, value: string): Uint8Array {
  const text = encoder.encode(JSON.stringify(value));
  const out = new Uint8Array(body.length - (member.end - member.start) + text.length);
  out.set(body.subarray(0, member.start), 0);
  out.set(text, member.start);
  out.set(body.subarray(member.end), member.start + text.length);
  return out;
}
