/** Kept for test files not yet moved to the builders: import from test/builders/units.ts. */
export * from '../builders/units.ts';
