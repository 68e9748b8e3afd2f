/** The port contract suite against the DynamoDB adapters on the local stack's table (DynamoDB Local). */
import { describe } from 'vitest';
import { stack } from '../../support/http.ts';
import { dynamoPorts } from '../../contract/dynamo-ports.ts';
import { defineStoreContracts } from '../../contract/index.ts';

const ports = await dynamoPorts(stack());

describe('store contract: DynamoDB', () => {
  defineStoreContracts(() => ports);
});
