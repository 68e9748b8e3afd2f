import { callerContact, type MemberCaller } from '#domain/caller.ts';
import { backupEmailChangedMail } from '#domain/notice-mail.ts';
import type { User } from '#domain/user.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import { getAccount } from './accounts.ts';
import type { Deps, UserReads, AccountReads } from './deps.ts';
import { mailContext } from './mail-context.ts';

/**
 * After a committed change of a member's backup email, tells the member at their primary email who changed it and
 * when. A backup email is a recovery channel (a forced reset mails it), so a silent change would let whoever may
 * write it plant one. A refused mail is logged: the change stands, as the client was told.
 */
export async function noticeBackupEmailChange(
  deps: Pick<Deps, 'mailer' | 'translators' | 'settings'> & { users: UserReads; accounts: AccountReads },
  caller: MemberCaller,
  before: User,
  after: User,
): Promise<void> {
  if ((before.backupEmail ?? null) === (after.backupEmail ?? null)) return;
  try {
    const [account, changer] = await Promise.all([
      getAccount(deps, caller),
      deps.users.get(caller.membership.accountId, caller.membership.userId),
    ]);
    const name = changer ? `${changer.firstName} ${changer.lastName}`.trim() : '';
    await deps.mailer.send(
      backupEmailChangedMail(mailContext(deps, account, after), {
        to: after.email,
        firstName: after.firstName,
        accountName: account.name,
        changedBy: name ? `${name} (${callerContact(caller)})` : callerContact(caller),
        changedAt: after.updatedAt,
        backupEmail: after.backupEmail,
      }),
    );
  } catch (error) {
    countMetric('mailsRefused');
    logger.warn('backup email notice not sent', {
      accountId: after.accountId,
      userId: after.id,
      error: (error as Error).name,
    });
  }
}
