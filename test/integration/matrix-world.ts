/** Kept for test files not yet moved to the builders: import from test/builders/matrix.ts. */
export * from '../builders/matrix.ts';
export { expectStatus, type Target } from '../builders/api.ts';
export { findNode, unitTreeIds } from '../builders/units.ts';
