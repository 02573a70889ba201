/**
 * Where a usage ledger is read from: a local copy of the bucket (`aws s3 sync s3://<bucket>
 * ./copy`, read through DirectoryStore) or the bucket itself (s3://BUCKET/PREFIX, with the
 * caller's own AWS credentials). Hour files are listed under the given prefix; the exporter's
 * state (checkpoint, hour truths) and quarantine are read at the bucket root, which for a local
 * copy is the named directory or one up to three levels above it (a copy named at its ledger/
 * folder). Shared by `ledger summarize` and `smoke --ledger`.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { checkpointKey, parseCheckpoint } from "../runtime/usage-export/checkpoint";
import { quarantinePrefix } from "../runtime/usage-export/ledger-store";
import { readTexts, S3ObjectStore, type ObjectStore } from "../runtime/usage-export/object-store";
import { CliError } from "./args";
import type { EnvironmentState } from "./chargeback";
import { DirectoryStore } from "./directory-store";

/** Where the ledger is: the store, the prefix its hour files are under, and the bucket roots its state may be at. */
export interface Source {
  store: ObjectStore;
  prefix: string;
  /** Stores rooted where `state/` and `quarantine/` would be, nearest first. */
  roots: Array<{ store: ObjectStore; show: (key: string) => string }>;
  show: (key: string) => string;
}

function s3Source(s3: S3Client, url: string): Source {
  const [, bucket = "", prefix = ""] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url) ?? [];
  const store = new S3ObjectStore(s3, bucket);
  const show = (key: string) => `s3://${bucket}/${key}`;
  return { store, prefix, roots: [{ store, show }], show };
}

/** A local copy: the named directory, and up to three directories above it (a copy of ledger/environment=E/ inside a bucket copy). */
function localSource(dir: string): Source {
  const roots: Source["roots"] = [];
  for (let d = resolve(dir), i = 0; i < 4; d = dirname(d), i++) {
    const store = new DirectoryStore(d);
    roots.push({ store, show: (key) => join(d, ...key.split("/")) });
    if (dirname(d) === d) break;
  }
  return { store: new DirectoryStore(dir), prefix: "", roots, show: (key) => join(dir, ...key.split("/")) };
}

/** An environment's checkpoint and quarantined entries for the month, from the first root that has its checkpoint. */
export async function environmentState(source: Source, environment: string, month: string): Promise<EnvironmentState> {
  const key = checkpointKey(environment);
  for (const root of source.roots) {
    const read = await root.store.get(key);
    if (!read) continue;
    const quarantineKeys = (await root.store.list(`${quarantinePrefix(environment)}date=${month}-`)).map((o) => o.key);
    const quarantined = (await readTexts(root.store, quarantineKeys)).reduce((n, [, text]) => n + text.split("\n").filter((l) => l.trim()).length, 0);
    return { checkpoint: parseCheckpoint(read.text, root.show(key)), checkpointKey: root.show(key), quarantined };
  }
  return { checkpointKey: source.roots[0]?.show(key) ?? key, quarantined: 0 };
}

/** The S3 client of the caller's default credential chain. */
export const defaultS3 = () => new S3Client({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1", followRegionRedirects: true });

/** A ledger location as the user named it; throws CliError naming what is wrong with it. */
export function openLedger(location: string, s3: () => S3Client): Source {
  if (location.startsWith("s3://")) {
    if (!/^s3:\/\/[^/]+/.test(location)) throw new CliError(`${location} names no bucket`, "give it as s3://BUCKET/PREFIX");
    return s3Source(s3(), location);
  }
  if (!existsSync(location)) throw new CliError(`no ledger directory ${location}`, "copy the bucket first (aws s3 sync s3://<ledger bucket> ./ledger-copy) and name that directory, or give an s3:// URL");
  if (!statSync(location).isDirectory()) throw new CliError(`${location} is a file, not a ledger directory`, "name the directory that holds the ledger's hour files, or an s3:// URL");
  return localSource(location);
}
