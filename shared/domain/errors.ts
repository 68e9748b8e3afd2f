/** Domain errors carry a stable `code`; shared/http/problem.ts maps them to problem+json once. */
export interface FieldProblem {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly title: string;
  constructor(
    title: string,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(detail ?? title, options);
    this.title = title;
    this.name = new.target.name;
  }
}

/** Side-effect free, so that bundles keep only the error classes they use. */
const make = /* @__NO_SIDE_EFFECTS__ */ (status: number, code: string, title: string) =>
  class extends DomainError {
    readonly status = status;
    readonly code = code;
    constructor(detail?: string, options?: { cause?: unknown }) {
      super(title, detail, options);
    }
  };

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code: string;
  constructor(
    readonly errors: FieldProblem[],
    code = 'validation_failed',
    title = 'Request validation failed',
  ) {
    super(title, errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '));
    this.code = code;
  }
}

export class WeakPasswordError extends ValidationError {
  constructor(problems: string[]) {
    super(
      problems.map((message) => ({ path: 'password', message })),
      'weak_password',
      'Password does not meet the policy',
    );
  }
}

export class UnauthenticatedError extends make(401, 'unauthenticated', 'Authentication required') {}
export class InvalidCredentialsError extends make(401, 'invalid_credentials', 'Invalid email or password') {}
export class ForbiddenError extends make(403, 'forbidden', 'Not allowed') {}
export class NotFoundError extends make(404, 'not_found', 'Resource not found') {}
export class UsernameTakenError extends make(409, 'username_taken', 'Username already taken') {}
export class EmailTakenError extends make(409, 'email_taken', 'Email already belongs to a member of this account') {}
export class ConflictError extends make(409, 'conflict', 'Conflict with the current state') {}
export class ReplayInProgressError extends make(
  409,
  'replay_in_progress',
  'A replay of this webhook endpoint is running: try again when it has finished',
) {}
export class InvitationUsedError extends make(410, 'invitation_used', 'This link has already been used') {}
export class InvitationExpiredError extends make(410, 'invitation_expired', 'This link has expired') {}
export class InvitationRevokedError extends make(410, 'invitation_revoked', 'This link has been revoked') {}
export class AcceptanceInProgressError extends make(
  409,
  'invitation_in_progress',
  'This link is being used by another request',
) {}
export class PreconditionFailedError extends make(412, 'precondition_failed', 'The resource has changed') {}

