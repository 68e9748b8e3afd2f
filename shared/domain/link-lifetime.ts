/**
 * How long a link that sets a new password works: a password-reset link and a set-up member's setup-again link
 * alike. One hour: such a link replaces a sign-in, so it is kept short whatever the invitation lifetime.
 */
export const RESET_LINK_TTL_SECONDS = 3600;
