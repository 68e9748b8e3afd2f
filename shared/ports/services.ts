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
  setPassword(email: string, password: string): Promise<void>;
  /** True when the password is the identity's current one (an MFA challenge still proves the password). */
  verifyPassword(email: string, password: string): Promise<boolean>;
  signIn(email: string, password: string): Promise<SignInResult>;
  refresh(refreshToken: string): Promise<SignInTokens>;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export interface IdGenerator {
  next(): string;
}
