import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { formatSender, headerText } from '#domain/mail.ts';
import type { Mailer } from '#ports/mailer.ts';
import { env, settingNames } from '#config/env.ts';
import { sesClient } from './client.ts';

export const sesMailer: Mailer = {
  async send({ to, subject, text, html, fromName }) {
    await sesClient.send(
      new SendEmailCommand({
        FromEmailAddress: formatSender(fromName, env(settingNames.mailFrom)),
        Destination: { ToAddresses: to },
        Content: {
          Simple: {
            Subject: { Data: headerText(subject), Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  },
};
