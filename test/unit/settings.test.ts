import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, PreconditionFailedError, SettingExceedsParentError } from '#domain/errors.ts';
import {
  accountSettings,
  applySettingsPatch,
  assertWithinLevelsAbove,
  DEFAULT_SETTINGS,
  isTimeZone,
  resolveSettings,
} from '#domain/settings.ts';
import { getAccount, updateAccount } from '#use-cases/accounts.ts';
import { getAccountSettings, getUnitSettings, updateAccountSettings, updateUnitSettings } from '#use-cases/settings.ts';
import { updateUnit } from '#use-cases/units.ts';
import { orgWorld, withMfa } from '../builders/memory.ts';

describe('resolving effective settings', () => {
  const account = accountSettings({ language: 'en', faxSettings: { retries: 2, coverPage: true } }, false);

  it('takes each value from the nearest level that sets it and names that level', () => {
    const eff = resolveSettings({
      account,
      units: [
        { unitId: 'root', overrides: { timezone: 'Europe/Berlin' } },
        { unitId: 'berlin', overrides: { language: 'de' } },
      ],
    });
    expect(eff.language).toEqual({ value: 'de', source: 'unit:berlin' });
    expect(eff.timezone).toEqual({ value: 'Europe/Berlin', source: 'unit:root' });
    expect(eff.countryCode).toEqual({ value: null, source: 'account' });
    expect(eff.mfaRequired).toEqual({ value: false, source: 'account' });
  });

  it('inherits nested objects field by field, each field with its own source', () => {
    const eff = resolveSettings({
      account,
      units: [
        { unitId: 'u1', overrides: { faxSettings: { resolution: 'fine' } } },
        { unitId: 'u2', overrides: { faxSettings: { retries: 5 } } },
      ],
    });
    expect(eff.faxSettings.value).toEqual({
      resolution: 'fine',
      retries: 5,
      coverPage: true,
      coverPageText: null,
      headerLine: null,
      notifyOnDelivery: false,
    });
    expect(eff.faxSettings.fields).toEqual({
      resolution: { value: 'fine', source: 'unit:u1' },
      retries: { value: 5, source: 'unit:u2' },
      coverPage: { value: true, source: 'account' },
      coverPageText: { value: null, source: 'account' },
      headerLine: { value: null, source: 'account' },
      notifyOnDelivery: { value: false, source: 'account' },
    });
    // the object's source is the most specific level that contributed a field
    expect(eff.faxSettings.source).toBe('unit:u2');
    expect(eff.smsSettings.source).toBe('account');
  });

  it('takes an optional user layer above the units', () => {
    const units = [{ unitId: 'u1', overrides: { language: 'fr', smsSettings: { senderId: 'ACME' } } }];
    expect(resolveSettings({ account, units, user: { language: 'nl' } }).language).toEqual({
      value: 'nl',
      source: 'user',
    });
    expect(
      resolveSettings({ account, units, user: { smsSettings: { deliveryReports: true } } }).smsSettings.fields,
    ).toEqual({
      senderId: { value: 'ACME', source: 'unit:u1' },
      deliveryReports: { value: true, source: 'user' },
      signature: { value: null, source: 'account' },
      defaultCountryCode: { value: null, source: 'account' },
    });
    expect(resolveSettings({ account, units, user: {} }).language).toEqual({ value: 'fr', source: 'unit:u1' });
  });

  it('narrows allowedModules down the levels: a list counts only within what the levels above allow', () => {
    const narrow = accountSettings({ allowedModules: ['fax', 'voice'] }, false);
    const eff = resolveSettings({
      account: narrow,
      units: [{ unitId: 'u1', overrides: { allowedModules: ['messaging', 'fax', 'voice'] } }],
      user: { allowedModules: ['voice', 'reports', 'fax'] },
    });
    expect(eff.allowedModules).toEqual({ value: ['voice', 'fax'], source: 'user' });
    const above = resolveSettings({
      account: narrow,
      units: [{ unitId: 'u1', overrides: { allowedModules: ['fax'] } }],
    });
    expect(() => assertWithinLevelsAbove({ allowedModules: ['fax', 'voice'] }, above)).toThrow(
      SettingExceedsParentError,
    );
    // positive controls: within, or removing the override
    expect(() => assertWithinLevelsAbove({ allowedModules: ['fax'] }, above)).not.toThrow();
    expect(() => assertWithinLevelsAbove({ allowedModules: [] }, above)).not.toThrow();
    expect(() => assertWithinLevelsAbove({ allowedModules: null, language: 'de' }, above)).not.toThrow();
  });

  it('fills the account level from the defaults', () => {
    expect(accountSettings({}, true)).toEqual({ ...DEFAULT_SETTINGS, mfaRequired: true });
  });
});

