/** New identifiers (ULIDs in production, counters in tests). */
export interface IdGenerator {
  next(): string;
}
