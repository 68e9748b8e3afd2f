// CloudFormation allows 500 resources and 200 parameters per template. This file proves the route table can grow
// to ~100 operations: it measures what one route costs, projects it, and then synthesizes 100 routes outright.
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#http/routes.ts';
import { handlerFile } from '#http/route-types.ts';
import { repoPath } from '../../infra/paths.ts';
import { fixtureHandler, statements, synthesize, syntheticRoutes, type Synthesized } from './support.ts';

const LIMIT = 500;
const TARGET_ROUTES = 100;
const AREAS = 5;
const entryFor = (operationId: string) =>
  operationId.startsWith('synthetic') ? fixtureHandler : repoPath(handlerFile(operationId));
const count = (t: { Resources: object }) => Object.keys(t.Resources).length;

let now: Synthesized;
let grown: Synthesized;
let hundred: Synthesized;
const extra = 10;

beforeAll(() => {
  now = synthesize();
  // the same table plus `extra` operations in one existing area, reusing an existing grant set
  const added = syntheticRoutes(extra, routes).map((r) => ({
    ...r,
    area: 'directory' as const,
    grants: routes.find((x) => x.operationId === 'updateUser')!.grants,
  }));
  grown = synthesize({ routes: [...routes, ...added], entryFor });
  hundred = synthesize({ routes: syntheticRoutes(TARGET_ROUTES, routes), jobs: [], queueWorkers: [], entryFor });
});

const perArea = (s: Synthesized) => new Map(s.areas.map((a) => [a.area, count(a.json)]));

describe('resource budget', () => {
  it('every stack of the current app is far below 500 resources', () => {
    expect(count(now.rootJson)).toBeLessThan(LIMIT);
    for (const a of now.areas) expect(count(a.json), a.area).toBeLessThan(LIMIT);
    console.info(
      `resources: root ${count(now.rootJson)}, ${[...perArea(now)].map(([a, n]) => `${a} ${n}`).join(', ')} (${routes.length} routes)`,
    );
  });

  it('a route costs a fixed, small number of resources in its area stack and none in the root stack', () => {
    const before = perArea(now).get('directory')!;
    const after = perArea(grown).get('directory')!;
    const perRoute = (after - before) / extra;
    expect(Number.isInteger(perRoute)).toBe(true);
    expect(count(grown.rootJson) - count(now.rootJson)).toBe(0);

    // what an area stack holds besides its routes
    const areaRoutes = routes.filter((r) => r.area === 'directory').length;
    const fixed = before - perRoute * areaRoutes;
    const rootFixed = count(now.rootJson);
    // ~100 routes over 5 areas, plus a role for every possible grant set (2^5) in the root
    const projectedArea = (perRoute * TARGET_ROUTES) / AREAS + fixed;
    const projectedRoot = rootFixed + 2 ** 5;
    const capacityPerArea = Math.floor((LIMIT - 1 - fixed) / perRoute);
    console.info(
      `per route: ${perRoute} resources in its area stack, 0 in root; area fixed ${fixed}; projected area ${projectedArea}, root <= ${projectedRoot}; one area holds up to ${capacityPerArea} routes`,
    );

    expect(perRoute).toBeLessThanOrEqual(5);
    expect(projectedArea).toBeLessThan(LIMIT);
    expect(projectedRoot).toBeLessThan(LIMIT);
    // uneven areas are fine too: one area could take almost the whole table
    expect(capacityPerArea).toBeGreaterThanOrEqual(TARGET_ROUTES * 0.9);
  });

  it('100 routes synthesize with every template inside the CloudFormation limits', () => {
    // and the two functions of events out (the fan-out and the delivery worker), always there
    expect(hundred.areas.reduce((n, a) => n + a.nested.functions.size, 0)).toBe(TARGET_ROUTES + 2);
    for (const t of [hundred.rootJson, ...hundred.areas.map((a) => a.json)]) {
      expect(count(t)).toBeLessThan(LIMIT);
      expect(Object.keys(t.Parameters ?? {}).length).toBeLessThan(200);
      expect(Object.keys(t.Outputs ?? {}).length).toBeLessThan(200);
      expect(JSON.stringify(t).length).toBeLessThan(1_000_000);
    }
    // shared roles do not grow with routes: the inline policy stays far from IAM's 10,240-character limit
    for (const role of Object.values(hundred.root.findResources('AWS::IAM::Role'))) {
      expect(JSON.stringify(statements(role)).length).toBeLessThan(5_000);
    }
    console.info(
      `100 routes: root ${count(hundred.rootJson)}, ${[...perArea(hundred)].map(([a, n]) => `${a} ${n}`).join(', ')}`,
    );
  });
});
