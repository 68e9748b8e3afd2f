/**
 * Stand-in for `node:stream/web` in function bundles (infra/bundling.ts aliases it here).
 *
 * @middy/core imports `ReadableStream` from `node:stream/web` at load, for one `instanceof` test on the body
 * of a streamed response. No function streams, yet the import loads Node's whole web-streams implementation
 * (about 5 ms of every cold start). This answers the same `instanceof` test, and touches the real class (a
 * lazy global in Node) only when a streamed response asks it.
 */
export const ReadableStream = {
  [Symbol.hasInstance]: (value: unknown): boolean => value instanceof globalThis.ReadableStream,
};
