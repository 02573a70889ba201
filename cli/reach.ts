/**
 * fetch, with a failure to connect told as the URL and its cause. Node's fetch (undici) rejects
 * with `TypeError: fetch failed` and keeps the reason in `cause` (`connect ECONNREFUSED
 * 127.0.0.1:8787`, `getaddrinfo ENOTFOUND …`), so its own message names neither.
 */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly why: string,
  ) {
    super(`cannot reach ${url}: ${why}`);
    this.name = "UnreachableError";
  }
}

/** Why a fetch failed, from its cause chain: the innermost message (with its code when it has one). */
export function fetchFailure(err: unknown): string {
  let e = err as { message?: string; code?: string; cause?: unknown } | undefined;
  while (e?.cause && typeof e.cause === "object") e = e.cause as typeof e;
  const message = e?.message || String(err);
  return e?.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

export async function reach(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw new UnreachableError(url, fetchFailure(err));
  }
}
