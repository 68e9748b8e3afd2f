import { beforeAll, describe, expect, it } from 'vitest';
import { settingNames, eventSettingNames } from '#config/env.ts';
import { eventFanOut, webhookDelivery } from '#config/events.ts';
import { jobs, queueWorkers } from '#config/jobs.ts';
import { routes } from '#http/routes.ts';
import { synthesize, type Synthesized } from './support.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

/** Functions that are no route: scheduled jobs, queue workers, the events-out fan-out and delivery worker. */
const nonRoutes = [...jobs, ...queueWorkers, eventFanOut, webhookDelivery];

const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('routes from the route table', () => {
  it('creates exactly one HTTP route per table entry, all in nested stacks', () => {
    expect(s.root.findResources('AWS::ApiGatewayV2::Route')).toEqual({});
    const keys = s.areas.flatMap((a) =>
      Object.values(a.template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey),
    );
    expect(keys.sort()).toEqual(routes.map(routeKey).sort());
  });

  it('creates one function per route, job, queue worker and stream consumer, in the nested stack of its area', () => {
    expect(s.root.findResources('AWS::Lambda::Function')).toEqual({});
    const total = s.areas.reduce(
      (n, a) => n + Object.keys(a.template.findResources('AWS::Lambda::Function')).length,
      0,
    );
    expect(total).toBe(routes.length + nonRoutes.length);
    for (const route of routes) {
      const { area } = s.operation(route);
      expect(area.area).toBe(route.area);
    }
  });

  it.each(routes.map((r) => [r.operationId, r] as const))('%s: its route integrates its own function', (_, route) => {
    const { area, functionId } = s.operation(route);
    const [httpRoute] = Object.values(
      area.template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey(route) } }),
    );
    const integrationId = httpRoute.Properties.Target['Fn::Join'][1][1].Ref;
    const integration = area.json.Resources[integrationId];
    expect(integration.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
  });

  it('gives GET …/users/export a route of its own beside GET …/users/{userId}, each on its own function', () => {
    // an HTTP API matches the most specific route first (a literal segment before a {param}), as the local gateway does
    const byId = new Map(routes.map((r) => [r.operationId, r]));
    const [exportRoute, getRoute] = [byId.get('exportUsers')!, byId.get('getUser')!];
    expect(exportRoute.path).toBe('/v1/accounts/{accountId}/users/export');
    expect(getRoute.path).toBe('/v1/accounts/{accountId}/users/{userId}');
    const integrated = (route: typeof exportRoute) => {
      const { area, functionId } = s.operation(route);
      const [httpRoute] = Object.values(
        area.template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey(route) } }),
      );
      const integration = area.json.Resources[httpRoute.Properties.Target['Fn::Join'][1][1].Ref];
      return { functionId, target: integration.Properties!.IntegrationUri['Fn::GetAtt'][0] as string };
    };
    const [ofExport, ofGet] = [integrated(exportRoute), integrated(getRoute)];
    expect(ofExport.target).toBe(ofExport.functionId);
    expect(ofGet.target).toBe(ofGet.functionId);
    expect(ofExport.functionId).not.toBe(ofGet.functionId);
  });

  it('puts no API Gateway authorizer on any route: the functions authenticate (tokens and API keys, 401 as problem+json)', () => {
    expect(Object.keys(s.root.findResources('AWS::ApiGatewayV2::Authorizer'))).toEqual([]);
    for (const route of routes) {
      const { area } = s.operation(route);
      const [httpRoute] = Object.values(
        area.template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey(route) } }),
      );
      expect(httpRoute.Properties.AuthorizationType, route.operationId).toBe('NONE');
      expect(httpRoute.Properties.AuthorizerId, route.operationId).toBeUndefined();
    }
    for (const area of s.areas)
      expect(Object.keys(area.template.findResources('AWS::ApiGatewayV2::Authorizer')), area.area).toEqual([]);
    // member routes are in the table, so the member kind really was checked
    expect(routes.some((r) => r.auth.kind === 'member')).toBe(true);
  });
});

