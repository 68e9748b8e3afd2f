import type { DeploymentBrand } from '#domain/brand.ts';

/** What the use cases are told about the deployment (read from the environment by the runtime adapter). */
export interface AppSettings {
  /** Where the web app that opens invitation and reset links lives. */
  appUrl: string;
  invitationTtlSeconds: number;
  /** The deployment's brand on every mail and page (an account's own brand overrides fields of it: `effectiveBrand`). */
  brand: DeploymentBrand;
}
