/**
 * Permission groups resolve by exact name only (issue 11 item 7): the front door's Run token and
 * the usage exporter's Read token both take their group from permissionGroupIdOutput, which looks
 * the group up by name under the mock engine here and refuses any answer without an exact match.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";

const answers: Record<string, { id: string; name: string }[]> = {
  "AI Gateway Read": [
    { id: "pg-write", name: "AI Gateway Write" },
    { id: "pg-read", name: "AI Gateway Read" },
  ],
  // A loose match: Cloudflare answered the name filter with other groups only.
  "AI Gateway Run": [{ id: "pg-read", name: "AI Gateway Read" }],
};
const asked: unknown[] = [];

pulumi.runtime.setMocks(
  {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
    call(args) {
      asked.push(args.inputs);
      return { results: answers[decodeURIComponent(String(args.inputs.name))] ?? [] };
    },
  },
  "switchyard",
  "dev",
  false,
);

/** The Output's value; its other internal promises (known, secret) are awaited too so a failure is not left unhandled. */
function settle<T>(output: pulumi.Output<T>): Promise<T> {
  const internal = output as unknown as { promise(): Promise<T>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
  void Promise.allSettled([internal.isKnown, internal.isSecret]);
  return internal.promise();
}

describe("permissionGroupIdOutput", () => {
  it("looks the group up by its URL-encoded name in the account and takes the exact match", async () => {
    const { permissionGroupIdOutput } = await import("../../components/permission-groups");
    expect(await settle(permissionGroupIdOutput("0123456789abcdef0123456789abcdef", "AI Gateway Read", {}))).toBe("pg-read");
    expect(asked).toContainEqual({ accountId: "0123456789abcdef0123456789abcdef", name: "AI%20Gateway%20Read" });
  });

  it("refuses an answer that has no group of exactly that name, instead of taking the first", async () => {
    const { permissionGroupIdOutput } = await import("../../components/permission-groups");
    await expect(settle(permissionGroupIdOutput("0123456789abcdef0123456789abcdef", "AI Gateway Run", {}))).rejects.toThrow('expected exactly one Cloudflare permission group named "AI Gateway Run", found 0');
  });

  it("is what both tokens use", async () => {
    const { permissionGroupId } = await import("../../components/permission-groups");
    const frontDoor = await import("../../components/front-door");
    expect(frontDoor.permissionGroupId).toBe(permissionGroupId);
    expect(() => permissionGroupId([{ id: "a", name: "AI Gateway Read" }, { id: "b", name: "AI Gateway Read" }], "AI Gateway Read")).toThrow("found 2");
  });
});
