/** SCIM /Users responses: the member as a SCIM User document, projected as the request's `attributes` ask. */
import { toScimUser } from '#domain/scim/user-resource.ts';
import type { User } from '#domain/user.ts';
import type { ScimDocument } from './scim/api.ts';
import { project, type Projection } from './scim/projection.ts';

export { projectionOf } from './scim/projection.ts';

export const scimUserDocument = (user: User, baseUrl: string, projection: Projection): ScimDocument =>
  project(toScimUser(user, baseUrl), projection);
