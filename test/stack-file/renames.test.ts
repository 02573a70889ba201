/**
 * `renamedFrom` on workloads, routes and provider keys: a former label is taken by one entry only
 * and names no current entry, each defect positioned at the list item.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDefect, parseStackFile } from "../../stacks/load";
import { formerLabels } from "../../stacks/renames";

const PROD = readFileSync(join(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
/** prod.yaml with `renamedFrom: <list>` as the first field of the entry `  <label>:`. */
const renamed = (text: string, label: string, list: string) => {
  expect(text.split(`\n  ${label}:\n`)).toHaveLength(2);
  return text.replace(`\n  ${label}:\n`, `\n  ${label}:\n    renamedFrom: ${list}\n`);
};
const defects = (text: string) => {
  const result = parseStackFile(text, "prod.yaml");
  return result.ok ? [] : result.defects.map(formatDefect);
};
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("renamedFrom", () => {
  it("is accepted on a workload, a route and a provider key, and read back", () => {
    let text = renamed(PROD, "checkout-assistant", "[checkout-bot]");
    text = renamed(text, "chat", "[chat-v1, talk]");
    text = renamed(text, "openai-main", "[openai]");
    const result = parseStackFile(text, "prod.yaml");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.workloads["checkout-assistant"].renamedFrom).toEqual(["checkout-bot"]);
    expect([...formerLabels(result.spec.routes)]).toEqual([["chat-v1", "chat"], ["talk", "chat"]]);
    expect(result.spec.providerKeys["openai-main"].renamedFrom).toEqual(["openai"]);
  });

  it("a former label that is still an entry is refused", () => {
    const text = renamed(PROD, "checkout-assistant", "[ops-copilot]");
    expect(defects(text)).toEqual([
      `prod.yaml:${lineOf(text, "renamedFrom: [ops-copilot]")}:19: workloads.checkout-assistant.renamedFrom[0]: "ops-copilot" is still an entry of workloads: a label is either current or former. Remove that entry, or this line`,
    ]);
  });

  it("two entries claiming one former label, or an entry its own label, are refused", () => {
    let text = renamed(PROD, "chat", "[talk]");
    text = renamed(text, "summarize", "[summarize, talk]");
    const line = lineOf(text, "renamedFrom: [summarize, talk]");
    expect(defects(text)).toEqual([
      `prod.yaml:${line}:19: routes.summarize.renamedFrom[0]: "summarize" is this entry's own label; list only the labels it had before`,
      `prod.yaml:${line}:30: routes.summarize.renamedFrom[1]: "talk" is already a former label of routes.chat: one entry inherits a label's resources`,
    ]);
  });

  it("an empty list or a malformed label is a shape defect", () => {
    const empty = renamed(PROD, "search-indexer", "[]");
    expect(defects(empty)).toEqual([
      `prod.yaml:${lineOf(empty, "renamedFrom: []")}:18: workloads.search-indexer.renamedFrom: expected at least one former label; leave the field out when the entry was never renamed`,
    ]);
    expect(defects(renamed(PROD, "search-indexer", "[Search_Indexer]"))).toEqual([expect.stringMatching(/^prod\.yaml:\d+:19: workloads\.search-indexer\.renamedFrom\[0\]: expected a name of a-z/)]);
  });
});
