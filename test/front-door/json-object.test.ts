/**
 * The front door's top-level JSON reader against the reference, JSON.parse: on generated JSON,
 * on generated near-JSON (valid texts with one byte changed) and on hand-picked edge cases, it
 * accepts exactly what JSON.parse accepts as an object and reads the same `model`; duplicate
 * top-level keys (by any spelling a parser might merge) are refused.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readTopLevel, replaceMember } from "../../runtime/front-door/json-object";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What JSON.parse says: an object (and its model when a string), or not. */
function reference(text: string): { object: boolean; model?: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return { object: false };
    const model = (value as Record<string, unknown>).model;
    return typeof model === "string" ? { object: true, model } : { object: true };
  } catch {
    return { object: false };
  }
}

/** The reader's verdict in the same terms; a refused duplicate is an object JSON.parse reads with the last key winning. */
function verdict(text: string): { object: boolean; model?: string } {
  const top = readTopLevel(bytes(text), "model");
  if (!top.ok) return top.reason === "duplicate_key" ? reference(text) : { object: false };
  return top.member?.value !== undefined ? { object: true, model: top.member.value } : { object: true };
}

const hasDuplicateKey = (text: string): boolean => {
  const top = readTopLevel(bytes(text), "model");
  return !top.ok && top.reason === "duplicate_key";
};

describe("readTopLevel", () => {
  it("agrees with JSON.parse on generated JSON (objects with and without a model, any value)", () => {
    const withModel = fc.record({ model: fc.oneof(fc.string(), fc.jsonValue()) }).chain((m) => fc.dictionary(fc.string(), fc.jsonValue()).map((rest) => ({ ...rest, ...m })));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), withModel), fc.constantFrom(undefined, 2, "\t"), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(verdict(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with JSON.parse on near-JSON: a valid body with one byte inserted, removed or replaced", () => {
    const structural = [..."{}[]:,\"\\ \n0123456789-+.eEtrufalsn/u"].map((c) => c.charCodeAt(0));
    fc.assert(
      fc.property(
        fc.record({ model: fc.string(), messages: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
        fc.nat(),
        fc.constantFrom("insert", "remove", "replace"),
        fc.constantFrom(...structural, 0x00, 0x1f, 0x7f, 0xc3, 0xff),
        (value, at, how, byte) => {
          const text = bytes(JSON.stringify(value));
          const i = at % text.length;
          const mutated = [...text];
          if (how === "insert") mutated.splice(i, 0, byte);
          else if (how === "remove") mutated.splice(i, 1);
          else mutated[i] = byte;
          const asText = new TextDecoder().decode(new Uint8Array(mutated));
          // Bytes that are not UTF-8 decode differently per parser: only compare where they do not occur.
          fc.pre(!asText.includes("\ufffd"));
          expect(verdict(asText)).toEqual(reference(asText));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["{}", true],
    [" \n{ } \t", true],
    ['{"model":"gpt-4.1-mini"}', true],
    ['{"model":"a","messages":[{"role":"user","content":"}\\"]["}]}', true],
    ['{"n":-0.5e+10,"m":[true,false,null,{}],"s":"\\u00e9\\n"}', true],
    ["[]", false],
    ['"model"', false],
    ["", false],
    ['{"model":"a",}', false],
    ["{'model':'a'}", false],
    ['{"model":"a"} {}', false],
    ['{"model":"a" /* x */}', false],
    ['{"a":01}', false],
    ['{"a":1.}', false],
    ['{"a":[1,]}', false],
    ['{"a":"\\x41"}', false],
    ['{"a":"tab\there"}', false],
    ['{"a":NaN}', false],
    ['\ufeff{"a":1}', false],
    ['{"a":' + "[".repeat(50_000) + "]".repeat(50_000) + "}", true],
  ])("%j is an object: %s (as JSON.parse says)", (text, object) => {
    expect(reference(text).object).toBe(object);
    expect(verdict(text).object).toBe(object);
  });

  it("refuses duplicate top-level keys, however a parser might spell them the same", () => {
    expect(readTopLevel(bytes('{"model":"gpt-4.1-mini","messages":[],"model":"gpt-5"}'), "model")).toEqual({ ok: false, reason: "duplicate_key", key: "model" });
    expect(hasDuplicateKey('{"model":"a","mod\\u0065l":"b"}')).toBe(true);
    expect(hasDuplicateKey('{"model":"a","MODEL":"b"}')).toBe(true);
    expect(hasDuplicateKey('{"model":"a","x":{"model":"b","model":"c"}}')).toBe(false); // nested keys are not the scope's
    expect(readTopLevel(bytes('{"model\\u0000":"a"}'), "model")).toEqual({ ok: false, reason: "not_an_object" });
    expect(readTopLevel(bytes('{"mo\xffdel":"a"}'.replace("\xff", "")), "model").ok).toBe(true);
    expect(readTopLevel(new Uint8Array([...bytes('{"mo'), 0xff, ...bytes('del":"a"}')]), "model")).toEqual({ ok: false, reason: "not_an_object" });
  });

  it("reports where the member is, and replaces only its bytes", () => {
    const text = '{ "seed": 12345678901234567890, "model" : "openai/gpt-4.1-mini", "n": 1.0 }';
    const top = readTopLevel(bytes(text), "model");
    expect(top).toEqual({ ok: true, member: { value: "openai/gpt-4.1-mini", start: 42, end: 63 } });
    if (!top.ok || !top.member) return;
    expect(new TextDecoder().decode(replaceMember(bytes(text), top.member, 'gpt-"4"'))).toBe('{ "seed": 12345678901234567890, "model" : "gpt-\\"4\\"", "n": 1.0 }');
    expect(readTopLevel(bytes('{"model":42}'), "model")).toEqual({ ok: true, member: { value: undefined, start: 9, end: 11 } });
  });
});
