/**
 * A lighter rpc.transferProperties (@pulumi/pulumi 3.276, runtime/rpc.js) for the time a capture
 * runs. The SDK gives a custom resource an Output for every property its type declares, before
 * the engine answers: a MetricAlarm gets 30, each made of four promises, a proxy and a lifted chain
 * of eight more, and a program reads a few of them. Allocating and collecting them was the largest
 * share of a capture beyond registering the resources.
 *
 * Here a property is an accessor that makes the very Output the SDK would (same constructor, same
 * four promises, settled as its resolver settles them) the first time it is read: before the answer
 * it waits for it, after it resolves at once; an error makes it at once, so that its rejections
 * surface as they do with the SDK's (the capture fails a run on them). A property never read has
 * nothing to resolve and no one to tell. Assigning to a property makes it a plain value, as it
 * would be. What the program registers is unchanged: the capture compares equal with the one
 * the language host's own entry makes (test/components/language-host.e2e.test.ts).
 */
import type * as pulumi from "@pulumi/pulumi";

type Resolver = (value: unknown, isKnown: boolean, isSecret: boolean, deps?: pulumi.Resource[], err?: Error) => void;
type Answer = Parameters<Resolver>;

// Internal modules of @pulumi/pulumi 3.276 (pinned): the Output constructor the SDK uses, and its test for a lost connection.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Output } = require("@pulumi/pulumi/output") as {
  Output: new (resources: unknown, promise: Promise<unknown>, isKnown: Promise<boolean>, isSecret: Promise<boolean>, allResources: Promise<pulumi.Resource[]>) => pulumi.Output<unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isGrpcError } = require("@pulumi/pulumi/errors") as { isGrpcError(err: unknown): boolean };

const plain = (onto: object, key: string, value: unknown) => Object.defineProperty(onto, key, { value, writable: true, enumerable: true, configurable: true });

/** An Output waiting for its answer, and how to give it (as rpc.js's resolver does). */
function pendingOutput(onto: object): { output: pulumi.Output<unknown>; settle: Resolver } {
  const settlers: Array<[(v: unknown) => void, (e: unknown) => void]> = [];
  const promise = <T>() => new Promise<T>((resolve, reject) => void settlers.push([resolve as (v: unknown) => void, reject]));
  const output = new Output(onto, promise(), promise<boolean>(), promise<boolean>(), promise<pulumi.Resource[]>());
  const settle: Resolver = (value, isKnown, isSecret, deps = [], err) => {
    if (err) for (const [, reject] of settlers) reject(err);
    else [value, isKnown, isSecret, deps].forEach((v, i) => (settlers[i] as [(v: unknown) => void, unknown])[0](v));
  };
  return { output, settle };
}

/** rpc.transferProperties, each Output made when first read. */
export function lazyTransferProperties(onto: object, label: string, props: Record<string, unknown>): Record<string, Resolver> {
  const resolvers: Record<string, Resolver> = {};
  for (const key of Object.keys(props)) {
    if (key === "id" || key === "urn") continue;
    if (Object.prototype.hasOwnProperty.call(onto, key)) throw new Error(`Property '${key}' is already initialized on target '${label}`);
    let settle: Resolver | undefined;
    let answer: Answer | undefined;
    const make = () => {
      const pending = pendingOutput(onto);
      settle = pending.settle;
      plain(onto, key, pending.output);
      if (answer) settle(...answer);
      return pending.output;
    };
    Object.defineProperty(onto, key, { get: make, set: (value: unknown) => plain(onto, key, value), enumerable: true, configurable: true });
    resolvers[key] = (...given) => {
      const err = given[4];
      // As the SDK: a lost engine connection leaves the property unresolved.
      if (err && isGrpcError(err)) return;
      if (settle) return settle(...given);
      if (answer) return; // settled once, as a promise is
      answer = given;
      if (err) make();
    };
  }
  return resolvers;
}
