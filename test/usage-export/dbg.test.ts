import fc from "fast-check";
import { it } from "vitest";
import { history } from "./support/history";
it("stats", () => {
  const hs = fc.sample(history, 2000);
  const disrupted = (h: any) => h.runs.some((r: any) => r.kind !== "clean" && r.kind !== "api");
  const c = (f: (h: any) => boolean) => hs.filter(f).length;
  console.log({
    n: hs.length,
    disrupted: c(disrupted),
    apiFaults: c(h => h.runs.some((r: any) => r.kind === "api")),
    clean: c(h => h.runs.every((r: any) => r.kind === "clean")),
    lateNoVery: c(h => h.entries.some((e: any) => e.delay === "late") && !h.entries.some((e: any) => e.delay === "very-late")),
    lateNoVeryUndisrupted: c(h => h.entries.some((e: any) => e.delay === "late") && !h.entries.some((e: any) => e.delay === "very-late") && !disrupted(h)),
    emptyEntries: c(h => h.entries.length === 0),
    avgEntries: hs.reduce((a, h) => a + h.entries.length, 0) / hs.length,
    concurrent: c(h => h.runs.some((r: any) => r.kind === "concurrent")),
    crossesMonth: c(h => h.beforeMonthEnd < 300),
  });
});
