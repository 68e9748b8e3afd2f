import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventFanOut, webhookDelivery } from '#config/events.ts';
import { jobs, queueWorkers } from '#config/jobs.ts';
import { routes } from '#http/routes.ts';
import { handlerFile, type RouteDef } from '#http/route-types.ts';
import { repoPath } from '../../infra/paths.ts';
import { grantSetKey, identityActions } from '../../infra/constructs/access-roles.ts';
import { allowedActions, statements, synthesize, type Synthesized } from './support.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

const route = (operationId: string): RouteDef => {
  const found = routes.find((r) => r.operationId === operationId);
  if (!found) throw new Error(`route ${operationId} is gone from the table; pick another for this test`);
  return found;
};
const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('shared roles', () => {
  it('one role per distinct grant set, all in the root stack', () => {
    const roles = s.root.findResources('AWS::IAM::Role');
    const nonRoutes = [...jobs, ...queueWorkers, eventFanOut, webhookDelivery];
    const distinct = new Set([...routes, ...nonRoutes].map((r) => grantSetKey(r.grants)));
    expect(Object.keys(roles)).toHaveLength(distinct.size);
    for (const area of s.areas) expect(area.template.findResources('AWS::IAM::Role')).toEqual({});
    // functions with the same grant set share the role; different sets never do
    const roleOf = new Map<string, string>();
    for (const r of routes) {
      const { roleId } = s.operation(r);
      const key = grantSetKey(r.grants);
      expect(roleOf.get(key) ?? roleId, r.operationId).toBe(roleId);
      roleOf.set(key, roleId);
    }
    for (const w of nonRoutes) {
      const area = s.areas.find((x) => x.area === w.area)!;
      const fn = area.nested.functions.get(w.name)!;
      const resource = area.json.Resources[area.nested.getLogicalId(fn.function.node.defaultChild as never)];
      const roleId = area.parameters[resource.Properties!.Role.Ref]['Fn::GetAtt'][0] as string;
      const key = grantSetKey(w.grants);
      expect(roleOf.get(key) ?? roleId, w.name).toBe(roleId);
      roleOf.set(key, roleId);
    }
    expect(new Set(roleOf.values()).size).toBe(distinct.size);
  });

  it('roles are assumable by Lambda only and carry no managed policies or separate policy resources', () => {
    for (const role of Object.values(s.root.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    expect(s.root.findResources('AWS::IAM::Policy')).toEqual({});
  });

  it('a read-only function cannot write; a writing function can (positive control)', () => {
    const reader = s.operation(route('getUser'));
    expect(route('getUser').grants).toEqual(['table:read']);
    for (const action of writes) expect(allowedActions(reader.role)).not.toContain(action);
    expect(allowedActions(reader.role)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));

    const writer = s.operation(route('updateUser'));
    expect(allowedActions(writer.role)).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:PutItem']));
  });

  it('no role may Scan, use a service wildcard, or act on every resource', () => {
    for (const [id, role] of Object.entries(s.root.findResources('AWS::IAM::Role'))) {
      for (const action of allowedActions(role)) {
        expect(action, id).not.toBe('dynamodb:Scan');
        expect(action, id).not.toMatch(/\*/);
      }
      for (const statement of statements(role)) expect([statement.Resource].flat(), id).not.toContain('*');
    }
  });

  it('every role grants exactly what its grant set needs, on the right resources', () => {
    const [tableId] = Object.keys(s.root.findResources('AWS::DynamoDB::Table'));
    const [poolId] = Object.keys(s.root.findResources('AWS::Cognito::UserPool'));
    const [operatorKeyId] = Object.keys(
      s.root.findResources('AWS::SecretsManager::Secret', {
        Properties: { GenerateSecretString: { PasswordLength: 48 } },
      }),
    );
    const [sealingKeyId] = Object.keys(s.root.findResources('AWS::SecretsManager::Secret')).filter((id) =>
      id.startsWith('SealingKey'),
    );
    for (const r of routes) {
      const { role } = s.operation(r);
      const has = (grant: RouteDef['grants'][number]) => r.grants.includes(grant);
      const actions = allowedActions(role);
      const bySid = Object.fromEntries(statements(role).map((st) => [st.Sid, st]));

      expect(
        actions.some((a) => a.startsWith('dynamodb:Get') || a === 'dynamodb:Query'),
        r.operationId,
      ).toBe(has('table:read'));
      expect(
        actions.some((a) => writes.includes(a)),
        r.operationId,
      ).toBe(has('table:write'));
      const identityGrants = r.grants.filter((g): g is keyof typeof identityActions => g.startsWith('identity:'));
      // exactly the Cognito calls of its identity grants, nothing more
      expect(actions.filter((a) => a.startsWith('cognito-idp:')).sort(), r.operationId).toEqual(
        [...new Set(identityGrants.flatMap((g) => identityActions[g]))].map((a) => `cognito-idp:${a}`).sort(),
      );
      expect(
        actions.some((a) => a.startsWith('ses:')),
        r.operationId,
      ).toBe(has('mail:send'));
      expect(
        actions.some((a) => a.startsWith('secretsmanager:')),
        r.operationId,
      ).toBe(has('secret:operator-key') || has('secret:sealing-key') || has('secret:webhook-key'));

      if (has('table:read')) {
        expect(bySid.TableQuery.Resource).toEqual([
          { 'Fn::GetAtt': [tableId, 'Arn'] },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/*']] },
        ]);
      }
      for (const grant of identityGrants) {
        const statement = statements(role).find(
          (st) =>
            st.Sid?.startsWith('Identity') &&
            [st.Action].flat().length === identityActions[grant].length &&
            identityActions[grant].every((a) => [st.Action].flat().includes(`cognito-idp:${a}`)),
        );
        expect(statement, `${r.operationId} ${grant}`).toBeDefined();
        expect(statement!.Resource).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
      }
      if (has('mail:send')) {
        expect(bySid.MailSend.Condition).toEqual({ StringEquals: { 'ses:FromAddress': s.settings.mailFrom } });
        expect(JSON.stringify(bySid.MailSend.Resource)).toContain(`:identity/${s.settings.mailFrom}`);
      }
      if (has('secret:sealing-key')) {
        expect(bySid.SealingKeyRead).toMatchObject({
          Action: 'secretsmanager:GetSecretValue',
          Resource: { Ref: sealingKeyId },
        });
      }
      expect(bySid.SealingKeyRead === undefined, r.operationId).toBe(!has('secret:sealing-key'));
      if (has('secret:operator-key')) {
        expect(bySid.OperatorKeyRead).toMatchObject({
          Action: 'secretsmanager:GetSecretValue',
          Resource: { Ref: operatorKeyId },
        });
      }
      // every function may write its logs, only under this deployment's function log prefix
      expect(JSON.stringify(bySid.FunctionLogs.Resource)).toContain(`:log-group:/switchboard/${s.settings.stage}/*:*`);
    }
  });
});

describe('Cognito rights of the public and destructive routes', () => {
  it('accepting a link can create a sign-in but never delete, disable or sign out anyone (positive control: closing can delete)', () => {
    const accept = allowedActions(s.operation(route('acceptInvitation')).role);
    expect(accept).toContain('cognito-idp:AdminCreateUser');
    for (const action of [
      'AdminDeleteUser',
      'AdminDisableUser',
      'AdminUserGlobalSignOut',
      'AdminSetUserMFAPreference',
      'AdminUpdateUserAttributes',
    ]) {
      expect(accept).not.toContain(`cognito-idp:${action}`);
    }
    expect(allowedActions(s.operation(route('closeUser')).role)).toContain('cognito-idp:AdminDeleteUser');
    expect(allowedActions(s.operation(route('reactivateUser')).role)).not.toContain('cognito-idp:AdminDeleteUser');
  });
});

describe('the sealing key', () => {
  it('is readable by exactly the functions that seal or open cursors, refresh grants or MFA sessions', () => {
    const sealing = routes.filter((r) => r.grants.includes('secret:sealing-key')).map((r) => r.operationId);
    expect(sealing.sort()).toEqual(
      [
        'listAccountEvents',
        'listDelegates',
        'listInvitations',
        'listUnitUsers',
        'listUserEvents',
        'listUsers',
        'exportUsers',
        'signIn',
        'completeMfaSignIn',
        'completeNewPassword',
        'refreshTokens',
        'listNumbers',
        'listUserNumbers',
        'listDevices',
        'listGroups',
        'listGroupMembers',
        'listUserGroups',
        'listContacts',
        'listImports',
        'listImportRows',
        'listWebhookDeliveries',
        // the sign-in and account pages: the session cookie and the enrolment field are sealed
        'showSignInPage',
        'submitSignInPage',
        'showAccountPage',
        'submitAccountPage',
      ].sort(),
    );
    for (const r of routes) {
      const reads = statements(s.operation(r).role).some((st) => st.Sid === 'SealingKeyRead');
      expect(reads, r.operationId).toBe(sealing.includes(r.operationId));
    }
    // positive control: a list route reads it, a write that pages nothing does not
    expect(statements(s.operation(route('listUsers')).role).map((st) => st.Sid)).toContain('SealingKeyRead');
    expect(statements(s.operation(route('updateUser')).role).map((st) => st.Sid)).not.toContain('SealingKeyRead');
  });

  it('is loaded by exactly the handlers granted it (deployed, a handler that seals without loading it fails)', () => {
    for (const r of routes) {
      const source = readFileSync(repoPath(handlerFile(r.operationId)), 'utf8');
      expect(/await loadSealingKeys\(\)/.test(source), r.operationId).toBe(r.grants.includes('secret:sealing-key'));
    }
  });
});
