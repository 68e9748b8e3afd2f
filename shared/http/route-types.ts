import type * as v from 'valibot';
import type { Area, Grant } from '#config/deployment.ts';
import type { DataFile } from '#config/data-files.ts';
import type { RouteAuth, RouteAuthDef } from './authenticate.ts';
import type { ResponseSchemaName } from './schemas/responses.ts';

export type { Area, Grant, ResponseSchemaName, RouteAuth, RouteAuthDef };

/**
 * `ANY`: every method no other route of the same path declares (API Gateway's meaning); with a greedy `{proxy+}` last
 * segment, the catch-all of a path prefix (the SCIM fallback). Only SCIM routes use either.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';

export interface RouteRequest {
  /** The JSON body's schema: validated by the pipeline, described by OpenAPI. */
  body?: v.GenericSchema;
  /**
   * An action that takes no fields: a body, if any, must be an empty JSON object (unknown fields are 400 as on every
   * write). Checked without a schema, so these functions bundle no schema library.
   */
  emptyBody?: true;
  /**
   * A body that is not JSON but a file of one media type, handed to the operation as its raw bytes, with a size
   * limit of its own (other routes keep the 64 KB JSON limit). Another media type is 415, a larger body 413.
   */
  rawBody?: RawBody;
  /**
   * A hosted page's form post (`application/x-www-form-urlencoded`, at most 64 KB): the schema of its fields, all
   * strings. Page routes only (`page: true`); the page pipeline reads it, checks CSRF first.
   */
  form?: v.GenericSchema;
  /** The query string's schema. */
  query?: v.GenericSchema;
  /** Create endpoints: an Idempotency-Key replays the first response. */
  idempotent?: true;
  /** The handler receives the If-Match version (optimistic concurrency). */
  ifMatch?: true;
}

/** A raw body: its one media type and its limit in bytes. */
export interface RawBody {
  mediaType: 'text/csv';
  maxBytes: number;
  /** What the file is, for OpenAPI. */
  description: string;
}

export interface RouteResponse {
  description: string;
  /** By name, from the registry only the OpenAPI document loads (schemas/responses.ts): handlers bundle none. */
  schema?: ResponseSchemaName;
  /** A body that is not JSON (a file, a hosted page): its media type; the body is text. */
  mediaType?: 'text/csv' | 'text/html';
  /** Headers besides `Location`, which a `location` template adds to the 201. */
  headers?: readonly ('ETag' | 'Link' | 'Content-Disposition')[];
}

/** One operation, declared once (shared/http/operations/): the pipeline, the stack, the gateway and OpenAPI read it. */
export interface RouteDef {
  /** camelCase operation id; the handler is `functions/<kebab-case of it>.ts`, exporting `handler`. */
  operationId: string;
  method: HttpMethod;
  /** API Gateway path with `{param}` placeholders; a last `{proxy+}` (SCIM only) takes the rest of the path. */
  path: string;
  /**
   * `publicAuth`, `operatorAuth`, `memberAuth` (a path with `{accountId}`), `meAuth` (`/v1/me…`) or
   * `memberOrOperatorAuth` (authenticate.ts); its `kind` is what the stack and OpenAPI read.
   */
  auth: RouteAuthDef;
  /** Member routes that read the path's `{userId}` member anyway: the authorization reads it in the same round trip. */
  readsPathMember?: true;
  /** Member routes a member without MFA may call where MFA is required (enrolling, turning it off). */
  mfaEnrollment?: true;
  /**
   * A hosted page (HTML for people, shared/http/page.ts): public, answers `text/html`, never problem+json; its form
   * posts carry a CSRF token. Pages are not in the authorization matrix (they call the same use cases as the API).
   */
  page?: true;
  /**
   * A public route that does work for anyone who calls it (signs in, mails, writes, reads the table for a link): its
   * function gets a reserved concurrency and its route a stage throttle of its own (deploy settings
   * `publicRouteConcurrency`, `publicRouteRateLimit`, `publicRouteBurstLimit`), so an unauthenticated flood on it cannot
   * take the capacity of every other route. Public routes only; a public route with grants beyond `table:read` must
   * have it (test/infra/public-limits.test.ts).
   */
  floodLimited?: true;
  /**
   * A SCIM 2.0 route (`/scim/v2/accounts/{accountId}/…`, `auth: scimAuth`, area `scim`): served by the SCIM pipeline
   * (shared/http/scim/api.ts), which answers SCIM errors (RFC 7644 §3.12, `application/scim+json`), never
   * problem+json, and takes `application/scim+json` bodies; OpenAPI describes it so. Not in the authorization matrix's
   * member rows (SCIM callers are system users with a connection: test/integration/scim/).
   */
  scim?: true;
  area: Area;
  grants: readonly Grant[];
  summary: string;
  tags: readonly string[];
  request?: RouteRequest;
  responses: Readonly<Record<number, RouteResponse>>;
  /** `Location` of a 201: the path's `{param}`s, and `{id}` for the new resource's id. */
  location?: string;
  /** Error statuses this operation may answer, besides 400/401/500. */
  errors?: readonly number[];
  /** Data files the function reads at run time, shipped beside its bundle (#config/data-files.ts). */
  dataFiles?: readonly DataFile[];
}

/** Keeps the declaration's literal types, so that the pipeline knows its auth, schemas and flags. */
export const defineRoute = /* @__NO_SIDE_EFFECTS__ */ <const R extends RouteDef>(route: R): R => route;

export const kebabCase = (operationId: string): string => operationId.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export const handlerFile = (operationId: string): string => `functions/${kebabCase(operationId)}.ts`;

/** Where an operation is declared. */
export const declarationFile = (operationId: string): string => `shared/http/operations/${kebabCase(operationId)}.ts`;
