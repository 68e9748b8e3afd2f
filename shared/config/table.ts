/** The single table's physical shape, read by the CDK stack and by the local provisioner. Keys and access patterns: shared/adapters/dynamodb/entities/. */
export const tableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** TTL attribute (epoch seconds). Readers still treat an item past it as gone: TTL deletion can lag two days. */
  ttlAttribute: 'expiresAt',
  /**
   * Overloaded, sparse GSIs (ALL projection). CloudFormation adds one GSI per update, so they exist from day one.
   * GSI1 users by username · GSI2 users by status and username · GSI3 and GSI4 shared by invitations, the org tree and users (by unit path, by type).
   */
  indexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
    { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.indexes)[number]['name'];
