/**
 * Canary proportions through the Worker (workerd), read from the cohort in the metadata the
 * local stand-in for AI Gateway receives. Bounds are binomial 5 sigma on 2,000 requests: a
 * correct front door leaves them about once in 1.7 million runs; a wrong percentage (or a
 * cohort that ignores it) lands far outside.
 */
import { describe, expect, it } from "vitest";
import { entry } from "../../stand-ins/front-door-workerd";
import { frontDoorForFile } from "./front-door-for-file";

const KEY = "sy_test_canary_key";
const OTHER_KEY = "sy_test_canary_other_key";
const N = 2000;
const running = frontDoorForFile({
  routes: { chat: { canaryPercent: 10 }, halves: { canaryPercent: 50 }, off: { canaryPercent: 0 }, all: { canaryPercent: 100 } },
  keys: {
    [KEY]: entry({ routes: ["chat", "halves", "off", "all"] }),
    [OTHER_KEY]: entry({ keyName: "other", routes: ["chat"] }),
  },
});

async function cohorts(route: string, count: number, sticky?: (i: number) => string, key = KEY): Promise<string[]> {
  const out: string[] = new Array<string>(count);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const i = next++;
      const headers: Record<string, string> = { authorization: `Bearer ${key}`, "content-type": "application/json" };
      if (sticky) headers["x-switchyard-sticky"] = sticky(i);
      const res = await fetch(`${running.door.url}/v1/chat/completions`, { method: "POST", headers, body: JSON.stringify({ model: `dynamic/${route}`, messages: [], user: String(i) }) });
      if (res.status !== 200) throw new Error(`request ${i} answered ${res.status}`);
      await res.arrayBuffer();
    }
  }
  const before = running.upstream.received.length;
  await Promise.all(Array.from({ length: 16 }, worker));
  for (const got of running.upstream.received.slice(before)) {
    const i = Number(JSON.parse(got.body).user);
    out[i] = JSON.parse(String(got.headers["cf-aig-metadata"])).cohort as string;
  }
  return out;
}

function fiveSigma(n: number, percent: number): [number, number] {
  const p = percent / 100;
  const mean = n * p;
  const sigma = Math.sqrt(n * p * (1 - p));
  return [Math.floor(mean - 5 * sigma), Math.ceil(mean + 5 * sigma)];
}
const canaries = (list: string[]) => list.filter((c) => c === "canary").length;

describe("canary cohorts (Worker in workerd; cohort read at a local stand-in for AI Gateway)", () => {
  it("per request: 10 % canary within 5 sigma on 2,000 requests", async () => {
    const list = await cohorts("chat", N);
    expect(list.every((c) => c === "canary" || c === "primary")).toBe(true);
    const [lo, hi] = fiveSigma(N, 10);
    expect(canaries(list)).toBeGreaterThanOrEqual(lo);
    expect(canaries(list)).toBeLessThanOrEqual(hi);
  });

  it("per request: 50 % within 5 sigma; 0 % and 100 % exact", async () => {
    const [lo, hi] = fiveSigma(N, 50);
    const halves = canaries(await cohorts("halves", N));
    expect(halves).toBeGreaterThanOrEqual(lo);
    expect(halves).toBeLessThanOrEqual(hi);
    expect(canaries(await cohorts("off", 200))).toBe(0);
    expect(canaries(await cohorts("all", 200))).toBe(200);
  });

  it("sticky: the same caller always lands in the same cohort; callers split 10 % within 5 sigma", async () => {
    const callers = await cohorts("chat", N, (i) => `user-${i}`);
    const [lo, hi] = fiveSigma(N, 10);
    expect(canaries(callers)).toBeGreaterThanOrEqual(lo);
    expect(canaries(callers)).toBeLessThanOrEqual(hi);
    const canaryCaller = callers.indexOf("canary");
    const primaryCaller = callers.indexOf("primary");
    expect(new Set(await cohorts("chat", 25, () => `user-${canaryCaller}`))).toEqual(new Set(["canary"]));
    expect(new Set(await cohorts("chat", 25, () => `user-${primaryCaller}`))).toEqual(new Set(["primary"]));
  });

  it("sticky cohorts depend on the key too (same sticky values, another key, a different split)", async () => {
    const mine = await cohorts("chat", 400, (i) => `user-${i}`);
    const theirs = await cohorts("chat", 400, (i) => `user-${i}`, OTHER_KEY);
    expect(mine).not.toEqual(theirs);
  });
});
