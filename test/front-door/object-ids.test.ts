/**
 * The marks on batch object ids (runtime/front-door/object-ids.ts), checked as the Worker checks
 * them, in Node's WebCrypto (the same `crypto.subtle` API workerd implements).
 */
import { describe, expect, it } from "vitest";
import { MARK_HEX, markedId, ownedId } from "../../runtime/front-door/object-ids";

const A = { secret: "front-door-secret", workload: "checkout-assistant" };
const B = { secret: "front-door-secret", workload: "ledger-bot" };

describe("batch object id marks", () => {
  it("an id marked for a workload is its own and no other's; the mark depends on the secret", async () => {
    const marked = await markedId(A, "batch_abc123");
    expect(marked).toMatch(new RegExp(`^batch_abc123\\.[0-9a-f]{${MARK_HEX}}$`));
    expect(await ownedId(A, marked)).toBe("batch_abc123");
    expect(await ownedId(B, marked)).toBeUndefined();
    expect(await markedId({ ...A, secret: "rotated" }, "batch_abc123")).not.toBe(marked);
  });

  it("refuses a bare id, a changed id under the same mark, a changed mark, and ids with dots of their own unless marked", async () => {
    const marked = await markedId(A, "file-abc");
    expect(await ownedId(A, "file-abc")).toBeUndefined();
    expect(await ownedId(A, marked.replace("file-abc", "file-abd"))).toBeUndefined();
    expect(await ownedId(A, `${marked.slice(0, -1)}${marked.endsWith("0") ? "1" : "0"}`)).toBeUndefined();
    expect(await ownedId(A, `.${"0".repeat(MARK_HEX)}`)).toBeUndefined();
    const dotted = await markedId(A, "file.with.dots");
    expect(await ownedId(A, dotted)).toBe("file.with.dots");
  });
});
