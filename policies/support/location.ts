/**
 * Where in the stack file a violation points, as data. CrossGuard's reportViolation carries only
 * a message and a URN (what `pulumi preview` shows), so a policy that knows the field to fix
 * reports through reportAt: the message and URN go to the analyzer as usual, and the path goes to
 * whoever listens in this process (the offline engine, engine/analyze.ts). Under the Pulumi CLI
 * nobody listens and the path is simply not sent; the message names the field in words.
 */
import type { ReportViolation } from "@pulumi/policy";

/** A stack-file field path: `["workloads", "app", "keys", 0, "allowedIps"]`. */
export type FieldPath = ReadonlyArray<string | number>;

export interface LocatedReport {
  message: string;
  urn?: string;
  path: FieldPath;
}

let listener: ((report: LocatedReport) => void) | undefined;

/** Reports a violation, telling a listening engine which stack-file field it is about. */
export function reportAt(report: ReportViolation, path: FieldPath, message: string, urn?: string): void {
  listener?.({ message, ...(urn !== undefined ? { urn } : {}), path });
  report(message, urn);
}

/** Runs `analyze` and returns what it returned with every located report made meanwhile. */
export async function listenForLocations<T>(analyze: () => Promise<T>): Promise<{ result: T; located: LocatedReport[] }> {
  if (listener) throw new Error("listenForLocations: already listening (analyses must not overlap)");
  const located: LocatedReport[] = [];
  listener = (r) => located.push(r);
  try {
    return { result: await analyze(), located };
  } finally {
    listener = undefined;
  }
}
