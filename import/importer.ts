/**
 * What every importer of another gateway's config returns (`switchyard import <source>`): the
 * stack-file entries it could map and every setting it could not, with why. LiteLLM's proxy config
 * is the first source (litellm.ts); Portkey's config is meant to follow as another Importer
 * registered in importers.ts, with no change to finishing, validating or reporting (finish.ts,
 * cli/import-report.ts).
 */
/** A setting of the source config with no stack-file equivalent. */
export interface Unmapped {
  /** Where it is in the source config, e.g. `model_list[2].litellm_params.rpm`. */
  at: string;
  /** Its line in the source config, when known. */
  line?: number;
  /** Why it has no equivalent, and what to do instead. */
  why: string;
}

export interface ImportOptions {
  environment: string;
  today: string;
  /** The config's name as reports show it. */
  file: string;
}

export interface Imported {
  source: string;
  /** Stack-file sections to fill into a skeleton: providerKeys, routes, workloads, gateway settings. */
  entries: {
    providerKeys: Record<string, unknown>;
    routes: Record<string, unknown>;
    workloads: Record<string, unknown>;
    /** Fields of `gateway` (cacheTtlSeconds, rateLimit...). */
    gateway: Record<string, unknown>;
  };
  unmapped: Unmapped[];
  /** What the clients of the old gateway change to call the new one. */
  clientChanges: string[];
}

export type Importer = (text: string, options: ImportOptions) => Imported;
