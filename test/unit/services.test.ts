import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  ModuleNotGrantedError,
  NotAPersonError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitedError,
  ServiceExistsError,
  ValidationError,
  VoicemailPinLinkExpiredError,
  VoicemailPinLinkUsedError,
  WeakPinError,
} from '#domain/errors.ts';
import { DAILY_INVITATION_LIMIT, quotaDay } from '#domain/invitation-rules.ts';
import { hasOwnMailbox } from '#domain/service.ts';
import { assertStrongPin, pinMatches } from '#domain/voicemail-pin.ts';
import { CreateServiceBody, UpdateServiceBody, VoicemailPinBody } from '#http/schemas/services.ts';
import { SettingsPatchBody } from '#http/schemas/settings.ts';
import { toServiceDto } from '#http/service-dto.ts';
import { parseWith } from '#http/validation.ts';
import { updateUnitSettings } from '#use-cases/settings.ts';
import { closeService, createService, getService, listServices, updateService } from '#use-cases/services.ts';
import { updateAccountSettings } from '#use-cases/settings.ts';
import { updateUser } from '#use-cases/users.ts';
import { setVoicemailPin } from '#use-cases/voicemail-pin.ts';
import { orgWorld } from '../builders/memory.ts';

async function servicesWorld() {
  const w = await orgWorld();
  const memory = w.dir.services;
  const deps = { ...w.deps, services: memory.store };
  const max = await w.member('max@acme.test');
  const pinToken = () => {
    const m = /\/voicemail-pin\?token=([A-Za-z0-9_-]+)/.exec(w.mailer.sent.at(-1)?.text ?? '');
    if (!m) throw new Error('no voicemail PIN link in the last mail');
    return m[1];
  };
  return { ...w, memory, deps, max, pinToken };
}