describe('patching a level', () => {
  it('sets values, removes them with null (field by field in nested objects) and reports the changed paths', () => {
    const stored = { language: 'de', faxSettings: { retries: 1, coverPage: true } };
    const { next, changed } = applySettingsPatch(stored, {
      language: null,
      timezone: 'UTC',
      faxSettings: { retries: null, resolution: 'fine' },
    });
    expect(next).toEqual({ timezone: 'UTC', faxSettings: { coverPage: true, resolution: 'fine' } });
    expect(changed.sort()).toEqual(['faxSettings.resolution', 'faxSettings.retries', 'language', 'timezone']);
    expect(stored).toEqual({ language: 'de', faxSettings: { retries: 1, coverPage: true } });
    expect(applySettingsPatch(next, { faxSettings: null }).next).toEqual({ timezone: 'UTC' });
    expect(applySettingsPatch(next, { timezone: 'UTC' }).changed).toEqual([]);
  });

  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus', false],
    ['+01:00', false],
    ['europe/berlin', false],
  ])('time zone %s valid: %s', (tz, valid) => expect(isTimeZone(tz)).toBe(valid));
});

describe('settings use cases', () => {
  it('account-level mfaRequired is the account’s own flag, whichever endpoint writes it', async () => {
    const w = await orgWorld();
    await updateAccount(w.deps, withMfa(w.manager()), { mfaRequired: true });
    expect((await getAccountSettings(w.org, w.manager())).settings.mfaRequired).toBe(true);
    const view = await updateAccountSettings(w.org, w.manager(), { mfaRequired: false, language: 'de' });
    expect(view.effectiveSettings.language).toEqual({ value: 'de', source: 'account' });
    expect(await getAccount(w.deps, w.manager())).toMatchObject({ mfaRequired: false, settings: { language: 'de' } });
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'settings.updated',
      details: { level: 'account', changed: ['language', 'mfaRequired'] },
    });
    // PATCH /accounts keeps the settings (the same item, a whole-item write)
    await updateAccount(w.deps, w.manager(), { name: 'Acme Fax' });
    expect((await getAccount(w.deps, w.manager())).settings).toEqual({ language: 'de' });
  });

  it('a unit inherits an account change unless it overrides it; null removes the override', async () => {
    const w = await orgWorld();
    const [emea, berlin] = await w.chain(w.rootId, ['EMEA', 'Berlin']);
    await updateUnitSettings(w.org, w.manager(), emea.id, { timezone: 'Europe/Paris', faxSettings: { retries: 1 } });
    await updateAccountSettings(w.org, w.manager(), {
      timezone: 'America/New_York',
      language: 'es',
      faxSettings: { coverPage: true },
    });
    let eff = (await getUnitSettings(w.org, w.manager(), berlin.id)).effectiveSettings;
    expect(eff.language).toEqual({ value: 'es', source: 'account' });
    expect(eff.timezone).toEqual({ value: 'Europe/Paris', source: `unit:${emea.id}` });
    expect(eff.faxSettings.fields.coverPage).toEqual({ value: true, source: 'account' });
    expect(eff.faxSettings.fields.retries).toEqual({ value: 1, source: `unit:${emea.id}` });

    const view = await updateUnitSettings(w.org, w.manager(), emea.id, { timezone: null }, 1);
    expect(view.settings).toEqual({ faxSettings: { retries: 1 } });
    expect(view.version).toBe(2);
    eff = (await getUnitSettings(w.org, w.manager(), berlin.id)).effectiveSettings;
    expect(eff.timezone).toEqual({ value: 'America/New_York', source: 'account' });
  });

  it('follows a move: the new ancestors’ overrides apply', async () => {
    const w = await orgWorld();
    const [emea, berlin] = await w.chain(w.rootId, ['EMEA', 'Berlin']);
    const [apac] = await w.chain(w.rootId, ['APAC']);
    await updateUnitSettings(w.org, w.manager(), emea.id, { language: 'de' });
    await updateUnitSettings(w.org, w.manager(), apac.id, { language: 'ja' });
    await updateUnit(w.org, w.manager(), berlin.id, { parentId: apac.id });
    expect((await getUnitSettings(w.org, w.manager(), berlin.id)).effectiveSettings.language).toEqual({
      value: 'ja',
      source: `unit:${apac.id}`,
    });
  });

  it('refuses a stale If-Match (412), a regular user (403) and another account’s unit (404); positive controls pass', async () => {
    const w = await orgWorld();
    const [emea] = await w.chain(w.rootId, ['EMEA']);
    const { caller } = await w.member('max@acme.test');
    const other = await w.secondAccount('Other', 'other@other.test');
    await expect(updateUnitSettings(w.org, w.manager(), emea.id, { language: 'de' }, 3)).rejects.toThrow(
      PreconditionFailedError,
    );
    await expect(updateUnitSettings(w.org, caller(), emea.id, { language: 'de' })).rejects.toThrow(ForbiddenError);
    await expect(getAccountSettings(w.org, caller())).rejects.toThrow(ForbiddenError);
    await expect(getUnitSettings(w.org, other.manager(), emea.id)).rejects.toThrow(NotFoundError);
    await expect(updateUnitSettings(w.org, w.manager(), emea.id, { language: 'de' }, 0)).resolves.toMatchObject({
      settings: { language: 'de' },
      version: 1,
    });
  });
});
