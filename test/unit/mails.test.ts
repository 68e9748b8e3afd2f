// Every mail kind, in each language and under the brand in effect: the words, the two parts, escaping, the layout.
import { describe, expect, it } from 'vitest';
import type { Language } from '#domain/i18n.ts';
import { invitationMail } from '#domain/invitation-mail.ts';
import type { MailContext } from '#domain/mail-layout.ts';
import { textColorOn } from '#domain/mail-layout.ts';
import type { MailMessage } from '#domain/mail.ts';
import { backupEmailChangedMail } from '#domain/notice-mail.ts';
import { resetMail } from '#domain/reset-mail.ts';
import { serviceWelcomeMail } from '#domain/service-mail.ts';
import { setupAgainMail, setupMail } from '#domain/setup-mail.ts';
import { createUser } from '#use-cases/users.ts';
import { requestUserPasswordReset, forgotPassword } from '#use-cases/credentials.ts';
import { updateAccountSettings } from '#use-cases/settings.ts';
import { memberInput, world } from '../builders/memory.ts';
import { mailContextFor } from '../fakes/translators.ts';

const LINK = 'https://app.test/accept-invitation?token=abc';
const EXPIRES = '2026-11-29T08:00:00.000Z';
const link = { to: 'ada@example.org', firstName: 'Ada', accountName: 'Acme', link: LINK, expiresAt: EXPIRES };

/** Each kind, written for a context. */
const kinds: Record<string, (ctx: MailContext) => MailMessage> = {
  setup: (ctx) => setupMail(ctx, link),
  setupAgain: (ctx) => setupAgainMail(ctx, link),
  invitation: (ctx) =>
    invitationMail(ctx, { ...link, inviterName: 'Olive Owner', message: 'Welcome aboard!\nSee you Monday' }),
  reset: (ctx) => resetMail(ctx, { to: link.to, link: LINK, expiresAt: EXPIRES, forced: false }),
  forcedReset: (ctx) => resetMail(ctx, { to: link.to, link: LINK, expiresAt: EXPIRES, forced: true }),
  serviceWelcome: (ctx) =>
    serviceWelcomeMail(ctx, {
      ...link,
      type: 'voice',
      pinLink: { link: 'https://app.test/voicemail-pin?token=p', expiresAt: EXPIRES },
    }),
  backupNotice: (ctx) =>
    backupEmailChangedMail(ctx, {
      to: link.to,
      firstName: 'Ada',
      accountName: 'Acme',
      changedBy: 'Olive Owner (olive@acme.test)',
      changedAt: EXPIRES,
      backupEmail: 'ada.backup@example.org',
    }),
};

/** Words each kind says in each language: the subject, and a sentence of its body. */
const words: Record<string, Record<Language, [subject: string, body: string]>> = {
  setup: {
    en: ['Set up your Acme account', 'An account has been created for you in Acme.'],
    de: ['Richten Sie Ihr Konto bei Acme ein', 'Für Sie wurde ein Konto bei Acme angelegt.'],
    fr: ['Configurez votre compte Acme', 'Un compte a été créé pour vous chez Acme.'],
    es: ['Configura tu cuenta de Acme', 'Se ha creado una cuenta para ti en Acme.'],
  },
  setupAgain: {
    en: ['Set up your Acme sign-in again', 'Your previous password no longer works'],
    de: ['Richten Sie Ihre Anmeldung bei Acme neu ein', 'Ihr bisheriges Passwort funktioniert nicht mehr'],
    fr: ['Configurez à nouveau votre connexion à Acme', 'Votre ancien mot de passe ne fonctionne plus'],
    es: ['Vuelve a configurar tu acceso a Acme', 'Tu contraseña anterior ya no funciona'],
  },
  invitation: {
    en: ['Olive Owner invited you to Acme', 'Olive Owner wrote:'],
    de: ['Olive Owner hat Sie zu Acme eingeladen', 'Olive Owner schrieb:'],
    fr: ['Olive Owner vous invite à rejoindre Acme', 'Olive Owner a écrit :'],
    es: ['Olive Owner te ha invitado a Acme', 'Olive Owner escribió:'],
  },
  reset: {
    en: ['Reset your Switchboard password', 'Someone (hopefully you) asked to reset your password.'],
    de: ['Setzen Sie Ihr Passwort für Switchboard zurück', 'Jemand (hoffentlich Sie) hat darum gebeten'],
    fr: ['Réinitialisez votre mot de passe Switchboard', 'Quelqu’un (vous, espérons-le) a demandé'],
    es: ['Restablece tu contraseña de Switchboard', 'Alguien (esperamos que tú) ha pedido'],
  },
  forcedReset: {
    en: ['Reset your Switchboard password', 'An account manager has reset your password'],
    de: ['Setzen Sie Ihr Passwort für Switchboard zurück', 'Ein Kontoverwalter hat Ihr Passwort zurückgesetzt'],
    fr: ['Réinitialisez votre mot de passe Switchboard', 'Un gestionnaire du compte a réinitialisé'],
    es: ['Restablece tu contraseña de Switchboard', 'Un administrador de la cuenta ha restablecido'],
  },
  serviceWelcome: {
    en: ['Your voice service at Acme is ready', 'Set your voicemail PIN'],
    de: ['Ihr Telefondienst bei Acme ist bereit', 'Mailbox-PIN festlegen'],
    fr: ['Votre service de téléphonie chez Acme est prêt', 'Choisir le code PIN de votre messagerie vocale'],
    es: ['Tu servicio de voz en Acme está listo', 'Elegir el PIN de tu buzón de voz'],
  },
  backupNotice: {
    en: ['Your Acme backup email was changed', 'Your backup email is now ada.backup@example.org.'],
    de: [
      'Ihre Ersatz-E-Mail-Adresse bei Acme wurde geändert',
      'Ihre Ersatz-E-Mail-Adresse lautet jetzt ada.backup@example.org.',
    ],
    fr: [
      'Votre adresse e-mail de secours chez Acme a été modifiée',
      'Votre adresse e-mail de secours est désormais ada.backup@example.org.',
    ],
    es: ['Se ha cambiado tu correo de respaldo en Acme', 'Tu correo de respaldo ahora es ada.backup@example.org.'],
  },
};

