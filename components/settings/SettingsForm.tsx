import { SigningKeySettings } from './SigningKey';
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
      <HumanCost settings={settings} update={update} say={setStatus} />
      <p class="muted" role="status">
        {status}
      </p>
    </form>
  );
}

/** The buyer's own cost of a conversation a person handles, and its source: set beside the AI's cost per genuine resolution. */
function HumanCost({ settings, update, say }: { settings: Settings; update: (patch: SettingsPatch, done: string) => Promise<void>; say: (text: string) => void }) {
  const [amount, setAmount] = useState(settings.humanCost ? String(settings.humanCost.amount) : '');
  const [source, setSource] = useState(settings.humanCost?.source ?? '');
  const save = () => {
    if (amount.trim() === '') return void update({ humanCost: null }, 'Cost of a person cleared.');
    const value = Number(amount);
    if (!Number.isFinite(value) || value < 0 || value > 10_000) return say('Not saved: the cost of a person must be a number from 0 to 10,000.');
    void update({ humanCost: { amount: value, source: source.trim() } }, 'Cost of a person saved.');
  };
  return (
    <fieldset class="prices">
      <legend>What a conversation a person handles costs you (USD)</legend>
      <label>
        Cost <input type="number" name="humanCost" min="0" step="0.01" value={amount} onInput={(e) => setAmount((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Source <input name="humanCostSource" maxLength={200} placeholder="e.g. BPO contract, 2026" value={source} onInput={(e) => setSource((e.target as HTMLInputElement).value)} />
      </label>
      <button type="button" onClick={save}>
        Save cost
      </button>
      <span class="muted small">Spot checks show the AI’s cost per genuine resolution beside it (empty: not shown).</span>
    </fieldset>
  );
}

/** Settings: the form above, the Intercom API witness, and the page words adapters read. */
export function SettingsPanel() {
  return (
    <>
      <SettingsForm />
      <SigningKeySettings />
      <TeamLogSettings />
      <IntercomApiSettings />
      <PageLabelsForm />
    </>
  );
}
