import { EMAIL_PATTERN } from './email.ts';
import type { FieldProblem } from './errors.ts';
import { hasRefusedCharacter, NAME_MAX_LENGTH, nameProblem, REFUSED_CHARACTER_IN_LINES_MESSAGE } from './text.ts';

/**
 * The brand on every mail and hosted page: the deployment's (CDK context `brand`, or BRAND_* locally), and an
 * account's own (a reseller's), set by the operator. Every account field falls back to the deployment's.
 */
export interface DeploymentBrand {
  brandName: string;
  /** The sender's display name (the address stays the deployment's verified sender). */
  mailFromName: string;
  /** https, or a `data:image/…;base64,` URL under 20 KB. Only referenced, never fetched by the service. */
  logoUrl: string | null;
  /** `#rrggbb`: the primary button's colour. */
  primaryColor: string;
  supportEmail: string | null;
  supportUrl: string | null;
  /** Plain text, at most 500 characters. */
  legalFooter: string | null;
}

/** What the operator may set for one account (`PUT /v1/accounts/{a}/branding`); absent fields fall back. */
export interface AccountBrand {
  displayName?: string;
  logoUrl?: string;
  primaryColor?: string;
  supportEmail?: string;
}

/** What a mail or page renders. */
export interface Brand {
  /** The name people see: the account brand's displayName, else the deployment's brandName. */
  name: string;
  mailFromName: string;
  logoUrl: string | null;
  primaryColor: string;
  supportEmail: string | null;
  supportUrl: string | null;
  legalFooter: string | null;
}

export const defaultDeploymentBrand: DeploymentBrand = {
  brandName: 'Switchboard',
  mailFromName: 'Switchboard',
  logoUrl: null,
  primaryColor: '#1f5fbf',
  supportEmail: null,
  supportUrl: null,
  legalFooter: null,
};

/** The brand in effect: the account's fields where it set them, the deployment's otherwise. */
export function effectiveBrand(deployment: DeploymentBrand, account?: AccountBrand | null): Brand {
  const name = account?.displayName ?? deployment.brandName;
  return {
    name,
    mailFromName: account?.displayName ?? deployment.mailFromName,
    logoUrl: account?.logoUrl ?? deployment.logoUrl,
    primaryColor: account?.primaryColor ?? deployment.primaryColor,
    supportEmail: account?.supportEmail ?? deployment.supportEmail,
    supportUrl: deployment.supportUrl,
    legalFooter: deployment.legalFooter,
  };
}

/** A data URL logo is at most this many characters (the whole `data:…` text), so mails and pages stay small. */
export const LOGO_DATA_URL_MAX_LENGTH = 20 * 1024;
/** An https URL (logo, support page) is at most this long. */
export const BRAND_URL_MAX_LENGTH = 2048;
export const LEGAL_FOOTER_MAX_LENGTH = 500;
export const BRAND_NAME_MAX_LENGTH = NAME_MAX_LENGTH;
export const HEX_COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
const LOGO_DATA_URL = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

/** Why a brand name (the deployment's, its mail sender's, an account's display name) is refused, or null. */
export function brandNameProblem(name: string): string | null {
  if (name.trim() !== name) return 'must not start or end with spaces';
  return nameProblem(name);
}

/** https only: the page or mail that shows it is https, and nothing else is fetched or linked. */
export function httpsUrlProblem(url: string): string | null {
  if (url.length > BRAND_URL_MAX_LENGTH) return `must be at most ${BRAND_URL_MAX_LENGTH} characters`;
  if (/\s/.test(url) || hasRefusedCharacter(url)) return 'must be an https URL';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.hostname === '') return 'must be an https URL';
    if (parsed.username || parsed.password) return 'must not carry a user name or password';
    return null;
  } catch {
    return 'must be an https URL';
  }
}

/** A logo: an https URL (referenced, never fetched by the service) or an image data URL under 20 KB. */
export function logoUrlProblem(url: string): string | null {
  if (url.slice(0, 5).toLowerCase() === 'data:') {
    if (url.length > LOGO_DATA_URL_MAX_LENGTH)
      return `as a data URL must be at most ${LOGO_DATA_URL_MAX_LENGTH} characters (20 KB); host a larger logo at an https URL`;
    if (!LOGO_DATA_URL.test(url)) return 'as a data URL must be data:image/(png|jpeg|gif|webp|svg+xml);base64,…';
    return null;
  }
  return httpsUrlProblem(url) && 'must be an https URL or a data:image/…;base64, URL under 20 KB';
}

