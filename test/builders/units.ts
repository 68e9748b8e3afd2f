/** Builders for the organisation-tree integration tests (units, moves, settings), made through the public API. */
import { call } from '../support/http.ts';
import { expectStatus, type Manager } from './api.ts';

export type Unit = {
  id: string;
  name: string;
  parentId: string | null;
  path: string;
  depth: number;
  childCount: number;
  version: number;
};
export type UnitNode = Unit & { children: UnitNode[] };

export const unitsPath = (a: { accountId: string }) => `/v1/accounts/${a.accountId}/units`;

export async function createUnit(a: Manager, name: string, parentId: string): Promise<Unit> {
  const r = await call('POST', unitsPath(a), { token: a.token, body: { name, parentId } });
  expectStatus(r, 201);
  return r.body as Unit;
}

/** `names` as a chain below `parentId`, each under the previous one. */
export async function chain(a: Manager, parentId: string, names: string[]): Promise<Unit[]> {
  const out: Unit[] = [];
  for (const name of names) out.push(await createUnit(a, name, out.at(-1)?.id ?? parentId));
  return out;
}

export const findNode = (nodes: UnitNode[], id: string): UnitNode | undefined =>
  nodes.map((n) => (n.id === id ? n : findNode(n.children, id))).find(Boolean);

export const unitTreeIds = (items: UnitNode[]): string[] => items.flatMap((n) => [n.id, ...unitTreeIds(n.children)]);
