/**
 * Evaluates the exporter's alarms (runtime/usage-export/contract.ts, the same specs the UsageLedger
 * component creates) over the metric data a simulated history published, the way CloudWatch does
 * for a metric alarm: datapoints grouped into periods aligned to the period length, the alarm's
 * statistic per period, a period without data counted as breaching or not per treatMissingData,
 * and ALARM when `datapointsToAlarm` of the last `evaluationPeriods` periods breach
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation).
 * Periods from the one holding `from` to the one holding `to` are evaluated: an alarm replaced at
 * `to` (a schedule change redeploys it) still judges the data it saw.
 */
import type { ExporterAlarm } from "../../../runtime/usage-export/contract";
import type { RecordedDatum } from "../../../stand-ins/cloudwatch";

export interface AlarmEvent {
  alarm: string;
  /** End of the period whose evaluation went to ALARM. */
  at: string;
}

export function evaluateAlarms(alarms: readonly ExporterAlarm[], data: readonly RecordedDatum[], environment: string, from: number, to: number): AlarmEvent[] {
  const events: AlarmEvent[] = [];
  for (const alarm of alarms) {
    const periodMs = alarm.period * 1000;
    const points = data.filter((d) => d.name === alarm.metricName && Object.keys(d.dimensions).length === 1 && d.dimensions.Environment === environment);
    const byPeriod = new Map<number, number[]>();
    for (const p of points) {
      const start = Math.floor(Date.parse(p.timestamp) / periodMs) * periodMs;
      byPeriod.set(start, [...(byPeriod.get(start) ?? []), p.value]);
    }
    const breaching = (start: number): boolean => {
      const values = byPeriod.get(start);
      if (!values) return alarm.treatMissingData === "breaching";
      const value = alarm.statistic === "Sum" ? values.reduce((a, b) => a + b, 0) : Math.max(...values);
      return alarm.comparisonOperator === "GreaterThanThreshold" ? value > alarm.threshold : value < alarm.threshold;
    };
    let state = "OK";
    const first = Math.floor(from / periodMs) * periodMs;
    for (let start = first; start < to; start += periodMs) {
      const window = Array.from({ length: alarm.evaluationPeriods }, (_, i) => start - i * periodMs).filter((s) => s >= first);
      if (window.length < alarm.evaluationPeriods) continue;
      const alarming = window.filter(breaching).length >= alarm.datapointsToAlarm;
      if (alarming && state !== "ALARM") events.push({ alarm: alarm.id, at: new Date(start + periodMs).toISOString() });
      state = alarming ? "ALARM" : "OK";
    }
  }
  return events;
}
