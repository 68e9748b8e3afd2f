import type { Html } from '#domain/html.ts';
import { type AccountView, renderAccountPage } from './account.ts';
import { enrolmentSteps } from './mfa-enrolment-steps.ts';

/**
 * The signed-in person's page: their accounts, two-step sign-in on or off where policy allows (with the enrolment
 * steps and their QR code while an enrolment is under way), and sign-out. Its own module, so that GET /account
 * (`accountPageAtRest`, ./account.ts) bundles no QR library.
 */
export const accountPage = (v: AccountView): Html => renderAccountPage(v, enrolmentSteps);
