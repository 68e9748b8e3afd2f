/** Kept for test files not yet moved to the builders: import from test/builders/api.ts. */
export * from '../builders/api.ts';
