// Scheduled jobs (shared/config/jobs.ts): each is a function in its area's nested stack with an EventBridge schedule.
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobDef } from '#config/jobs.ts';
import { routes } from '#http/routes.ts';
import { handlerFile } from '#http/route-types.ts';
import { repoPath } from '../../infra/paths.ts';
import { allowedActions, fixtureHandler, synthesize, type Synthesized } from './support.ts';

const job: JobDef = {
  name: 'syntheticSweep',
  area: 'lifecycle',
  grants: ['table:read', 'table:write'],
  everyMinutes: 60,
  summary: 'test job',
};
const entryFor = (name: string) => (name === job.name ? fixtureHandler : repoPath(handlerFile(name)));

let s: Synthesized;
beforeAll(() => {
  // the job's area has no routes yet: the job alone must be enough to create its nested stack
  s = synthesize({ routes: routes.filter((r) => r.area !== 'lifecycle'), jobs: [job], entryFor });
});

describe('scheduled jobs', () => {
  it('get a function and an hourly schedule that targets it, in their area stack', () => {
    const area = s.areas.find((a) => a.area === 'lifecycle');
    expect(area, 'a nested stack for the job').toBeDefined();
    const fn = area!.nested.functions.get(job.name)!;
    const fnId = area!.nested.getLogicalId(fn.function.node.defaultChild as never);
    const rules = Object.values(area!.template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    expect(rules[0].Properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(JSON.stringify(rules[0].Properties.Targets)).toContain(fnId);
    const permissions = Object.values(area!.template.findResources('AWS::Lambda::Permission'));
    expect(permissions.some((p) => p.Properties.Principal === 'events.amazonaws.com')).toBe(true);
    // no HTTP route serves a job
    expect(Object.keys(area!.template.findResources('AWS::ApiGatewayV2::Route'))).toHaveLength(0);
  });

  it('run with the role of their grants: table read and write, nothing else', () => {
    const area = s.areas.find((a) => a.area === 'lifecycle')!;
    const fn = area.nested.functions.get(job.name)!;
    const roleParam = (
      area.json.Resources[area.nested.getLogicalId(fn.function.node.defaultChild as never)].Properties!.Role as {
        Ref: string;
      }
    ).Ref;
    const roleId = area.parameters[roleParam]['Fn::GetAtt'][0] as string;
    const actions = allowedActions(s.rootJson.Resources[roleId]);
    expect(actions).toContain('dynamodb:Query');
    expect(actions).toContain('dynamodb:UpdateItem');
    expect(actions.some((a) => a.startsWith('cognito-idp:') || a.startsWith('ses:'))).toBe(false);
  });
});
