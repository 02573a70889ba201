/** Every source `switchyard import` reads, by the name on the command line. */
import type { Importer } from "./importer";
import { importLitellm } from "./litellm";

export const IMPORTERS: Readonly<Record<string, Importer>> = { litellm: importLitellm };
