/** A route as wide as the stack-file schema allows: longest names, a canary, 8 fallbacks (the maximum), a rollback. */
import type { RouteEntry, TargetEntry } from "../../plan/report-model";

const name63 = (prefix: string) => `${prefix}-${"x".repeat(62 - prefix.length)}`;
const target = (i: number): TargetEntry => ({ model: `openrouter/${"vendor".repeat(6)}/model-name-without-breaks-${i}${"q".repeat(40)}`, key: name63(`key${i}`) });

export function widestRoute(): RouteEntry {
  return {
    name: "r".repeat(63),
    primary: target(0),
    canary: { ...target(1), percent: 10 },
    fallbacks: Array.from({ length: 8 }, (_, i) => target(i + 2)),
    rollback: target(10),
    active: "primary",
    timeoutMs: 30000,
    retries: 1,
    usedBy: [],
    settings: {},
    location: { file: "stacks/x.yaml", line: 1, col: 1, path: "routes.x" },
  };
}
