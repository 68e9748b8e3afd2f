/**
 * The vocabulary of the entity layer (entities/*.ts): keys, index attributes, item helpers and named access
 * patterns. Types and pure functions only, so that a handler bundles just the entities its stores touch.
 */
import { tableDefinition } from '#config/table.ts';

export type Item = Record<string, unknown>;
export type Key = { PK: string; SK: string };
/** The base table or one of the four overloaded, sparse GSIs. */
export type Index = 'table' | 'GSI1' | 'GSI2' | 'GSI3' | 'GSI4';

/** The key attributes of each index: an item is in a GSI when it carries that GSI's two attributes. */
export const KEY_ATTRIBUTES = {
  table: { pk: 'PK', sk: 'SK' },
  GSI1: { pk: 'GSI1PK', sk: 'GSI1SK' },
  GSI2: { pk: 'GSI2PK', sk: 'GSI2SK' },
  GSI3: { pk: 'GSI3PK', sk: 'GSI3SK' },
  GSI4: { pk: 'GSI4PK', sk: 'GSI4SK' },
} as const;

export const TTL = tableDefinition.ttlAttribute;
export const epoch = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** The domain fields of an item (missing ones as null), without keys, index attributes or the entity name. */
export function strip<T>(item: Item, fields: readonly (keyof T)[]): T {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f as string] = item[f as string] ?? null;
  return out as T;
}

/** An entity as the data-model document lists it; `key` is called with placeholders, so the text is the code's. */
export interface EntityShape {
  name: string;
  key: () => Key;
  /** Index keys, TTL, notable attributes. */
  notes?: () => string;
}

/** A named access pattern: what it does, the call it makes, the index and key condition, and what a call costs. */
export interface AccessPattern {
  name: string;
  summary: string;
  /** The DynamoDB call(s): Query, GetItem, BatchGetItem, TransactWriteItems of what. */
  operation: string;
  index: Index;
  /** The key condition (Query) or the keys read or written (other calls). */
  keyCondition: string | (() => string);
  roundTrips: string;
  cost: string;
}

/** How a Query pattern's sort key narrows the partition (for the document; the caller passes the values). */
export type SortKeyCondition = 'none' | 'begins_with' | 'between' | 'at most';

/**
 * A Query pattern: its index, the partition key built from the pattern's key values, how the sort key narrows, and
 * its order. `queryPage` and `queryInput` take one of these; item builders place items with `indexEntry`. What it
 * costs is said beside it in the entity module's pattern list (so that handlers do not bundle the document's text).
 */
export interface QueryPattern<K extends unknown[]> {
  name: string;
  index: Index;
  partition: (...key: K) => string;
  /** Placeholders for the document, e.g. ['<a>']. */
  placeholders: K;
  sortKey: SortKeyCondition;
  /** What the sort key condition's value is (for the document). */
  sortKeyValue?: string;
  newestFirst?: boolean;
  consistent?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of patterns holds patterns of any key shape
export type AnyQueryPattern = QueryPattern<any>;
/** A Query pattern as the data-model document lists it: what it is for and what a call costs. */
export interface QueryPatternDoc {
  query: AnyQueryPattern;
  summary: string;
  roundTrips: string;
  cost: string;
}
/** What an entity module lists for the data-model document: its Query patterns and its other access patterns. */
export type Pattern = AccessPattern | QueryPatternDoc;

/** The key condition of a Query pattern, as the document shows it. */
export function keyConditionOf<K extends unknown[]>(p: QueryPattern<K>): string {
  const { pk, sk } = KEY_ATTRIBUTES[p.index];
  const base = `${pk} = ${p.partition(...p.placeholders)}`;
  const value = p.sortKeyValue ?? '…';
  switch (p.sortKey) {
    case 'begins_with':
      return `${base} AND begins_with(${sk}, ${value})`;
    case 'between':
      return `${base} AND ${sk} BETWEEN ${value}`;
    case 'at most':
      return `${base} AND ${sk} <= ${value}`;
    default:
      return base;
  }
}

/** The index attributes an item carries to be found by `pattern`: the pattern's partition and this sort key. */
export function indexEntry<K extends unknown[]>(pattern: QueryPattern<K>, key: NoInfer<K>, sortKey: string): Item {
  const { pk, sk } = KEY_ATTRIBUTES[pattern.index];
  return { [pk]: pattern.partition(...key), [sk]: sortKey };
}

/** The name of the sort-key attribute a pattern's index uses (for an update that moves an item within it). */
export const sortKeyAttribute = <K extends unknown[]>(pattern: QueryPattern<K>): string =>
  KEY_ATTRIBUTES[pattern.index].sk;

/** An item's place in a GSI, as the document's entity table shows it: index, partition / sort key, a note. */
export const indexNote = <K extends unknown[]>(pattern: QueryPattern<K>, sortKey: string, note = ''): string =>
  `${pattern.index} \`${pattern.partition(...pattern.placeholders)}\` / \`${sortKey}\`${note ? ` ${note}` : ''}`;

/** A key as the document shows it. */
export const show = (k: Key): string => `${k.PK} / ${k.SK}`;