export function colorProblem(color: string): string | null {
  return HEX_COLOR_PATTERN.test(color) ? null : 'must be a colour as #rrggbb (six hex digits)';
}

export function emailProblem(email: string): string | null {
  return email.length <= 254 && EMAIL_PATTERN.test(email) ? null : 'must be a valid email address';
}

/** Plain text (it is escaped wherever it appears), line breaks allowed. */
export function legalFooterProblem(text: string): string | null {
  if (text.trim() === '') return 'must not be empty (leave it out instead)';
  if (text.length > LEGAL_FOOTER_MAX_LENGTH) return `must be at most ${LEGAL_FOOTER_MAX_LENGTH} characters`;
  if (hasRefusedCharacter(text, true)) return REFUSED_CHARACTER_IN_LINES_MESSAGE;
  return null;
}

const accountBrandFields = ['displayName', 'logoUrl', 'primaryColor', 'supportEmail'] as const;
const accountBrandRules: Record<keyof AccountBrand, (value: string) => string | null> = {
  displayName: brandNameProblem,
  logoUrl: logoUrlProblem,
  primaryColor: colorProblem,
  supportEmail: emailProblem,
};

/** What is wrong with an account brand, field by field (empty: nothing). Unknown fields and non-strings too. */
export function checkAccountBrand(brand: unknown): FieldProblem[] {
  if (typeof brand !== 'object' || brand === null || Array.isArray(brand))
    return [{ path: '', message: 'must be an object' }];
  const problems: FieldProblem[] = [];
  for (const [path, value] of Object.entries(brand)) {
    if (!(accountBrandFields as readonly string[]).includes(path)) {
      problems.push({ path, message: 'is not a field of an account brand' });
      continue;
    }
    if (value === undefined) continue;
    const problem =
      typeof value === 'string' ? accountBrandRules[path as keyof AccountBrand](value) : 'must be a string';
    if (problem) problems.push({ path, message: problem });
  }
  return problems;
}

const deploymentBrandRules: Record<
  keyof DeploymentBrand,
  { optional: boolean; rule: (value: string) => string | null }
> = {
  brandName: { optional: false, rule: brandNameProblem },
  mailFromName: { optional: false, rule: brandNameProblem },
  logoUrl: { optional: true, rule: logoUrlProblem },
  primaryColor: { optional: false, rule: colorProblem },
  supportEmail: { optional: true, rule: emailProblem },
  supportUrl: { optional: true, rule: httpsUrlProblem },
  legalFooter: { optional: true, rule: legalFooterProblem },
};

/**
 * What is wrong with a deployment brand, field by field (empty: nothing): every field present, the optional ones a
 * string or null, no unknown field. Synth (CDK context `brand`) and the local runtime (BRAND_*) both check with this.
 */
export function checkDeploymentBrand(brand: unknown): FieldProblem[] {
  if (typeof brand !== 'object' || brand === null || Array.isArray(brand))
    return [{ path: '', message: 'must be an object' }];
  const problems: FieldProblem[] = [];
  for (const path of Object.keys(brand))
    if (!(path in deploymentBrandRules)) problems.push({ path, message: 'is not a field of the deployment brand' });
  for (const [path, { optional, rule }] of Object.entries(deploymentBrandRules)) {
    const value = (brand as Record<string, unknown>)[path];
    const problem =
      typeof value === 'string'
        ? rule(value)
        : value === null && optional
          ? null
          : optional
            ? 'must be a string or null'
            : 'is required (a string)';
    if (problem) problems.push({ path, message: problem });
  }
  return problems;
}

/**
 * The deployment brand from the fields a deployer set (CDK context `brand`, BRAND_* locally): the others from
 * `defaultDeploymentBrand`, the mail sender's name from the brand name; and what is wrong with it (`brand` is only
 * good when `problems` is empty).
 */
export function deploymentBrandFrom(input: Record<string, unknown>): {
  brand: DeploymentBrand;
  problems: FieldProblem[];
} {
  const set = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const brandName = set.brandName ?? defaultDeploymentBrand.brandName;
  const brand = { ...defaultDeploymentBrand, mailFromName: brandName, ...set, brandName };
  return { brand: brand as DeploymentBrand, problems: checkDeploymentBrand(brand) };
}
