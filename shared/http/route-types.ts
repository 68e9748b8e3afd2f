import type * as v from 'valibot';
import type { Area, Grant } from '#config/deployment.ts';
import type { DataFile } from '#config/data-files.ts';

export type { Area, Grant };

/** How a route authenticates. `member`: a Cognito access token, verified by the shared request pipeline (in AWS also by the HTTP API's JWT authorizer). */
export type RouteAuth = 'public' | 'operator' | 'member';

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
