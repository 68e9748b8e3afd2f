/** The port contract suite against the in-memory fakes (the same suite runs against DynamoDB Local in integration). */
import { describe } from 'vitest';
import { defineStoreContracts } from '../contract/index.ts';
import { memoryPorts } from '../contract/memory-ports.ts';

describe('store contract: in-memory fakes', () => {
  defineStoreContracts(memoryPorts);
});