describe('functions', () => {
  const common = [
    settingNames.tableName,
    settingNames.userPoolId,
    settingNames.userPoolClientId,
    settingNames.tokenIssuer,
    settingNames.mailFrom,
    settingNames.appUrl,
    settingNames.invitationTtlSeconds,
  ];
  let apiId: string;
  beforeAll(() => {
    [apiId] = Object.keys(s.root.findResources('AWS::ApiGatewayV2::Api'));
  });

  it.each(routes.map((r) => [r.operationId, r] as const))(
    '%s: nodejs22.x on arm64, ESM bundle, JSON logs, settings',
    (_, route) => {
      const { area, function: fn } = s.operation(route);
      const p = fn.Properties!;
      expect(p).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        // Powertools writes JSON itself; Lambda's JSON format would filter out the sampled debug lines
        LoggingConfig: { LogFormat: 'Text' },
      });
      expect(p.MemorySize).toBeGreaterThanOrEqual(256);
      expect(p.MemorySize).toBeLessThanOrEqual(512);
      expect(p.Timeout).toBeLessThanOrEqual(15);

      const env = p.Environment.Variables as Record<string, unknown>;
      expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
      for (const name of common) expect(env[name], `${route.operationId} ${name}`).toBeDefined();
      // cdk.json sets no appUrl: mailed links open the hosted pages on this API
      expect(s.settings.appUrl).toBeUndefined();
      expect(s.fromRoot(route.area, env[settingNames.appUrl] as { Ref: string })).toEqual({
        'Fn::GetAtt': [apiId, 'ApiEndpoint'],
      });
      // the deployment brand ships beside the bundle (a data URL logo would not fit the environment's 4 KB)
      expect(area.nested.functions.get(route.operationId)!.brand).toEqual(s.settings.brand);
      expect(env[settingNames.brand]).toBeUndefined();
      expect(env[settingNames.mailFrom]).toBe(s.settings.mailFrom);
      expect(env[settingNames.invitationTtlSeconds]).toBe(String(s.settings.invitationTtlSeconds));
      expect(JSON.stringify(env[settingNames.tokenIssuer])).toContain('https://cognito-idp.');
      // secrets reach only the functions whose grants need them
      expect(env[settingNames.operatorKeySecretArn] !== undefined).toBe(route.grants.includes('secret:operator-key'));
      expect(env[settingNames.sealingSecretArn] !== undefined).toBe(route.grants.includes('secret:sealing-key'));
      expect(env[eventSettingNames.webhookKeySecretArn] !== undefined).toBe(
        route.grants.includes('secret:webhook-key'),
      );
      // queue URLs and the bus name follow their grants (test/infra/events-out.test.ts has the positive cells)
      expect(env[settingNames.importQueueUrl] !== undefined).toBe(route.grants.includes('queue:send'));
      for (const setting of [eventSettingNames.webhookQueueUrl, eventSettingNames.webhookRetryQueueUrl])
        expect(env[setting] !== undefined, setting).toBe(route.grants.includes('webhooks:send'));
      expect(env[eventSettingNames.eventBusName] !== undefined).toBe(route.grants.includes('events:put'));
      expect(env[eventSettingNames.webhookKey]).toBeUndefined();
      expect(env[eventSettingNames.webhookAllowLoopback]).toBeUndefined();
      // no key material in any function's configuration: ARNs only, never a secret's value or a dynamic reference to it
      expect(env[settingNames.cursorSecret]).toBeUndefined();
      expect(env[settingNames.operatorKey]).toBeUndefined();
      expect(JSON.stringify(env)).not.toMatch(/resolve:secretsmanager|SecretString/);

      // its own log group, with the configured retention
      const logGroup = area.json.Resources[p.LoggingConfig.LogGroup.Ref];
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties).toMatchObject({
        LogGroupName: `/switchboard/${s.settings.stage}/${route.area}/${route.operationId}`,
        RetentionInDays: 30,
      });
    },
  );

  it('every function (routes, jobs, workers) has the Powertools settings; tracing is off by default', () => {
    const all = s.functions();
    expect(all).toHaveLength(routes.length + nonRoutes.length);
    let largest = 0;
    for (const { name, construct, resource } of all) {
      const p = resource.Properties!;
      expect(p.Environment.Variables, name).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'switchboard',
        POWERTOOLS_METRICS_NAMESPACE: 'Switchboard',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_LOGGER_SAMPLE_RATE: '0.01',
      });
      expect(p.LoggingConfig.ApplicationLogLevel, name).toBeUndefined();
      expect(p.TracingConfig, name).toBeUndefined();
      expect(construct.bundling.define, name).toEqual({
        'process.env.NODE_ENV': '"production"',
        'process.env.SB_TRACING': '"off"',
      });
      // Lambda allows 4 KB of keys and values; a value resolved at deploy time (a name, an id, an ARN, a URL) is
      // counted as 256 characters, more than any of them takes
      const size = Object.entries(p.Environment.Variables as Record<string, unknown>).reduce(
        (n, [key, value]) => n + key.length + (typeof value === 'string' ? value.length : 256),
        0,
      );
      largest = Math.max(largest, size);
    }
    console.info(`largest function environment: at most ${largest} bytes of Lambda's 4096`);
    expect(largest).toBeLessThan(4096);
  });

  it('each function has exactly one invoke permission, for this API only', () => {
    const [apiId] = Object.keys(s.root.findResources('AWS::ApiGatewayV2::Api'));
    for (const route of routes) {
      const { area, functionId } = s.operation(route);
      const permissions = Object.values(
        area.template.findResources('AWS::Lambda::Permission', {
          Properties: { FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] } },
        }),
      );
      expect(permissions, route.operationId).toHaveLength(1);
      const [permission] = permissions;
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      const arnParts = permission.Properties.SourceArn['Fn::Join'][1];
      expect(
        s.fromRoot(
          route.area,
          arnParts.find(
            (p: unknown) =>
              typeof p === 'object' &&
              p !== null &&
              'Ref' in p &&
              String((p as { Ref: string }).Ref).startsWith('referenceto'),
          ),
        ),
      ).toEqual({ Ref: apiId });
    }
  });
});