/** What a reader of the HTML part sees: the text of its elements, entities decoded, one space between words. */
function visibleText(html: string): string {
  const decoded = html
    .replace(/<title>.*?<\/title>/s, '')
    .replace(/<br>/g, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e as 'lt']);
  return decoded.replace(/\s+/g, ' ');
}
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The URLs of the HTML part's buttons. */
const buttonUrls = (m: MailMessage) => [...m.html.matchAll(/bgcolor="#\w+"[^>]*><a href="([^"]+)"/g)].map((x) => x[1]);

/** The lines of the text part the HTML must show as they are: all but a button's "label: url" line. */
const textLines = (m: MailMessage) =>
  m.text
    .split('\n')
    .map((line) => line.replace(/^> /, ''))
    .filter((line) => line && line !== '-- ' && !buttonUrls(m).some((url) => line.endsWith(` ${url}`)));

describe('every mail kind', () => {
  for (const [kind, write] of Object.entries(kinds)) {
    it(`${kind}: each language in its own words, subject included`, () => {
      for (const language of ['en', 'de', 'fr', 'es'] as const) {
        const m = write(mailContextFor(language));
        const [subject, body] = words[kind][language];
        expect(m.subject, `${kind} ${language}`).toBe(subject);
        expect(m.text, `${kind} ${language}`).toContain(body);
        expect(visibleText(m.html), `${kind} ${language}`).toContain(oneLine(body));
        expect(m.html).toContain(`<html lang="${language}">`);
      }
    });

    it(`${kind}: the text part and the HTML part carry the same sentences`, () => {
      for (const language of ['en', 'de', 'fr', 'es'] as const) {
        const ctx = mailContextFor(language, {
          deployment: {
            supportEmail: 'help@acme.test',
            supportUrl: 'https://acme.test/help',
            legalFooter: 'Acme AG\nBerlin',
          },
        });
        const m = write(ctx);
        const shown = visibleText(m.html);
        for (const line of textLines(m)) expect(shown, `${kind} ${language}: ${line}`).toContain(oneLine(line));
        // the link: a button in HTML with the same label as the text's "label: url" line, and the url spelled out
        const buttons = buttonUrls(m);
        expect(buttons.length, kind).toBe(kind === 'backupNotice' ? 0 : 1);
        for (const url of buttons) {
          const line = m.text.split('\n').find((l) => l.endsWith(` ${url}`))!;
          const label = line.slice(0, -url.length - 1).replace(/ ?:$/, '');
          expect(m.html).toContain(`>${label}</a></td>`);
          expect(shown).toContain(url);
        }
      }
    });
  }

  it('the links and dates are there: expiry in the language and the recipient’s time zone', () => {
    const en = setupMail(mailContextFor('en', {}, 'America/New_York'), link);
    expect(en.text).toContain(`Choose your password: ${LINK}`);
    expect(en.text).toContain('This link works once and expires on November 29, 2026 at 3:00 AM.');
    const de = setupMail(mailContextFor('de', {}, 'Europe/Berlin'), link);
    expect(de.text).toContain(`Passwort festlegen: ${LINK}`);
    expect(de.text).toContain('Dieser Link funktioniert einmal und läuft am 29. November 2026 um 09:00 ab.');
    const fr = setupMail(mailContextFor('fr'), link);
    expect(fr.text).toContain(`Choisir votre mot de passe : ${LINK}`);
    expect(fr.text).toMatch(/expire le 29 novembre 2026 (à )?08:00\./);
  });

  it('a forced reset has no "ignore it" line; a self reset has (positive control)', () => {
    const t = mailContextFor('en').t;
    expect(kinds.forcedReset(mailContextFor()).text).not.toContain(t.t('mail.reset.ignore'));
    expect(kinds.reset(mailContextFor()).text).toContain(t.t('mail.reset.ignore'));
  });

  it('a service without a PIN link has no link at all (positive control: voice has one)', () => {
    const fax = serviceWelcomeMail(mailContextFor('de'), { ...link, type: 'fax' });
    expect(fax.subject).toBe('Ihr Faxdienst bei Acme ist bereit');
    expect(fax.text).not.toMatch(/https?:\/\//);
    expect(fax.html).not.toMatch(/<a\s/);
    expect(kinds.serviceWelcome(mailContextFor('de')).html).toMatch(
      /<a href="https:\/\/app\.test\/voicemail-pin\?token=p"/,
    );
  });

  it('the backup notice carries no link; a removed backup email says so', () => {
    const m = backupEmailChangedMail(mailContextFor('es'), {
      to: 'a@x.test',
      firstName: '',
      accountName: 'Acme',
      changedBy: 'Olive',
      changedAt: EXPIRES,
      backupEmail: null,
    });
    expect(m.text).toContain('Hola:');
    expect(m.text).toContain('Se ha eliminado tu correo de respaldo.');
    expect(m.text).toContain('Olive cambió tu correo de respaldo en Acme el 29 de noviembre de 2026');
    expect(m.text).not.toMatch(/https?:\/\//);
    expect(m.html).not.toMatch(/<a\s/);
  });
});

describe("the inviter's words and names", () => {
  const hostile = '<script>alert(1)</script> & "quoted" \'single\'';
  const m = invitationMail(mailContextFor('de'), {
    to: 'x@example.org',
    inviterName: `Olive <b>Owner</b>`,
    accountName: 'Acme & <Co>',
    message: `Willkommen!\n${hostile}\r\nBis Montag`,
    link: LINK,
    expiresAt: EXPIRES,
  });

  it('are quoted as the inviter’s words: "<inviter> wrote:", then `> ` lines in text, a blockquote in HTML', () => {
    expect(m.text).toContain(`Olive <b>Owner</b> schrieb:\n> Willkommen!\n> ${hostile}\n> Bis Montag\n`);
    expect(m.html).toMatch(
      /<p[^>]*>Olive &lt;b&gt;Owner&lt;\/b&gt; schrieb:<\/p>\n<blockquote[^>]*>Willkommen!<br>&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;<br>Bis Montag<\/blockquote>/,
    );
  });

  it('are escaped everywhere in the HTML part: subject, title, body (positive control: the text part keeps them)', () => {
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<b>');
    expect(m.html).not.toContain('<Co>');
    expect(m.html).toContain('Acme &amp; &lt;Co&gt;');
    expect(m.subject).toBe('Olive <b>Owner</b> hat Sie zu Acme & <Co> eingeladen');
    expect(m.html).toContain(
      '<title>Olive &lt;b&gt;Owner&lt;/b&gt; hat Sie zu Acme &amp; &lt;Co&gt; eingeladen</title>',
    );
  });

  it('a first name is escaped in the greeting', () => {
    const s = setupMail(mailContextFor('fr'), { ...link, firstName: '<img src=x onerror=alert(1)>' });
    expect(s.text).toContain('Bonjour <img src=x onerror=alert(1)>,');
    expect(s.html).toContain('Bonjour &lt;img src=x onerror=alert(1)&gt;,');
    expect(s.html).not.toContain('<img src=x');
  });

  it('an invitation goes out under the inviter’s name via the brand; every other kind under the brand’s sender name', () => {
    const ctx = mailContextFor('en', { deployment: { mailFromName: 'Acme Telecom' } });
    expect(kinds.invitation(ctx).fromName).toBe('Olive Owner via Acme Telecom');
    expect(kinds.invitation(mailContextFor('de', { deployment: { mailFromName: 'Acme Telecom' } })).fromName).toBe(
      'Olive Owner über Acme Telecom',
    );
    for (const kind of ['setup', 'setupAgain', 'reset', 'forcedReset', 'serviceWelcome', 'backupNotice'])
      expect(kinds[kind](ctx).fromName, kind).toBe('Acme Telecom');
    // an account's display name is its sender name
    expect(kinds.setup(mailContextFor('en', { account: { displayName: 'Resold Voice' } })).fromName).toBe(
      'Resold Voice',
    );
  });
});

describe('the brand on a mail', () => {
  const deployment = {
    brandName: 'Acme Telecom',
    mailFromName: 'Acme Telecom',
    logoUrl: 'https://cdn.acme.test/logo.png',
    primaryColor: '#0a7d32',
    supportEmail: 'help@acme.test',
    supportUrl: 'https://acme.test/support',
    legalFooter: 'Acme Telecom GmbH\nHauptstraße 1, 10115 Berlin',
  };

  it("the deployment's name, logo, colour on the button, support contact and legal footer, in both parts", () => {
    const m = setupMail(mailContextFor('de', { deployment }), link);
    expect(m.fromName).toBe('Acme Telecom');
    expect(m.html).toContain('<img src="https://cdn.acme.test/logo.png" alt="Acme Telecom"');
    expect(m.html).toMatch(
      /<td align="center" bgcolor="#0a7d32" style="[^"]*background-color:#0a7d32"><a href="https:\/\/app\.test/,
    );
    expect(m.html).toContain('<a href="mailto:help@acme.test"');
    expect(m.html).toContain('<a href="https://acme.test/support"');
    expect(m.html).toContain('Acme Telecom GmbH<br>Hauptstraße 1, 10115 Berlin');
    expect(m.text).toContain('Brauchen Sie Hilfe? Schreiben Sie an help@acme.test.');
    expect(m.text).toContain('Hilfe und Support: https://acme.test/support');
    expect(m.text).toContain('Acme Telecom GmbH\nHauptstraße 1, 10115 Berlin');
    expect(m.text).toContain('Diese Nachricht wurde von Acme Telecom gesendet.');
  });

  it("an account's brand overrides name, logo, colour and support email; the rest stays the deployment's", () => {
    const account = {
      displayName: 'Resold & Co',
      logoUrl: 'https://resold.test/logo.svg',
      primaryColor: '#ffcc00',
      supportEmail: 'care@resold.test',
    };
    const m = resetMail(mailContextFor('en', { deployment, account }), {
      to: 'a@x.test',
      link: LINK,
      expiresAt: EXPIRES,
      forced: false,
    });
    expect(m.subject).toBe('Reset your Resold & Co password');
    expect(m.fromName).toBe('Resold & Co');
    expect(m.html).toContain('<img src="https://resold.test/logo.svg" alt="Resold &amp; Co"');
    expect(m.html).toContain('bgcolor="#ffcc00"');
    // a light colour gets dark text on the button, a dark one white
    expect(m.html).toMatch(/background-color:#ffcc00"><a [^>]*color:#1a1a1a;/);
    expect(textColorOn('#ffcc00')).toBe('#1a1a1a');
    expect(textColorOn('#0a7d32')).toBe('#ffffff');
    expect(m.html).toContain('mailto:care@resold.test');
    expect(m.html).not.toContain('help@acme.test');
    expect(m.text).toContain('Acme Telecom GmbH');
    expect(m.text).toContain('This message was sent by Resold & Co.');
    expect(m.html).not.toContain('cdn.acme.test');
  });

  it('a javascript: logo, or any URL safeUrl refuses, is left out: the name shows instead (positive control: a data: image shows)', () => {
    for (const logoUrl of [
      'javascript:alert(1)',
      'vbscript:x',
      'data:text/html;base64,PHNjcmlwdD4=',
      '//evil.test/x.png',
    ]) {
      const m = setupMail(mailContextFor('en', { deployment: { ...deployment, logoUrl } }), link);
      expect(m.html, logoUrl).not.toContain('<img');
      expect(m.html, logoUrl).not.toContain(logoUrl.slice(0, 12));
      expect(m.html).toMatch(/<p style="[^"]*font-size:20px[^"]*">Acme Telecom<\/p>/);
    }
    const dataLogo = 'data:image/png;base64,iVBORw0KGgo=';
    expect(setupMail(mailContextFor('en', { deployment: { ...deployment, logoUrl: dataLogo } }), link).html).toContain(
      `<img src="${dataLogo}"`,
    );
  });

  it('a colour that is not #rrggbb never reaches the style: the default colour is used', () => {
    const m = setupMail(
      mailContextFor('en', { account: { primaryColor: 'red;background:url(https://t.test/x)' } }),
      link,
    );
    expect(m.html).not.toContain('t.test');
    expect(m.html).toContain('bgcolor="#1f5fbf"');
  });

  it('no remote resources but the logo: no stylesheet, font, script or tracking pixel; a table layout at most 600px wide', () => {
    const m = setupMail(mailContextFor('en', { deployment }), link);
    expect(m.html).not.toMatch(/<link|<script|<style|@import|url\(|@font-face/i);
    expect([...m.html.matchAll(/src="([^"]+)"/g)].map((x) => x[1])).toEqual(['https://cdn.acme.test/logo.png']);
    expect(m.html).toContain('max-width:600px');
    expect(m.html).toContain('<table role="presentation"');
    expect(m.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('support with neither email nor URL: no support line (positive control: the default brand still signs)', () => {
    const m = setupMail(mailContextFor('en'), link);
    expect(m.text).not.toContain('Need help?');
    expect(m.text).toContain('This message was sent by Switchboard.');
    expect(m.html).not.toContain('mailto:');
  });
});

describe('the use cases write each mail in the member’s language, under the account’s brand', () => {
  it("a member's own language wins; without one, the account's; without either, English", async () => {
    const w = await world();
    await createUser(w.deps, w.manager(), memberInput('deutsch', { language: 'de' }));
    expect(w.mailer.sent.at(-1)?.subject).toBe('Richten Sie Ihr Konto bei Acme ein');
    await createUser(w.deps, w.manager(), memberInput('plain'));
    expect(w.mailer.sent.at(-1)?.subject).toBe('Set up your Acme account');
    await updateAccountSettings(w.deps, w.manager(), { language: 'fr', timezone: 'Europe/Paris' });
    await createUser(w.deps, w.manager(), memberInput('francais'));
    expect(w.mailer.sent.at(-1)?.subject).toBe('Configurez votre compte Acme');
    // the account's time zone for dates
    expect(w.mailer.sent.at(-1)?.text).toMatch(/expire le \d+ \w+ \d{4} (à )?\d\d:\d\d\./);
    await createUser(w.deps, w.manager(), memberInput('espanol', { language: 'es-MX' }));
    expect(w.mailer.sent.at(-1)?.subject).toBe('Configura tu cuenta de Acme');
  });

  it("the account's brand (stored on the account) and language are on a forced reset", async () => {
    const w = await world();
    const member = await w.member('ada@acme.test');
    const account = w.dir.accounts.get(member.user.accountId)!;
    w.dir.accounts.set(account.id, { ...account, branding: { displayName: 'Resold Voice', primaryColor: '#123456' } });
    await requestUserPasswordReset(w.deps, w.manager(), member.user.id);
    const forced = w.mailer.sent.at(-1)!;
    expect(forced).toMatchObject({ fromName: 'Resold Voice', subject: 'Reset your Resold Voice password' });
    expect(forced.html).toContain('bgcolor="#123456"');
    await updateAccountSettings(w.deps, w.manager(), { language: 'de' });
    await requestUserPasswordReset(w.deps, w.manager(), member.user.id);
    expect(w.mailer.sent.at(-1)?.subject).toBe('Setzen Sie Ihr Passwort für Resold Voice zurück');
  });

  it("a self-service reset reads no member or account: the deployment's brand, in the asking request's language", async () => {
    const w = await world();
    const account = [...w.dir.accounts.values()][0];
    w.dir.accounts.set(account.id, {
      ...account,
      branding: { displayName: 'Resold Voice' },
      settings: { language: 'fr' },
    });
    await forgotPassword(w.deps, { email: 'boss@acme.test', languages: ['it', 'de-CH', 'fr'] });
    expect(w.mailer.sent.at(-1)).toMatchObject({
      fromName: 'Switchboard',
      subject: 'Setzen Sie Ihr Passwort für Switchboard zurück',
    });
    await forgotPassword(w.deps, { email: 'boss@acme.test' });
    expect(w.mailer.sent.at(-1)?.subject).toBe('Reset your Switchboard password');
  });
});
