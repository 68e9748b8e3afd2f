import * as v from 'valibot';
import { FormSecret, FormText } from './page-forms.ts';

/**
 * The query and forms of the pages behind mailed links. The token arrives in the query once (GET) and then rides in
 * the form's hidden field; an absent or malformed one reads as an unknown link, like any token nobody issued.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const LinkQuery = schema(() => v.object({ token: FormText }));

export const AcceptInvitationForm = schema(() =>
  v.object({ csrf: v.string(), token: FormText, password: FormSecret, firstName: FormText, lastName: FormText }),
);
export const ResetPasswordForm = schema(() => v.object({ csrf: v.string(), token: FormText, password: FormSecret }));
export const VoicemailPinForm = schema(() =>
  v.object({ csrf: v.string(), token: FormText, pin: FormText, repeat: FormText }),
);
