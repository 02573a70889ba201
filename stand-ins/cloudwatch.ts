/**
 * CloudWatch metrics, recorded datum by datum, reached two ways: behind a real CloudWatchClient
 * stubbed at the transport (PutMetricData arrives as the SDK serialises it: AWS JSON 1.0,
 * gzip-compressed when large), and as the exporter's MetricsSink directly (the simulation).
 */
import { CloudWatchClient, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import { NAMESPACE } from "../runtime/usage-export/contract";
import type { MetricsSink } from "../runtime/usage-export/metrics";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";

export interface RecordedDatum {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  timestamp: string;
  value: number;
  unit?: string;
}

export class CloudWatchStandIn {
  readonly data: RecordedDatum[] = [];
  calls = 0;
  /** 1-based call numbers to answer with an error (to interrupt a run part-way). */
  readonly failOnCalls = new Set<number>();

  /** Called before each publish; throw to make it fail. */
  before?: () => void | Promise<void>;

  sink(): MetricsSink {
    return {
      publish: async (data: MetricDatum[]) => {
        this.calls++;
        await this.before?.();
        if (this.failOnCalls.has(this.calls)) throw new Error("stand-in failure");
        for (const d of data) {
          this.data.push({
            namespace: NAMESPACE,
            name: d.MetricName!,
            dimensions: Object.fromEntries((d.Dimensions ?? []).map((x) => [x.Name!, x.Value!])),
            timestamp: d.Timestamp!.toISOString(),
            value: d.Value!,
            unit: d.Unit,
          });
        }
      },
    };
  }

  client(): CloudWatchClient {
    return new CloudWatchClient({
      region: "us-east-1",
      endpoint: "http://monitoring.stand-in.local",
      credentials: { accessKeyId: "AKIDSTANDIN", secretAccessKey: "stand-in" },
      requestHandler: { handle: (request: { headers: Record<string, string>; body?: unknown }) => this.handle(request) } as never,
    });
  }

  private async handle(request: { headers: Record<string, string>; body?: unknown }) {
    this.calls++;
    try {
      await this.before?.();
    } catch (err) {
      return respond(400, { __type: "InvalidParameterValue", message: String((err as Error).message) });
    }
    const target = request.headers["x-amz-target"] ?? request.headers["X-Amz-Target"];
    if (this.failOnCalls.has(this.calls)) {
      return respond(400, { __type: "InvalidParameterValue", message: "stand-in failure" });
    }
    if (!target?.endsWith("PutMetricData")) return respond(400, { __type: "UnknownOperation", message: String(target) });
    let bytes = typeof request.body === "string" ? Buffer.from(request.body) : Buffer.from(request.body as Uint8Array);
    if ((request.headers["content-encoding"] ?? "").includes("gzip")) bytes = gunzipSync(bytes);
    const input = JSON.parse(bytes.toString()) as { Namespace: string; MetricData: { MetricName: string; Dimensions?: { Name: string; Value: string }[]; Timestamp: number | string; Value: number; Unit?: string }[] };
    for (const d of input.MetricData) {
      const ts = typeof d.Timestamp === "number" ? new Date(d.Timestamp * 1000) : new Date(d.Timestamp);
      this.data.push({
        namespace: input.Namespace,
        name: d.MetricName,
        dimensions: Object.fromEntries((d.Dimensions ?? []).map((x) => [x.Name, x.Value])),
        timestamp: ts.toISOString(),
        value: d.Value,
        unit: d.Unit,
      });
    }
    return respond(200, {});
  }

  /** Values of one metric whose dimensions are exactly `dimensions`. */
  values(name: string, dimensions: Record<string, string>): number[] {
    return this.find(name, dimensions).map((d) => d.value);
  }

  find(name: string, dimensions: Record<string, string>): RecordedDatum[] {
    const want = JSON.stringify(Object.entries(dimensions).sort());
    return this.data.filter((d) => d.name === name && JSON.stringify(Object.entries(d.dimensions).sort()) === want);
  }
}

function respond(statusCode: number, body: object) {
  const text = JSON.stringify(body);
  return { response: { statusCode, headers: { "content-type": "application/x-amz-json-1.0", "content-length": String(Buffer.byteLength(text)) }, body: Readable.from([Buffer.from(text)]) } };
}
