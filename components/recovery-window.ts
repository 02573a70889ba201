/**
 * The recovery window of every secret the components create: the longest AWS allows for a
 * protected stack (a deleted production secret stays recoverable for a month), the shortest
 * otherwise (a dev stack can be rebuilt under the same names a week later).
 */
import { SECRET_RECOVERY_WINDOW_DAYS } from "../vendor/aws";

export function recoveryWindowDays(protect: boolean): number {
  return protect ? SECRET_RECOVERY_WINDOW_DAYS.max : SECRET_RECOVERY_WINDOW_DAYS.min;
}
