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
