import { reportAt } from "../support/location";
import type { SwitchyardStackPolicy } from "../support/policy";
import { TYPES } from "../support/types";
import { hasLedger } from "../support/usage-record";

/**
 * The usage ledger's alarms (exports stopped or behind, logs deleted before they were read, windows
 * not verified) go to usageLedger.alerts, else to the first channel under alerts; a stack with no
 * channel at all sends them to a topic of their own that nobody subscribes to
 * (components/alerts.ts, `alerts-unrouted-topic`), so they change state in silence.
 * switchyard-alarms-actionable sees only the alarm, which has an action either way.
 */
export const ledgerAlarmsRouted: SwitchyardStackPolicy = {
  name: "switchyard-ledger-alarms-routed",
  description: "Wherever the usage ledger is on, the stack declares at least one alert channel, so the ledger's alarms reach someone.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Add a channel under alerts in the stack file (an email address or a webhook); the ledger's alarms go to the first one, or to the channels listed in usageLedger.alerts. Or set usageLedger.enabled: false.",
  unknownValues: "Reads whether a UsageLedger exists and the channel labels the Alerts component registers (the keys of its topicArns, known in every preview; the ARNs are not read).",
  validateStack: (args, report) => {
    if (!hasLedger(args.resources)) return;
    for (const alerts of args.resources.filter((r) => r.type === TYPES.Alerts)) {
      const topics = (alerts.props as { topicArns?: unknown }).topicArns;
      if (typeof topics !== "object" || topics === null || Object.keys(topics).length > 0) continue;
      reportAt(
        report,
        ["alerts"],
        "The usage ledger is on, but the stack file declares no alert channel, so the ledger's alarms (exports stopped or behind, logs deleted before they were read, windows not verified) notify a topic nobody subscribes to. Add a channel under alerts, e.g. alerts: { oncall: { email: ... } }.",
        alerts.urn,
      );
    }
  },
};
