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
 * would be. The accessors are shared by every resource (one per property name, the resource's
 * state kept aside), so resources of one type keep sharing one shape. What the program registers
 * is unchanged: the capture compares equal with the one the language host's own entry makes
 * (test/components/language-host.e2e.test.ts).
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

/** A resource's properties not yet read: the answers given so far, and how to settle the Outputs already made. */
interface Pending {
  answers: Map<string, Answer>;
  settlers: Map<string, Resolver>;
}
const pending = new WeakMap<object, Pending>();

const plain = (onto: object, key: string, value: unknown) => Object.defineProperty(onto, key, { value, writable: true, enumerable: true, configurable: true });

/** The Output of `key` on `onto`, made now, settled with its answer if it has one. */
function make(onto: object, key: string): pulumi.Output<unknown> {
  const state = pending.get(onto) as Pending;
  const settlers: Array<[(v: unknown) => void, (e: unknown) => void]> = [];
  const promise = <T>() => new Promise<T>((resolve, reject) => void settlers.push([resolve as (v: unknown) => void, reject]));
  const output = new Output(onto, promise(), promise<boolean>(), promise<boolean>(), promise<pulumi.Resource[]>());
  const settle: Resolver = (value, isKnown, isSecret, deps = [], err) => {
    if (err) for (const [, reject] of settlers) reject(err);
    else [value, isKnown, isSecret, deps].forEach((v, i) => (settlers[i] as [(v: unknown) => void, unknown])[0](v));
  };
  plain(onto, key, output);
  const answer = state.answers.get(key);
  if (answer) {
    state.answers.delete(key);
    settle(...answer);
  } else state.settlers.set(key, settle);
  return output;
}

/** One accessor per property name, shared by every resource. */
const accessors = new Map<string, PropertyDescriptor>();
function accessor(key: string): PropertyDescriptor {
  let descriptor = accessors.get(key);
  if (!descriptor) {
    descriptor = {
      get(this: object) {
        return make(this, key);
      },
      set(this: object, value: unknown) {
        plain(this, key, value);
      },
      enumerable: true,
      configurable: true,
    };
    accessors.set(key, descriptor);
  }
  return descriptor;
}

/** rpc.transferProperties, each Output made when first read. */
export function lazyTransferProperties(onto: object, label: string, props: Record<string, unknown>): Record<string, Resolver> {
  const state: Pending = { answers: new Map(), settlers: new Map() };
  pending.set(onto, state);
  const resolvers: Record<string, Resolver> = {};
  for (const key of Object.keys(props)) {
    if (key === "id" || key === "urn") continue;
    if (Object.prototype.hasOwnProperty.call(onto, key)) throw new Error(`Property '${key}' is already initialized on target '${label}`);
    Object.defineProperty(onto, key, accessor(key));
    resolvers[key] = (...given) => {
      // As the SDK: a lost engine connection leaves the property unresolved.
      if (given[4] && isGrpcError(given[4])) return;
      const settle = state.settlers.get(key);
      if (settle) return settle(...given);
      if (state.answers.has(key)) return; // settled once, as a promise is
      state.answers.set(key, given);
      if (given[4]) make(onto, key);
    };
  }
  return resolvers;
}