/** A write's `If-Match`: a version other than the current one is refused (412); without one, any version goes. */
export function assertIfMatch(ifMatch: number | undefined, version: number): void {
  if (ifMatch !== undefined && ifMatch !== version) throw new PreconditionFailedError();
}
export class ReauthenticationRequiredError extends make(
  403,
  'reauthentication_required',
  'Confirm this action with your own credentials',
) {}
export class MfaRequiredError extends make(403, 'mfa_required', 'Multi-factor authentication is required') {}
export class LastAccountManagerError extends make(
  409,
  'last_account_manager',
  'An account needs at least one active account manager',
) {}
export class IdentitySharedError extends make(409, 'identity_shared', 'This sign-in belongs to other accounts too') {}
export class MfaAlreadyEnabledError extends make(
  409,
  'mfa_already_enabled',
  'Multi-factor authentication is already enabled',
) {}
/** Requiring MFA (account, unit or member) is for callers who use it themselves: nobody locks themselves out. */
export class MfaEnrollmentRequiredError extends make(
  409,
  'mfa_enrollment_required',
  'Enable multi-factor authentication before requiring it',
) {}
/** A restricting setting (allowedModules) at a unit or a member may only narrow what the levels above allow. */
export class SettingExceedsParentError extends make(
  409,
  'setting_exceeds_parent',
  'The setting allows more than the levels above allow',
) {}
export class MfaNotEnabledError extends make(409, 'mfa_not_enabled', 'Multi-factor authentication is not enabled') {}
export class InvalidMfaCodeError extends make(401, 'invalid_mfa_code', 'The code is not valid') {}
export class ResetLinkUsedError extends make(410, 'reset_link_used', 'This reset link has already been used') {}
export class ResetLinkExpiredError extends make(410, 'reset_link_expired', 'This reset link has expired') {}
export class UnitCycleError extends make(409, 'unit_cycle', 'A unit cannot move under itself or its own descendants') {}
export class UnitNotEmptyError extends make(409, 'unit_not_empty', 'The unit still has child units or members') {}
export class RootUnitError extends make(409, 'root_unit', 'The root unit cannot be moved or deleted') {}
export class UnitDepthExceededError extends make(
  409,
  'unit_depth_exceeded',
  'The organisation tree would be too deep',
) {}
export class UnitLimitReachedError extends make(
  409,
  'unit_limit_reached',
  'The account has reached its limit of units',
) {}
export class UnitMoveInProgressError extends make(
  409,
  'unit_move_in_progress',
  'A move in this organisation tree is being applied',
) {}
export class IdempotencyMismatchError extends make(
  422,
  'idempotency_key_reused',
  'Idempotency-Key was used with another request',
) {}
export class IdempotencyInProgressError extends make(
  409,
  'idempotency_in_progress',
  'A request with this Idempotency-Key is still in progress',
) {}
export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly code = 'rate_limited';
  constructor(
    readonly retryAfterSeconds: number,
    detail?: string,
  ) {
    super('Too many requests', detail);
  }
}
export class AliasLimitReachedError extends make(
  409,
  'alias_limit_reached',
  'This member already has the most email aliases allowed',
) {}
export class ServiceExistsError extends make(409, 'service_exists', 'The member already has a service of this type') {}
export class ModuleNotGrantedError extends make(
  403,
  'module_not_granted',
  "The member's permissions do not include the module this needs",
) {}
export class WeakPinError extends ValidationError {
  constructor(problem: string) {
    super([{ path: 'pin', message: problem }], 'weak_pin', 'The PIN is too easy to guess');
  }
}
export class VoicemailPinLinkUsedError extends make(
  410,
  'voicemail_pin_link_used',
  'This voicemail PIN link has already been used',
) {}
export class VoicemailPinLinkExpiredError extends make(
  410,
  'voicemail_pin_link_expired',
  'This voicemail PIN link has expired',
) {}
/** A phone number routes to one place: it belongs to at most one account in the deployment (never says which). */
export class NumberTakenError extends make(409, 'number_taken', 'This number is already in use') {}
/** Extensions are unique within an account. */
export class ExtensionTakenError extends make(
  409,
  'extension_taken',
  'This extension is already in use in this account',
) {}
/** A phone's MAC address is registered once in the deployment (never says where). */
export class MacAddressTakenError extends make(
  409,
  'mac_address_taken',
  'A device with this MAC address is already registered',
) {}
/** Group names are unique in an account, case-insensitively. */
export class GroupNameTakenError extends make(409, 'group_name_taken', 'A group with this name already exists') {}
/** A group's SCIM externalId is unique in its account (exact). */
export class GroupExternalIdTakenError extends make(
  409,
  'external_id_taken',
  'A group with this externalId already exists',
) {}
/** A group is deleted only when nobody is in it and nothing is shared with it. */
export class GroupNotEmptyError extends make(409, 'group_not_empty', 'The group still has members or shared items') {}
/** Closed members join nothing. */
export class MemberClosedError extends make(409, 'member_closed', 'The member is closed') {}
export class NotAPersonError extends make(
  409,
  'not_a_person',
  'Only a person has a sign-in, a password, MFA and setup links',
) {}
export class NotASystemUserError extends make(409, 'not_a_system_user', 'Only system users hold API keys') {}
export class ApiKeyLimitReachedError extends make(
  409,
  'api_key_limit_reached',
  'This system user already holds the most live API keys allowed',
) {}
/** A number is shared with a bounded number of groups (its delete removes every share in one transaction). */
export class ShareLimitReachedError extends make(
  409,
  'share_limit_reached',
  'This number is already shared with as many groups as it may be',
) {}
export class ImportFinishedError extends make(409, 'import_finished', 'The import has already finished') {}
/**
 * A member file (CSV) that cannot be read at all: not UTF-8, not CSV, an empty file or a header that does not fit.
 * Nothing of it is imported. `code` says why (`unknown_column`, `missing_column`, `duplicate_column`, `empty_file`,
 * `no_data_rows`, `malformed_csv`, `invalid_encoding`); `where` names the column or the line.
 */
export class ImportFileError extends ValidationError {
  constructor(code: string, where: string, message: string) {
    super([{ path: where, message }], code, 'The file cannot be imported');
  }
}
/** A member file over a limit (bytes or data rows): nothing of it is imported. */
export class ImportTooLargeError extends make(413, 'import_too_large', 'The file is over the import limits') {}

export class WebhookLimitReachedError extends make(
  409,
  'webhook_limit_reached',
  'The account already has the most webhook endpoints it may have (10)',
) {}
