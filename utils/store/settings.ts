// The user's settings row: read with the defaults filled in, and changed by patches (a key's page labels at a time).
import { DEFAULT_SETTINGS, profileTermsOf, type Settings, type SettingsPatch } from '../model/settings';
import type { Vendor } from '../model/verdict';
import type { RecountDB } from './db';
import { forgetTagMemory } from './tag-memory';

export async function getSettings(db: RecountDB): Promise<Settings> {
  const row = await db.settings.get('settings');
  const saved = row?.key === 'settings' ? row.value : undefined;
  return mergeSettings(DEFAULT_SETTINGS, saved ?? {});
}

export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  const contracts = { ...base.contracts };
  for (const [vendor, terms] of Object.entries(patch.contracts ?? {})) {
    contracts[vendor as Vendor] = { ...base.contracts[vendor as Vendor], ...terms };
  }
  const pageLabels = { ...base.pageLabels };
  for (const [key, labels] of Object.entries(patch.pageLabels ?? {})) {
    if (labels === null) delete pageLabels[key];
    else pageLabels[key] = labels;
  }
  // A profile's fields merge into its own entry (its other fields kept); null removes the entry.
  const profileTerms = { ...base.profileTerms };
  for (const [id, terms] of Object.entries(patch.profileTerms ?? {})) {
    if (terms === null) delete profileTerms[id];
    else profileTerms[id] = { ...profileTermsOf(base, id), ...terms };
  }
  return {
    ...base,
    ...patch,
    unitPrices: { ...base.unitPrices, ...patch.unitPrices },
    contracts,
    pageLabels,
    barDock: { ...base.barDock, ...patch.barDock },
    profileTerms,
  };
}

export async function updateSettings(db: RecountDB, patch: SettingsPatch): Promise<Settings> {
  return db.transaction('rw', db.settings, db.conversations, async () => {
    const next = mergeSettings(await getSettings(db), patch);
    await db.settings.put({ key: 'settings', value: next });
    forgetTagMemory(db); // the reviewer's name may have changed: the next tag reads the settings again
    // Turning transcripts off also forgets the ones already kept: the user asked for them not to be stored.
    if (patch.keepTranscripts === false) {
      await db.conversations.toCollection().modify((c) => {
        c.transcript = null;
      });
    }
    return next;
  });
}
