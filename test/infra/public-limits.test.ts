// The public routes that do work for anyone: reserved concurrency for their functions and a stage throttle of their own,
// so that an unauthenticated flood on one of them cannot take every other route's capacity.
import type { CfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#http/routes.ts';
import { build, synthesize, type Synthesized } from './support.ts';

const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const floodLimited = routes.filter((r) => r.floodLimited);
const others = routes.filter((r) => !r.floodLimited);

const stageOf = (s: Synthesized) => {
  const stages = Object.values(s.root.findResources('AWS::ApiGatewayV2::Stage'));
  expect(stages).toHaveLength(1);
  return stages[0];
};

let byDefault: Synthesized;
let off: Synthesized;
beforeAll(() => {
  byDefault = synthesize();
  off = synthesize({ context: { publicRouteConcurrency: 'off' } });
});

describe('limits on the public routes', () => {
  it('marks every public route that does more than read the table, and no route that is not public', () => {
    const needed = routes.filter((r) => r.auth.kind === 'public' && r.grants.some((g) => g !== 'table:read'));
    const missing = needed.filter((r) => !r.floodLimited).map((r) => r.operationId);
    expect(missing, 'public routes with grants beyond table:read need floodLimited: true').toEqual([]);
    expect(floodLimited.filter((r) => r.auth.kind !== 'public').map((r) => r.operationId)).toEqual([]);
    // the routes that sign in, mail, reset, accept and set a PIN, over JSON and as hosted pages
    expect(floodLimited.map((r) => r.operationId)).toEqual(
      expect.arrayContaining([
        'signIn',
        'completeMfaSignIn',
        'completeNewPassword',
        'refreshTokens',
        'forgotPassword',
        'resetPassword',
        'acceptInvitation',
        'setVoicemailPin',
        'submitSignInPage',
        'submitForgotPasswordPage',
        'submitAcceptInvitationPage',
        'submitResetPasswordPage',
        'submitVoicemailPinPage',
      ]),
    );
    // positive control: member and operator routes stay unlimited beyond the stage default
    expect(others.map((r) => r.operationId)).toEqual(expect.arrayContaining(['getUser', 'createAccount']));
  });

  it("reserves 10 concurrent executions by default for each public route's function, and none for any other", () => {
    expect(floodLimited.length).toBeGreaterThanOrEqual(13);
    for (const route of floodLimited)
      expect(byDefault.operation(route).function.Properties!.ReservedConcurrentExecutions, route.operationId).toBe(10);
    for (const route of others)
      expect(
        byDefault.operation(route).function.Properties!.ReservedConcurrentExecutions,
        route.operationId,
      ).toBeUndefined();
  });

  it('throttles each public route key on the stage (20/s, burst 40 by default) beside the stage-wide default', () => {
    const stage = stageOf(byDefault);
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    const settings = stage.Properties.RouteSettings as Record<string, unknown>;
    expect(Object.keys(settings).sort()).toEqual(floodLimited.map(routeKey).sort());
    for (const key of Object.keys(settings))
      expect(settings[key], key).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    expect(settings['POST /v1/auth/token']).toBeDefined();
    expect(settings['GET /v1/accounts/{accountId}/users/{userId}']).toBeUndefined();
  });

  it('creates the stage after the nested stacks that create the throttled routes (API Gateway refuses settings of a missing route)', () => {
    const stage = stageOf(byDefault);
    const areas = new Set(floodLimited.map((r) => r.area));
    expect([...areas].sort()).toEqual(['directory', 'lifecycle', 'pages', 'platform']);
    for (const area of areas) {
      const nested = byDefault.areas.find((a) => a.area === area)!.nested;
      const id = byDefault.stack.getLogicalId(nested.nestedStackResource as CfnResource);
      expect(stage.DependsOn, area).toContain(id);
    }
  });

  it('takes the values from context (-c gives strings)', () => {
    const s = synthesize({
      context: { publicRouteConcurrency: '5', publicRouteRateLimit: '7', publicRouteBurstLimit: '9' },
    });
    const signIn = routes.find((r) => r.operationId === 'signIn')!;
    expect(s.operation(signIn).function.Properties!.ReservedConcurrentExecutions).toBe(5);
    expect(stageOf(s).Properties.RouteSettings[routeKey(signIn)]).toEqual({
      ThrottlingRateLimit: 7,
      ThrottlingBurstLimit: 9,
    });
  });

  it('publicRouteConcurrency "off" (or 0) removes every reservation and keeps the route throttles', () => {
    for (const route of routes)
      expect(off.operation(route).function.Properties!.ReservedConcurrentExecutions, route.operationId).toBeUndefined();
    expect(Object.keys(stageOf(off).Properties.RouteSettings).sort()).toEqual(floodLimited.map(routeKey).sort());
    const zero = build({ context: { publicRouteConcurrency: 0 } });
    expect(zero.settings.publicRoutes.concurrency).toBeUndefined();
  });

  it.each([
    [{ publicRouteConcurrency: -1 }, /"publicRouteConcurrency" must be an integer from 1 to 100.*or 0 or "off"/],
    [{ publicRouteConcurrency: 2.5 }, /"publicRouteConcurrency" must be an integer/],
    [{ publicRouteConcurrency: 'ten' }, /"publicRouteConcurrency" must be an integer.*got "ten"/],
    [{ publicRouteConcurrency: 'on' }, /"publicRouteConcurrency" must be an integer/],
    [{ publicRouteConcurrency: 101 }, /"publicRouteConcurrency" must be an integer from 1 to 100/],
    [{ publicRouteRateLimit: 0 }, /"publicRouteRateLimit" must be an integer/],
    [{ publicRouteBurstLimit: 'lots' }, /"publicRouteBurstLimit" must be an integer/],
  ])('refuses %o at synth with the setting named', (context, message) => {
    expect(() => build({ context })).toThrow(message);
  });

  it('refuses to reserve more than a default account can (1000, less the 100 Lambda keeps unreserved)', () => {
    const most = Math.floor(900 / floodLimited.length);
    expect(() => build({ context: { publicRouteConcurrency: most } })).not.toThrow();
    expect(() => build({ context: { publicRouteConcurrency: most + 1 } })).toThrow(
      new RegExp(`"publicRouteConcurrency" reserves ${(most + 1) * floodLimited.length} .*choose at most ${most}`),
    );
  });
});
