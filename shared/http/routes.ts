/**
 * The route table: single source of truth for method, path, handler, auth, IAM grants and the schemas.
 * Read by the CDK stack (infra/), the local gateway (local/) and the OpenAPI document.
 */
import { CreateAccountBody, CreateAccountResponse, Account, UpdateAccountBody } from './schemas/accounts.ts';
import { AcceptInvitationBody, AcceptInvitationResponse, Health, Me, RefreshBody, SignInBody, Tokens } from './schemas/auth.ts';
import { page } from './schemas/common.ts';
import { CreateUserBody, ListUsersQuery, UpdateUserBody, User } from './schemas/users.ts';
import type { RouteDef } from './route-types.ts';

export const routes: RouteDef[] = [
  {
    operationId: 'getHealth', method: 'GET', path: '/v1/health', auth: 'public', area: 'platform', grants: [],
    summary: 'Liveness check', tags: ['platform'],
    responses: { 200: { description: 'The API is up', schema: Health } },
  },
  {
    operationId: 'getOpenapi', method: 'GET', path: '/v1/openapi.json', auth: 'public', area: 'platform', grants: [],
    summary: 'This OpenAPI 3.1 document', tags: ['platform'],
    responses: { 200: { description: 'OpenAPI document' } },
  },
  {
    operationId: 'createAccount', method: 'POST', path: '/v1/accounts', auth: 'operator', area: 'platform',
    grants: ['table:read', 'table:write', 'mail:send', 'secret:operator-key'],
    summary: 'Create a customer account and invite its account manager', tags: ['accounts'],
    request: { body: CreateAccountBody, idempotent: true },
    responses: { 201: { description: 'Account created; the owner got a setup mail', schema: CreateAccountResponse, headers: ['Location'] } },
    errors: [422],
  },
  {
    operationId: 'getAccount', method: 'GET', path: '/v1/accounts/{accountId}', auth: 'member', area: 'directory',
    grants: ['table:read'], summary: 'Read an account', tags: ['accounts'],
    responses: { 200: { description: 'The account', schema: Account, headers: ['ETag'] } }, errors: [404],
  },
  {
    operationId: 'updateAccount', method: 'PATCH', path: '/v1/accounts/{accountId}', auth: 'member', area: 'directory',
    grants: ['table:read', 'table:write'], summary: 'Update an account’s name and contact details', tags: ['accounts'],
    request: { body: UpdateAccountBody, ifMatch: true },
    responses: { 200: { description: 'The updated account', schema: Account, headers: ['ETag'] } }, errors: [403, 404, 412],
  },
  {
    operationId: 'acceptInvitation', method: 'POST', path: '/v1/invitations/accept', auth: 'public', area: 'directory',
    grants: ['table:read', 'table:write', 'identity:admin'],
    summary: 'Accept a setup or invitation link and set (or confirm) the password', tags: ['auth'],
    request: { body: AcceptInvitationBody },
    responses: { 200: { description: 'The member is active', schema: AcceptInvitationResponse } }, errors: [401, 404, 410],
  },
  {
    operationId: 'signIn', method: 'POST', path: '/v1/auth/token', auth: 'public', area: 'platform', grants: [],
    summary: 'Sign in with email and password', tags: ['auth'], request: { body: SignInBody },
    responses: { 200: { description: 'Tokens', schema: Tokens } },
  },
  {
    operationId: 'refreshTokens', method: 'POST', path: '/v1/auth/refresh', auth: 'public', area: 'platform', grants: [],
    summary: 'Exchange a refresh token for new tokens', tags: ['auth'], request: { body: RefreshBody },
    responses: { 200: { description: 'Tokens', schema: Tokens } },
  },
  {
    operationId: 'getMe', method: 'GET', path: '/v1/me', auth: 'member', area: 'directory', grants: ['table:read'],
    summary: 'The caller’s identity and memberships', tags: ['me'],
    responses: { 200: { description: 'Identity and memberships', schema: Me } },
  },
  {
    operationId: 'createUser', method: 'POST', path: '/v1/accounts/{accountId}/users', auth: 'member', area: 'directory',
    grants: ['table:read', 'table:write', 'mail:send'], summary: 'Create a user; a setup mail goes to their email', tags: ['users'],
    request: { body: CreateUserBody, idempotent: true },
    responses: { 201: { description: 'The invited user', schema: User, headers: ['Location', 'ETag'] } },
    errors: [403, 404, 409, 422],
  },
  {
    operationId: 'listUsers', method: 'GET', path: '/v1/accounts/{accountId}/users', auth: 'member', area: 'directory',
    grants: ['table:read'], summary: 'List users by username, page by page', tags: ['users'],
    request: { query: ListUsersQuery },
    responses: { 200: { description: 'A page of users', schema: page(User) } }, errors: [403, 404],
  },
  {
    operationId: 'getUser', method: 'GET', path: '/v1/accounts/{accountId}/users/{userId}', auth: 'member', area: 'directory',
    grants: ['table:read'], summary: 'Read a user', tags: ['users'],
    responses: { 200: { description: 'The user', schema: User, headers: ['ETag'] } }, errors: [403, 404],
  },
  {
    operationId: 'updateUser', method: 'PATCH', path: '/v1/accounts/{accountId}/users/{userId}', auth: 'member', area: 'directory',
    grants: ['table:read', 'table:write'], summary: 'Update a user', tags: ['users'],
    request: { body: UpdateUserBody, ifMatch: true },
    responses: { 200: { description: 'The updated user', schema: User, headers: ['ETag'] } }, errors: [403, 404, 409, 412],
  },
];
