/**
 * The set-up most front-door test files share: the local stand-in for AI Gateway, and the bundled
 * Worker in workerd in front of it, started before the file's tests and closed after them.
 */
import { afterAll, beforeAll } from "vitest";
import { startFrontDoor, type FrontDoorOptions, type FrontDoorUnderTest } from "../../stand-ins/front-door-workerd";
import { startStandIn, type StandIn } from "../../stand-ins/ai-gateway";

export interface RunningFrontDoor {
  readonly upstream: StandIn;
  readonly door: FrontDoorUnderTest;
}

/** Registers the file's beforeAll and afterAll; the fields are there once the first test runs. */
export function frontDoorForFile(options: Omit<FrontDoorOptions, "upstream">): RunningFrontDoor {
  let upstream: StandIn | undefined;
  let door: FrontDoorUnderTest | undefined;
  beforeAll(async () => {
    upstream = await startStandIn();
    door = await startFrontDoor({ ...options, upstream: upstream.url });
  });
  afterAll(async () => {
    await door?.close();
    await upstream?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the front door is not started: use it inside a test");
    return value;
  };
  return {
    get upstream() {
      return started(upstream);
    },
    get door() {
      return started(door);
    },
  };
}
