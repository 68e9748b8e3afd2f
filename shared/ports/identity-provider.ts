/** The sign-in provider (Cognito): passwords, tokens, TOTP, and the admin actions on a person's sign-in. */
export interface SignInTokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type SignInResult =
  | { kind: 'tokens'; tokens: SignInTokens }
  | { kind: 'challenge'; challenge: string; session: string };

/** What a client's refresh token stands for: the provider's refresh token, its person, and when they signed in. */
export interface RefreshGrant {
  refreshToken: string;
  identityId: string;
  /** Epoch seconds of the sign-in the grant comes from. */
  signedInAt: number;
}

/** Seals grants into the opaque refresh tokens clients hold; `open` answers null for anything forged or foreign. */
export interface RefreshGrants {
  seal(grant: RefreshGrant): string;
  open(sealed: string): RefreshGrant | null;
}

/** The sign-in provider (Cognito). Usernames are lowercased emails. */
export interface IdentityProvider {
  /** Creates the sign-in identity if absent (no mail sent) and returns its id; converges when it already exists. */
  ensureUser(email: string): Promise<{ identityId: string; created: boolean }>;
  /**
   * Sets the password; `temporary`: the next sign-in answers the NEW_PASSWORD_REQUIRED challenge instead of tokens,
   * and the person must choose their own (completeNewPassword).
   */
  setPassword(email: string, password: string, temporary?: boolean): Promise<void>;
  /** True when the password is the identity's current one (an MFA challenge still proves the password). */
  verifyPassword(email: string, password: string): Promise<boolean>;
  signIn(email: string, password: string): Promise<SignInResult>;
  /** `username`: the person's identity id (Cognito's username in this pool, where the email is an alias). */
  refresh(refreshToken: string, username: string): Promise<SignInTokens>;
  /**
   * Answers a NEW_PASSWORD_REQUIRED challenge with the person's own password: tokens, or the next challenge (TOTP).
   * UnauthenticatedError for a forged or expired session (or one of another challenge), WeakPasswordError for a
   * password the provider refuses.
   */
  completeNewPassword(session: string, password: string): Promise<SignInResult>;
  /** The email a NEW_PASSWORD_REQUIRED session belongs to, or null when forged, expired or of another challenge. */
  newPasswordSessionEmail(session: string): string | null;
}

/** Admin actions on a person's sign-in (Cognito admin API). All converge when repeated. */
export interface SignInAdmin {
  disable(email: string): Promise<void>;
  enable(email: string): Promise<void>;
  /** Revokes the person's refresh tokens everywhere. */
  signOutEverywhere(email: string): Promise<void>;
  /** Deletes the sign-in; an already missing one is fine. */
  remove(email: string): Promise<void>;
  /** Replaces the password with a random one nobody knows: the current one stops working. */
  scramblePassword(email: string): Promise<void>;
  /** Turns TOTP off for the person (lost device). */
  removeMfa(email: string): Promise<void>;
}

/** TOTP through the sign-in provider, authorized by the person's own access token. */
export interface MfaProvider {
  associateTotp(accessToken: string): Promise<{ secret: string }>;
  /** True when the code matches the person's authenticator (the pending one during enrollment). */
  verifyTotp(accessToken: string, code: string): Promise<boolean>;
  setTotpEnabled(accessToken: string, enabled: boolean): Promise<void>;
  /**
   * Completes a SOFTWARE_TOKEN_MFA sign-in challenge. InvalidMfaCodeError for a wrong code (the email is then known
   * from the session), UnauthenticatedError for a forged or expired session.
   */
  answerTotpChallenge(session: string, code: string): Promise<{ email: string; tokens: SignInTokens }>;
  /** The email a (verified) challenge session belongs to, or null when forged or expired. */
  sessionEmail(session: string): string | null;
}
