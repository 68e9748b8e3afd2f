// Builds the CDK app the way `cdk synth` does (cdk.json context, feature flags, cdk-nag), without bundling.
import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { buildApp, type BuildOptions } from '../../infra/build-app.ts';
import { handlerFile, type Area, type RouteDef } from '#http/route-types.ts';
import { repoPath } from '../../infra/paths.ts';

export type Resource = { Type: string; Properties?: Record<string, any>; DependsOn?: string[] };
export type TemplateJson = {
  Resources: Record<string, Resource>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, any>;
};

export const fixtureHandler = new URL('./fixtures/handler.ts', import.meta.url).pathname;

/** The app with cdk.json's context and bundling skipped, not yet synthesized. */
export const build = (options: BuildOptions = {}) =>
  buildApp({
    ...options,
    entryFor: options.entryFor ?? ((operationId) => repoPath(handlerFile(operationId))),
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...options.context },
  });

/** The app synthesized once (synthesis runs cdk-nag and fails on any unacknowledged finding), with its templates. */
export function synthesize(options: BuildOptions = {}, beforeSynth?: (built: ReturnType<typeof build>) => void) {
  const built = build(options);
  beforeSynth?.(built);
  const { stack } = built;
  const root = Template.fromStack(stack);
  const rootJson = root.toJSON() as TemplateJson;
  const areas = [...stack.areas].map(([area, nested]) => {
    const template = Template.fromStack(nested);
    const rootId = stack.getLogicalId(nested.nestedStackResource as CfnResource);
    return {
      area,
      nested,
      template,
      json: template.toJSON() as TemplateJson,
      parameters: rootJson.Resources[rootId].Properties!.Parameters as Record<string, any>,
    };
  });

  /** Everything the tests need to know about one operation, found through the construct, not by guessing names. */
  const operation = (route: RouteDef) => {
    const area = areas.find((a) => a.area === route.area);
    if (!area) throw new Error(`no nested stack for area ${route.area}`);
    const fn = area.nested.functions.get(route.operationId);
    if (!fn) throw new Error(`no function for ${route.operationId}`);
    const functionId = area.nested.getLogicalId(fn.function.node.defaultChild as CfnResource);
    const resource = area.json.Resources[functionId];
    // the role is a parameter of the nested stack, fed with the root role's ARN
    const roleParam = resource.Properties!.Role.Ref as string;
    const roleId = area.parameters[roleParam]['Fn::GetAtt'][0] as string;
    return { area, functionId, function: resource, roleId, role: rootJson.Resources[roleId] };
  };

  /** Every function of every area (routes, jobs and queue workers), with its construct and its template resource. */
  const functions = () =>
    areas.flatMap((a) =>
      [...a.nested.functions].map(([name, construct]) => ({
        area: a.area,
        name,
        construct,
        resource: a.json.Resources[a.nested.getLogicalId(construct.function.node.defaultChild as CfnResource)],
      })),
    );

  /** Resolves a nested stack's `{ Ref: parameter }` to what the root stack passes in. */
  const fromRoot = (area: Area, value: { Ref: string }) => areas.find((a) => a.area === area)!.parameters[value.Ref];

  return { ...built, root, rootJson, areas, operation, functions, fromRoot };
}

export type Synthesized = ReturnType<typeof synthesize>;

/** Actions a role's inline policies allow, flattened. */
export function allowedActions(role: Pick<Resource, 'Properties'>): string[] {
  return statements(role).flatMap((s) => [s.Action].flat());
}

export function statements(
  role: Pick<Resource, 'Properties'>,
): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown; Sid?: string; Effect: string }> {
  return (role.Properties!.Policies as Array<{ PolicyDocument: { Statement: any[] } }>).flatMap(
    (p) => p.PolicyDocument.Statement,
  );
}

/** A synthetic route table of `count` operations spread over the areas like a real product would be (unevenly). */
export function syntheticRoutes(count: number, template: RouteDef[]): RouteDef[] {
  const areas: Area[] = ['directory', 'directory', 'organization', 'lifecycle', 'invitations', 'platform'];
  return Array.from({ length: count }, (_, i) => {
    const base = template[i % template.length];
    return { ...base, operationId: `synthetic${i}Op`, path: `/v1/synthetic/${i}/{id}`, area: areas[i % areas.length] };
  });
}