describe('services of a member', () => {
  it('creates a service that stores only its overrides and shows each effective setting with its source', async () => {
    const w = await servicesWorld();
    await updateAccountSettings(w.org, w.manager(), { faxSettings: { resolution: 'fine' } });
    await updateUnitSettings(w.org, w.manager(), w.rootId, { faxSettings: { headerLine: 'ACME Corp' } });
    await updateUser(w.deps, w.manager(), w.max.user.id, { settings: { faxSettings: { coverPage: true } } });

    const view = await createService(w.deps, w.manager(), w.max.user.id, {
      type: 'fax',
      settings: { notifyOnDelivery: true },
    });

    expect(view.service).toMatchObject({ type: 'fax', status: 'active', settings: { notifyOnDelivery: true } });
    expect(view.effectiveSettings).toEqual({
      resolution: { value: 'fine', source: 'account' },
      retries: { value: 3, source: 'account' },
      coverPage: { value: true, source: 'user' },
      coverPageText: { value: null, source: 'account' },
      headerLine: { value: 'ACME Corp', source: `unit:${w.rootId}` },
      notifyOnDelivery: { value: true, source: 'service' },
    });
    expect(w.eventTypes().at(-1)).toBe('service.created');
    expect(w.dir.events.at(-1)).toMatchObject({ target: { userId: w.max.user.id }, details: { type: 'fax' } });
    // a later change above shows through what the service does not override
    await updateAccountSettings(w.org, w.manager(), { faxSettings: { notifyOnDelivery: false, retries: 1 } });
    const read = await getService(w.deps, w.manager(), w.max.user.id, 'fax');
    expect(read.effectiveSettings.retries).toEqual({ value: 1, source: 'account' });
    expect(read.effectiveSettings.notifyOnDelivery).toEqual({ value: true, source: 'service' });
  });

  it('a voice service has its own extension besides the inherited voice settings', async () => {
    const w = await servicesWorld();
    const view = await createService(w.deps, w.manager(), w.max.user.id, {
      type: 'voice',
      settings: { extension: '201' },
    });
    expect(view.effectiveSettings).toEqual({
      voicemailEnabled: { value: true, source: 'account' },
      callerId: { value: null, source: 'account' },
      extension: { value: '201', source: 'service' },
    });
  });

  it('keeps one service per type (409 service_exists); a closed one is re-opened with fresh settings', async () => {
    const w = await servicesWorld();
    const first = await createService(w.deps, w.manager(), w.max.user.id, {
      type: 'sms',
      settings: { signature: 'Max' },
    });
    await expect(createService(w.deps, w.manager(), w.max.user.id, { type: 'sms' })).rejects.toBeInstanceOf(
      ServiceExistsError,
    );
    // positive control: another type is fine
    await createService(w.deps, w.manager(), w.max.user.id, { type: 'fax' });

    await closeService(w.deps, w.manager(), w.max.user.id, 'sms');
    const reopened = await createService(w.deps, w.manager(), w.max.user.id, { type: 'sms' });
    expect(reopened.service).toMatchObject({ status: 'active', settings: {}, closedAt: null });
    expect(reopened.service.version).toBe(first.service.version + 2);
    expect(w.dir.events.at(-1)).toMatchObject({ type: 'service.created', details: { reopened: true } });
  });

  it('refuses a type whose module the member lacks (403 module_not_granted), and a closed member (409)', async () => {
    const w = await servicesWorld();
    await updateUser(w.deps, w.manager(), w.max.user.id, { settings: { allowedModules: ['messaging', 'voice'] } });
    await expect(createService(w.deps, w.manager(), w.max.user.id, { type: 'fax' })).rejects.toBeInstanceOf(
      ModuleNotGrantedError,
    );
    expect(w.memory.services.size).toBe(0);
    // positive control: a granted module
    await createService(w.deps, w.manager(), w.max.user.id, { type: 'sms' });
    // a module withdrawn later: the service is still readable and closable, but not changed
    await updateUser(w.deps, w.manager(), w.max.user.id, { settings: { allowedModules: ['voice'] } });
    await expect(
      updateService(w.deps, w.manager(), w.max.user.id, 'sms', { settings: { signature: 'x' } }),
    ).rejects.toBeInstanceOf(ModuleNotGrantedError);
    await closeService(w.deps, w.manager(), w.max.user.id, 'sms');

    w.dir.users.set(`${w.account.id}/${w.max.user.id}`, { ...w.max.user, status: 'closed' });
    await expect(createService(w.deps, w.manager(), w.max.user.id, { type: 'voice' })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it("refuses another type's settings with the field's path (400)", async () => {
    const w = await servicesWorld();
    const error = await createService(w.deps, w.manager(), w.max.user.id, {
      type: 'fax',
      settings: { senderId: 'ACME', coverPage: true },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['settings.senderId']);
    expect(w.memory.services.size).toBe(0);
  });

  it('lets managers write, the member read their own, and nobody else in', async () => {
    const w = await servicesWorld();
    const other = await w.member('olga@acme.test');
    await expect(createService(w.deps, w.max.caller(), w.max.user.id, { type: 'fax' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await createService(w.deps, w.manager(), w.max.user.id, { type: 'fax' });
    // the member reads their own services, another member does not
    expect((await listServices(w.deps, w.max.caller(), w.max.user.id)).map((v) => v.service.type)).toEqual(['fax']);
    await expect(listServices(w.deps, other.caller(), w.max.user.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(closeService(w.deps, w.max.caller(), w.max.user.id, 'fax')).rejects.toBeInstanceOf(ForbiddenError);
    // another account's manager: 404
    const second = await w.secondAccount('Other', 'boss@other.test');
    await expect(listServices(w.deps, second.manager(), w.max.user.id)).rejects.toBeInstanceOf(NotFoundError);
    // an id that is no type, or a type the member has not: 404
    await expect(getService(w.deps, w.manager(), w.max.user.id, 'pager')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getService(w.deps, w.manager(), w.max.user.id, 'sms')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('patches overrides (null inherits again), honours If-Match, and refuses a closed service', async () => {
    const w = await servicesWorld();
    const created = await createService(w.deps, w.manager(), w.max.user.id, {
      type: 'sms',
      settings: { senderId: 'ACME', deliveryReports: true },
    });
    const patched = await updateService(w.deps, w.manager(), w.max.user.id, 'sms', {
      settings: { senderId: null, signature: '-- Max' },
    });
    expect(patched.service.settings).toEqual({ deliveryReports: true, signature: '-- Max' });
    expect(patched.effectiveSettings.senderId).toEqual({ value: null, source: 'account' });
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'service.updated',
      details: { changed: ['senderId', 'signature'] },
    });
    await expect(
      updateService(
        w.deps,
        w.manager(),
        w.max.user.id,
        'sms',
        { settings: { signature: 'x' } },
        created.service.version,
      ),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(
      closeService(w.deps, w.manager(), w.max.user.id, 'sms', created.service.version),
    ).rejects.toBeInstanceOf(PreconditionFailedError);

    await closeService(w.deps, w.manager(), w.max.user.id, 'sms', patched.service.version);
    const [closed] = await listServices(w.deps, w.manager(), w.max.user.id);
    expect(closed.service).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect(w.eventTypes().at(-1)).toBe('service.closed');
    const events = w.dir.events.length;
    await closeService(w.deps, w.manager(), w.max.user.id, 'sms');
    expect(w.dir.events.length).toBe(events);
    await expect(
      updateService(w.deps, w.manager(), w.max.user.id, 'sms', { settings: { signature: 'x' } }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('welcome mail and voicemail PIN', () => {
  it('mails a fax service without a link, a voice service with a PIN link, each counting against the quota', async () => {
    const w = await servicesWorld();
    const day = `${w.account.id}/${quotaDay(w.clock.now()).day}`;
    const before = w.dir.invitationWorkflow.quota.get(day) ?? 0;
    await createService(w.deps, w.manager(), w.max.user.id, { type: 'fax', welcomeEmail: true });
    expect(w.mailer.sent.at(-1)).toMatchObject({ to: ['max@acme.test'], subject: expect.stringContaining('fax') });
    expect(w.mailer.sent.at(-1)?.text).not.toContain('token=');

    await createService(w.deps, w.manager(), w.max.user.id, { type: 'voice', welcomeEmail: true });
    expect(w.mailer.sent.at(-1)?.text).toContain('https://app.test/voicemail-pin?token=');
    expect(w.dir.invitationWorkflow.quota.get(day)).toBe(before + 2);
    // no mail asked: none sent, nothing counted
    await createService(w.deps, w.manager(), w.max.user.id, { type: 'sms' });
    expect(w.dir.invitationWorkflow.quota.get(day)).toBe(before + 2);
  });

  it("past the day's mail quota: 429 and nothing written", async () => {
    const w = await servicesWorld();
    w.dir.invitationWorkflow.quota.set(`${w.account.id}/${quotaDay(w.clock.now()).day}`, DAILY_INVITATION_LIMIT);
    const sent = w.mailer.sent.length;
    await expect(
      createService(w.deps, w.manager(), w.max.user.id, { type: 'voice', welcomeEmail: true }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(w.memory.services.size).toBe(0);
    expect(w.memory.links.size).toBe(0);
    expect(w.mailer.sent.length).toBe(sent);
    // positive control: without the mail the service is created
    await createService(w.deps, w.manager(), w.max.user.id, { type: 'voice' });
  });

  it('sends no welcome mail to a member without a mailbox of their own (409 not_a_person)', async () => {
    expect(hasOwnMailbox({ email: 'a@b.test' })).toBe(true);
    expect(hasOwnMailbox({ email: 'a@b.test', type: 'conference_bridge' })).toBe(false);
    const w = await servicesWorld();
    const bridge = { ...w.max.user, type: 'conference_bridge' as const };
    w.dir.users.set(`${w.account.id}/${w.max.user.id}`, bridge);
    await expect(
      createService(w.deps, w.manager(), w.max.user.id, { type: 'voice', welcomeEmail: true }),
    ).rejects.toBeInstanceOf(NotAPersonError);
    expect(w.memory.services.size).toBe(0);
  });

  it('refuses weak PINs with a clear 400 before reading the link', () => {
    for (const pin of ['0000', '77777777', '1234', '4567890', '9876', '3210', '7890'])
      expect(() => assertStrongPin(pin), pin).toThrow(WeakPinError);
    for (const pin of ['1357', '2580', '12341234', '0911']) expect(() => assertStrongPin(pin), pin).not.toThrow();
  });

  it('sets the PIN once per link, hashed, never in the response; a newer link rewrites it', async () => {
    const w = await servicesWorld();
    await createService(w.deps, w.manager(), w.max.user.id, { type: 'voice', welcomeEmail: true });
    const token = w.pinToken();
    await expect(setVoicemailPin(w.deps, { token, pin: '1111' })).rejects.toBeInstanceOf(WeakPinError);
    await setVoicemailPin(w.deps, { token, pin: '2580' });

    const stored = w.memory.services.get(`${w.account.id}/${w.max.user.id}/voice`)!;
    expect(stored.pinHash).toMatch(/^scrypt\$/);
    expect(stored.pinHash).not.toContain('2580');
    expect(pinMatches('2580', stored.pinHash!)).toBe(true);
    expect(pinMatches('2581', stored.pinHash!)).toBe(false);
    const dto = toServiceDto(await getService(w.deps, w.manager(), w.max.user.id, 'voice'));
    expect(dto).toMatchObject({ voicemailPinSet: true });
    expect(JSON.stringify(dto)).not.toMatch(/scrypt|pinHash|pinLinkHash/);
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'service.voicemail_pin_set',
      actor: { kind: 'user', userId: w.max.user.id },
      details: { replaced: false },
    });
    // single use
    await expect(setVoicemailPin(w.deps, { token, pin: '1357' })).rejects.toBeInstanceOf(VoicemailPinLinkUsedError);

    // a new welcome mail carries a new link: the one before it is retired, the new one rewrites the PIN
    await updateService(w.deps, w.manager(), w.max.user.id, 'voice', { welcomeEmail: true });
    const older = w.pinToken();
    await updateService(w.deps, w.manager(), w.max.user.id, 'voice', { welcomeEmail: true });
    const newer = w.pinToken();
    await expect(setVoicemailPin(w.deps, { token: older, pin: '1357' })).rejects.toBeInstanceOf(
      VoicemailPinLinkUsedError,
    );
    await setVoicemailPin(w.deps, { token: newer, pin: '1357' });
    const rewritten = w.memory.services.get(`${w.account.id}/${w.max.user.id}/voice`)!;
    expect(pinMatches('1357', rewritten.pinHash!)).toBe(true);
    expect(w.dir.events.at(-1)).toMatchObject({ details: { replaced: true } });
  });

  it('an unknown token is 404, an expired link 410 expired, a closed service 410 used; purged links 404', async () => {
    const w = await servicesWorld();
    await expect(setVoicemailPin(w.deps, { token: 'x'.repeat(43), pin: '2580' })).rejects.toBeInstanceOf(NotFoundError);
    await createService(w.deps, w.manager(), w.max.user.id, { type: 'voice', welcomeEmail: true });
    const expiring = w.pinToken();
    w.clock.advance(w.deps.settings.invitationTtlSeconds);
    await expect(setVoicemailPin(w.deps, { token: expiring, pin: '2580' })).rejects.toBeInstanceOf(
      VoicemailPinLinkExpiredError,
    );
    w.clock.advance(31 * 24 * 3600);
    await expect(setVoicemailPin(w.deps, { token: expiring, pin: '2580' })).rejects.toBeInstanceOf(NotFoundError);

    await updateService(w.deps, w.manager(), w.max.user.id, 'voice', { welcomeEmail: true });
    const token = w.pinToken();
    await closeService(w.deps, w.manager(), w.max.user.id, 'voice');
    await expect(setVoicemailPin(w.deps, { token, pin: '2580' })).rejects.toBeInstanceOf(VoicemailPinLinkUsedError);
    expect(w.memory.services.get(`${w.account.id}/${w.max.user.id}/voice`)?.pinHash).toBeNull();
  });
});

describe('the service settings catalogue at the edge', () => {
  const problems = (schema: Parameters<typeof parseWith>[0], value: unknown) => {
    try {
      parseWith(schema, value);
    } catch (e) {
      return Object.fromEntries((e as ValidationError).errors.map((p) => [p.path, p.message]));
    }
    return {};
  };

  it('validates each field, and refuses unknown ones and fields a client may not set', () => {
    expect(
      Object.keys(
        problems(CreateServiceBody, {
          type: 'pager',
          id: 'fax',
          status: 'active',
          settings: {
            resolution: 'ultra',
            retries: 6,
            headerLine: 'x'.repeat(61),
            senderId: 'THIS-IS-TOO-LONG',
            signature: 'bad\u202etext',
            defaultCountryCode: 'usa',
            callerId: '555-1234',
            extension: '1',
            colour: true,
          },
        }),
      ).sort(),
    ).toEqual([
      'id',
      'settings.callerId',
      'settings.colour',
      'settings.defaultCountryCode',
      'settings.extension',
      'settings.headerLine',
      'settings.resolution',
      'settings.retries',
      'settings.senderId',
      'settings.signature',
      'status',
      'type',
    ]);
    // positive controls
    expect(
      problems(CreateServiceBody, {
        type: 'voice',
        settings: { extension: '201', callerId: '+15551234567', voicemailEnabled: false },
        welcomeEmail: true,
      }),
    ).toEqual({});
    expect(problems(UpdateServiceBody, { settings: { signature: null, senderId: 'ACME' } })).toEqual({});
    expect(Object.keys(problems(UpdateServiceBody, { welcomeEmail: 'yes', type: 'sms' })).sort()).toEqual([
      'type',
      'welcomeEmail',
    ]);
  });

  it('lets every level of the settings chain set the service defaults, with the same rules', () => {
    expect(
      problems(SettingsPatchBody, {
        faxSettings: { headerLine: 'ACME', notifyOnDelivery: true },
        smsSettings: { signature: '-- ACME', defaultCountryCode: 'DE' },
        voiceSettings: { voicemailEnabled: false, callerId: '+4930123456' },
      }),
    ).toEqual({});
    expect(
      Object.keys(
        problems(SettingsPatchBody, {
          voiceSettings: { callerId: '030 123', extension: '201' },
          faxSettings: { headerLine: '' },
        }),
      ).sort(),
    ).toEqual(['faxSettings.headerLine', 'voiceSettings.callerId', 'voiceSettings.extension']);
  });

  it('takes a PIN of 4-8 digits only', () => {
    const token = 'x'.repeat(43);
    expect(problems(VoicemailPinBody, { token, pin: '2580' })).toEqual({});
    for (const pin of ['258', '123456789', '12a4', 2580])
      expect(Object.keys(problems(VoicemailPinBody, { token, pin })), String(pin)).toEqual(['pin']);
  });
});
