import { useEffect, useState } from 'preact/hooks';
import type { Settings, SettingsPatch } from '../../utils/model/settings';
import { VENDOR_LABELS, VENDORS } from '../../utils/model/verdict';
import { request } from '../../utils/transport/protocol';
import { TeamLogSettings } from './TeamLog';
import { IntercomApiSettings } from './IntercomApi';
import { PageLabelsForm } from './PageLabelsForm';

export function SettingsForm() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [name, setName] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    request({ type: 'settings/get' })
      .then((s) => {
        setSettings(s);
        setName(s.reviewerName);
      })
      .catch((e) => setStatus(`Could not load settings: ${e.message}`));
  }, []);

  const update = async (patch: SettingsPatch, done: string) => {
    try {
      const next = await request({ type: 'settings/update', settings: patch });
      setSettings(next);
      setName(next.reviewerName);
      setStatus(done);
    } catch (e) {
      setStatus(`Not saved: ${(e as Error).message}`);
    }
  };

  if (!settings) return <p class="muted">{status || 'Loading settings…'}</p>;
  return (
    <form
      class="settings"
      onSubmit={(e) => {
        e.preventDefault();
        void update({ reviewerName: name.trim() }, 'Reviewer name saved.');
      }}
    >
      <label>
        Your reviewer name{' '}
        <input
          name="reviewerName"
          value={name}
          maxLength={120}
          placeholder="e.g. Ana (Tier 1)"
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">Save name</button>
      <label class="check">
        <input
          type="checkbox"
          name="keepTranscripts"
          checked={settings.keepTranscripts}
          onChange={(e) => {
            const keep = (e.target as HTMLInputElement).checked;
            void update(
              { keepTranscripts: keep },
              keep ? 'Transcripts will be kept.' : 'Transcripts are no longer kept; stored ones were deleted.',
            );
          }}
        />{' '}
        Keep transcripts (off: only a SHA-256 digest and message counts are stored)
      </label>
      <fieldset class="prices">
        <legend>Unit price per billed outcome (USD), for “money at stake”</legend>
        {VENDORS.map((vendor) => (
          <label>
            {VENDOR_LABELS[vendor]}{' '}
            <input
              type="number"
              name={`price-${vendor}`}
              min="0"
              step="0.01"
              value={settings.unitPrices[vendor]}
              onChange={(e) => {
                const price = Number((e.target as HTMLInputElement).value);
                if (Number.isFinite(price) && price >= 0) {
                  void update({ unitPrices: { [vendor]: price } }, `${VENDOR_LABELS[vendor]} price saved.`);
                } else setStatus(`Not saved: the ${VENDOR_LABELS[vendor]} price must be a number ≥ 0.`);
              }}
            />
          </label>
        ))}
        <span class="muted small">Defaults from public terms: Intercom $0.99 per outcome, Zendesk $1.50 per automated resolution ($2.00 pay as you go), Agentforce $2 per 24 h conversation window.</span>
      </fieldset>
      <p class="muted" role="status">
        {status}
      </p>
    </form>
  );
}

/** Settings: the form above, the Intercom API witness, and the page words adapters read. */
export function SettingsPanel() {
  return (
    <>
      <SettingsForm />
      <TeamLogSettings />
      <IntercomApiSettings />
      <PageLabelsForm />
    </>
  );
}
