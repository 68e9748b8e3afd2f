import type * as v from 'valibot';
import type { DataFile } from '#config/data-files.ts';

/** How a route authenticates. `member`: a Cognito access token, verified by the shared request pipeline (in AWS also by the HTTP API's JWT authorizer). */
export type RouteAuth = 'public' | 'operator' | 'member';

/** What a function may touch. The CDK stack turns each distinct set into one shared least-privilege role. */
export type Grant =
  | 'table:read' // GetItem, BatchGetItem, Query, ConditionCheckItem on the table and its indexes
  | 'table:write' // PutItem, UpdateItem, DeleteItem (TransactWriteItems is authorized per item action)
  | 'identity:provision' // Cognito: create or look up a sign-in and set its first password (accepting a link)
  | 'identity:credentials' // Cognito: replace a password and end its sessions (resets, admin-set passwords)
  | 'identity:access' // Cognito: turn a sign-in off and on, ending its sessions (deactivate, reactivate, close)
  | 'identity:remove' // Cognito: delete the sign-in of a person who left their last account (close)
  | 'identity:mfa' // Cognito: remove a member's authenticator and end its sessions (admin MFA reset)
  | 'mail:send' // SES SendEmail from the configured sender identity
  | 'secret:operator-key'; // read the operator key secret

/** Nested stack an operation's function lives in; areas keep each stack far below 500 resources. */
export type Area = 'platform' | 'directory' | 'invitations' | 'lifecycle' | 'organization';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  /** camelCase operation id; the handler is `functions/<kebab-case of it>.ts`, exporting `handler`. */
  operationId: string;
  method: HttpMethod;
  /** API Gateway path with `{param}` placeholders. */
  path: string;
  auth: RouteAuth;
  area: Area;
  grants: Grant[];
  summary: string;
  tags: string[];
  request?: { body?: v.GenericSchema; query?: v.GenericSchema; idempotent?: boolean; ifMatch?: boolean };
  responses: Record<number, { description: string; schema?: v.GenericSchema; headers?: string[] }>;
  /** Error statuses this operation may answer, besides 400/401/500. */
  errors?: number[];
  /** Data files the function reads at run time, shipped beside its bundle (#config/data-files.ts). */
  dataFiles?: DataFile[];
}

export const handlerFile = (operationId: string): string =>
  `functions/${operationId.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`;
