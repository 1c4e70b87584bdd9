import { SigningKeySettings } from './SigningKey';
import { useEffect, useState } from 'preact/hooks';
import type { Settings, SettingsPatch } from '../../utils/model/settings';
import { VENDOR_LABELS, VENDORS } from '../../utils/model/verdict';
import { request } from '../../utils/transport/protocol';
import { TeamLogSettings } from './TeamLog';
import { IntercomApiSettings } from './IntercomApi';
import { PageLabelsForm } from './PageLabelsForm';
import { HelpdeskAccess } from './HelpdeskAccess';
import { ProfilePrices } from './ProfilePrices';
import type { RecountDB } from '../../utils/store/db';

/** The settings as the background holds them, and an update that says what happened (or why not). */
function useSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    request({ type: 'settings/get' })
      .then(setSettings)
      .catch((e) => setStatus(`Could not load settings: ${e.message}`));
  }, []);
  const update = async (patch: SettingsPatch, done: string) => {
    try {
      setSettings(await request({ type: 'settings/update', settings: patch }));
      setStatus(done);
    } catch (e) {
      setStatus(`Not saved: ${(e as Error).message}`);
    }
  };
  return { settings, status, setStatus, update };
}

/** A settings form's submit: saves the reviewer name its field holds (the form's other fields save themselves). */
const saveNameOn = (update: (patch: SettingsPatch, done: string) => Promise<void>) => (e: SubmitEvent) => {
  e.preventDefault();
  const name = String(new FormData(e.currentTarget as HTMLFormElement).get('reviewerName') ?? '').trim();
  void update({ reviewerName: name }, 'Reviewer name saved.');
};

/** The name saved on every tag: the popup's and the welcome page's first field. */
export function ReviewerNameForm() {
  const { settings, status, update } = useSettings();
  if (!settings) return <p class="muted">{status || 'Loading settings…'}</p>;
  return (
    <form
      class="settings"
      onSubmit={saveNameOn(update)}
    >
      <ReviewerNameField initial={settings.reviewerName} />
      <p class="muted" role="status">
        {status}
      </p>
    </form>
  );
}

function ReviewerNameField({ initial }: { initial: string }) {
  const [name, setName] = useState(initial);
  useEffect(() => setName(initial), [initial]);
  return (
    <div class="inline-field">
      <label>
        Your reviewer name{' '}
        <input name="reviewerName" value={name} maxLength={120} placeholder="e.g. Ana (Tier 1)" autoComplete="name" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Save name</button>
    </div>
  );
}

/**
 * Dashboard › Settings: the reviewer name, whether transcripts are kept (turning it off deletes every stored
 * transcript, so it asks first), the unit prices (each vendor profile its own, with `db` to list them) and what a
 * person costs.
 */
export function SettingsForm({ db }: { db?: RecountDB } = {}) {
  const { settings, status, setStatus, update } = useSettings();
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  if (!settings) return <p class="muted">{status || 'Loading settings…'}</p>;
  return (
    <form
      class="settings"
      onSubmit={saveNameOn(update)}
    >
      <ReviewerNameField initial={settings.reviewerName} />
      <label class="check">
        <input
          type="checkbox"
          name="keepTranscripts"
          checked={settings.keepTranscripts && !confirmingDelete}
          onChange={(e) => {
            const keep = (e.target as HTMLInputElement).checked;
            if (keep) {
              setConfirmingDelete(false);
              if (!settings.keepTranscripts) void update({ keepTranscripts: true }, 'Transcripts will be kept.');
            } else setConfirmingDelete(true);
          }}
        />{' '}
        Keep transcripts (off: only a SHA-256 digest and message counts are stored)
      </label>
      {confirmingDelete && (
        <div class="confirm" role="alertdialog" aria-labelledby="transcripts-confirm-text">
          <p id="transcripts-confirm-text">
            Turning this off deletes every transcript stored in this browser now, and keeps none from here on. Verdicts,
            notes, digests and message counts stay. Evidence bundles made later will hold no transcript text.
          </p>
          <button
            type="button"
            class="danger"
            onClick={() => {
              setConfirmingDelete(false);
              void update({ keepTranscripts: false }, 'Transcripts are no longer kept; stored ones were deleted.');
            }}
          >
            Delete stored transcripts
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setConfirmingDelete(false);
              setStatus('Transcripts are still kept; nothing was deleted.');
            }}
          >
            Keep them
          </button>
        </div>
      )}
      <fieldset class="prices">
        <legend>Unit price per billed outcome (USD), for “money at stake”</legend>
        {VENDORS.filter((vendor) => vendor !== 'custom').map((vendor) => (
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
        {db && <ProfilePrices db={db} settings={settings} update={update} say={setStatus} />}
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
export function SettingsPanel({ db }: { db?: RecountDB } = {}) {
  return (
    <>
      <SettingsForm db={db} />
      <HelpdeskAccess />
      <p class="small">
        <a href="/privacy.html" target="_blank" rel="noopener">
          Privacy: what is stored and what leaves this browser
        </a>
      </p>
      <SigningKeySettings />
      <TeamLogSettings />
      <IntercomApiSettings />
      <PageLabelsForm />
    </>
  );
}
