/** prod, production, prod-eu, production-us: environments held to production rules (protection, one account of their own). */
export function isProduction(environment: string): boolean {
  return /^prod(uction)?(-|$)/.test(environment);
}
