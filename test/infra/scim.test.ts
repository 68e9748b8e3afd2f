// The SCIM area: its own nested stack with every SCIM route (the greedy ANY fallback included), room for the Users
// and Groups operations, and each route checked by the function itself (no API Gateway authorizer).
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#http/routes.ts';
import { synthesize, type Synthesized } from './support.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

const LIMIT = 500;
/** Discovery (5) and the fallback, and six operations each of Users and Groups. */
const SCIM_OPERATIONS = 18;
const scimRoutes = routes.filter((r) => r.area === 'scim');

describe('the SCIM area', () => {
  it('is a nested stack of its own holding exactly the SCIM routes, all declared scim', () => {
    const area = s.areas.find((a) => a.area === 'scim');
    expect(area, 'a ScimRoutes nested stack').toBeDefined();
    expect(scimRoutes.length).toBeGreaterThanOrEqual(6);
    for (const r of scimRoutes) expect(r.scim, r.operationId).toBe(true);
    expect(routes.filter((r) => r.scim && r.area !== 'scim')).toEqual([]);
    const keys = Object.values(area!.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(keys.sort()).toEqual(scimRoutes.map((r) => `${r.method} ${r.path}`).sort());
    expect(keys).toContain('ANY /scim/v2/accounts/{accountId}/{proxy+}');
    expect([...area!.nested.functions.keys()].sort()).toEqual(scimRoutes.map((r) => r.operationId).sort());
  });

  it('has room for every SCIM operation far below 500 resources', () => {
    const area = s.areas.find((a) => a.area === 'scim')!;
    const count = Object.keys(area.json.Resources).length;
    // five resources a route (function, log group, integration, route, permission): nothing else in the stack
    expect(count).toBe(scimRoutes.length * 5);
    const projected = count + (SCIM_OPERATIONS - scimRoutes.length) * 5;
    console.info(`scim area: ${count} resources for ${scimRoutes.length} routes; ${projected} for ${SCIM_OPERATIONS}`);
    expect(projected).toBeLessThan(LIMIT / 4);
  });

  it('checks its callers in the functions: no authorizer, the acknowledgement says why', () => {
    const area = s.areas.find((a) => a.area === 'scim')!;
    for (const route of Object.values(area.template.findResources('AWS::ApiGatewayV2::Route'))) {
      expect(route.Properties.AuthorizationType).toBe('NONE');
      expect(route.Properties.AuthorizerId).toBeUndefined();
    }
    for (const r of scimRoutes) {
      const { function: fn } = s.operation(r);
      expect(fn.Properties!.Description, r.operationId).toContain(r.path);
    }
  });
});
