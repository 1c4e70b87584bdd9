// Settings › unit prices: one price per saved vendor profile, by its name (Sierra, Decagon and Ada are billed at
// their own prices), and the default a profile without one of its own takes.
import { contractFor, termsPatch, type Settings, type SettingsPatch } from '../../utils/model/settings';
import type { RecountDB } from '../../utils/store/db';
import { DEFAULT_PROFILE_TERMS, useProfileNames } from '../dashboard/profile-names';

export function ProfilePrices({ db, settings, update, say }: { db: RecountDB; settings: Settings; update: (patch: SettingsPatch, done: string) => Promise<void>; say: (text: string) => void }) {
  const names = useProfileNames(db);
  const entries = [...[...names].map(([id, name]) => ({ id, name })), { id: '', name: DEFAULT_PROFILE_TERMS }];
  return (
    <>
      {entries.map(({ id, name }) => (
        <label data-profile={id || undefined}>
          {name}{' '}
          <input
            type="number"
            name={id ? `price-profile-${id}` : 'price-custom'}
            min="0"
            step="0.01"
            value={contractFor(settings, 'custom', id).unitPrice}
            onChange={(e) => {
              const text = (e.target as HTMLInputElement).value;
              const price = Number(text);
              if (text.trim() !== '' && Number.isFinite(price) && price >= 0) void update(termsPatch('custom', id, { unitPrice: price }), `${name} price saved.`);
              else say(`Not saved: the ${name} price must be a number ≥ 0.`);
            }}
          />
        </label>
      ))}
    </>
  );
}
