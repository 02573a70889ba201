/** Imported with import() by cli/plan.ts to learn whether TypeScript modules load through Node's ESM loader. */
export const loadsTypeScript = true;
