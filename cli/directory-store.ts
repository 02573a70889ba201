/**
 * A local copy of the ledger bucket (`aws s3 sync s3://<bucket> ./copy`) read through the same
 * ObjectStore interface as S3 (runtime/usage-export/object-store.ts), so `ledger summarize` reads a
 * copy and the bucket with one code path. Keys are paths under the root with `/` separators.
 * Read-only: summarizing never writes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { ListedObject, ObjectHead, ObjectStore, StoredObject } from "../runtime/usage-export/object-store";

export class DirectoryStore implements ObjectStore {
  constructor(readonly root: string) {}

  private path(key: string): string {
    return join(this.root, ...key.split("/"));
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    const path = this.path(key);
    if (!existsSync(path) || !statSync(path).isFile()) return undefined;
    const stat = statSync(path);
    return { etag: `${stat.size}-${stat.mtimeMs}`, meta: {} };
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const head = await this.head(key);
    return head && { ...head, text: readFileSync(this.path(key), "utf8") };
  }

  put(): Promise<string | undefined> {
    throw new Error("a local ledger copy is read-only here");
  }

  async list(prefix: string): Promise<ListedObject[]> {
    const out: ListedObject[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        const stat = statSync(full);
        if (stat.isDirectory()) walk(full);
        else {
          const key = relative(this.root, full).split(sep).join("/");
          if (key.startsWith(prefix)) out.push({ key, etag: `${stat.size}-${stat.mtimeMs}` });
        }
      }
    };
    if (existsSync(this.root)) walk(this.root);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
