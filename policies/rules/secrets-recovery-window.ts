import type { PolicyConfigSchema } from "@pulumi/policy";
import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { days } from "../support/today";
import { TYPES } from "../support/types";
import { SECRET_RECOVERY_WINDOW_DAYS } from "../../vendor/aws";
import { recoveryWindowDays } from "../../components/contract";
import { reportAt } from "../support/location";
import { NOT_FROM_A_STACK_FILE, stackFileEntry } from "../support/stack-file-origin";

const { min: MIN, max: MAX } = SECRET_RECOVERY_WINDOW_DAYS;

const configSchema: PolicyConfigSchema = {
  properties: { minRecoveryWindowDays: { type: "integer", minimum: MIN, maximum: MAX, default: MIN, description: "Least recovery window of a deleted secret." } },
};

/** A secret deleted with no recovery window is gone at once, with every workload that reads it. */
export const secretsRecoveryWindow: SwitchyardResourcePolicy = {
  name: "switchyard-secrets-recovery-window",
  description: `Every Secrets Manager secret keeps a recovery window of at least minRecoveryWindowDays (${MIN}) days after deletion (unset means AWS's ${MAX}).`,
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: `The components give their secrets ${recoveryWindowDays(true)} days when gateway.protect is true, ${recoveryWindowDays(false)} otherwise: set gateway.protect: true in the stack file, or lower minRecoveryWindowDays for the environment. Elsewhere, set recoveryWindowInDays between ${MIN} and ${MAX} (or leave it unset for ${MAX}); for short-lived test stacks use namePrefix instead of a 0-day window.`,
  unknownValues: "recoveryWindowInDays is a literal in the program; were it unknown, the engine would report that the policy can't run during preview.",
  validateResource: validateTypes<{ recoveryWindowInDays?: number; tags?: unknown }>(TYPES.Secret, (s, args, report) => {
    const { minRecoveryWindowDays } = readSettings<{ minRecoveryWindowDays: number }>(configSchema, args);
    const window = s.recoveryWindowInDays;
    if (window === undefined || window === null || window >= minRecoveryWindowDays) return;
    const problem = `Secret "${args.name}" has a recovery window of ${days(window)}${window === 0 ? " (deleted immediately, no recovery)" : ""}; at least ${days(minRecoveryWindowDays)} is required.`;
    // The components' window follows gateway.protect (components/contract.ts recoveryWindowDays): the one field a stack file has for it.
    if (window === recoveryWindowDays(false) && stackFileEntry({ parent: args.opts.parent, tags: s.tags })) {
      reportAt(report, ["gateway", "protect"], `${problem} Switchyard gives its secrets ${days(recoveryWindowDays(true))} when gateway.protect is true and ${days(window)} otherwise: set gateway.protect: true in the stack file, or lower this policy's minRecoveryWindowDays for the environment.`);
    } else {
      report(`${problem} Set recoveryWindowInDays to ${minRecoveryWindowDays}-${MAX}. ${NOT_FROM_A_STACK_FILE}`);
    }
  }),
};
