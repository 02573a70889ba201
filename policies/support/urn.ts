/**
 * A URN's type segment carries the types of every ancestor:
 * `urn:pulumi:<stack>::<project>::<parentType>$<parentType>$<type>::<name>`. Resource policies
 * only get their own URN, so this is how they learn what they sit under.
 */
export function ancestorTypes(urn: string): string[] {
  const parts = urn.split("::");
  if (parts.length < 4) return [];
  const chain = parts[2].split("$");
  return chain.slice(0, -1);
}

export function isUnder(urn: string, type: string): boolean {
  return ancestorTypes(urn).includes(type);
}
