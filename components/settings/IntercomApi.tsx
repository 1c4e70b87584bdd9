// Settings › Intercom API, and Reconcile's "Pull from Intercom". The token goes from this form to the
// background once and never comes back: the page only ever sees the workspace name and the region.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { BilledRead } from '../../utils/io/billed-list';
import { INTERCOM_API_HOSTS, type IntercomRegion } from '../../utils/io/intercom-api';
import type { IntercomApiStatus } from '../../utils/io/intercom-witness';
import { isApiPullProgress, type ApiPullProgress } from '../../utils/transport/protocol';
import { formatTime } from '../../utils/model/format';
import { request } from '../../utils/transport/protocol';

const REGION_LABELS: Record<IntercomRegion, string> = {
  us: 'United States (api.intercom.io)',
  eu: 'Europe (api.eu.intercom.io)',
  au: 'Australia (api.au.intercom.io)',
};

/** Said on this page when the token is saved or forgotten, so every part of the dashboard follows. */
const API_CHANGED = 'recount:intercom-api-changed';

function useApiStatus(): [IntercomApiStatus | null, (s: IntercomApiStatus) => void] {
  const [status, setStatus] = useState<IntercomApiStatus | null>(null);
  useEffect(() => {
    const load = () =>
      request({ type: 'intercom-api/status' }).then(setStatus, () => setStatus({ configured: false, region: null, host: null, workspaceName: null }));
    void load();
    window.addEventListener(API_CHANGED, load);
    return () => window.removeEventListener(API_CHANGED, load);
  }, []);
  return [status, (next) => {
    setStatus(next);
    window.dispatchEvent(new Event(API_CHANGED));
  }];
}

/** The popup's one line on the Intercom API: connected to which workspace, or not set up. */
export function ApiStatusLine() {
  const [status] = useApiStatus();
  if (!status) return null;
  return (
    <p class="api-status" role="status" aria-label="Intercom API status">
      {status.configured ? `Intercom API: connected to “${status.workspaceName}” (${status.region?.toUpperCase()})` : 'Intercom API: not connected (optional; Dashboard › Settings)'}
    </p>
  );
}

export function IntercomApiSettings() {
  const [status, setStatus] = useApiStatus();
  const [region, setRegion] = useState<IntercomRegion>('us');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const connect = async () => {
    setMessage('');
    // Asked now, for this one host, from the click: nothing is granted at install.
    const origin = `${INTERCOM_API_HOSTS[region]}/*`;
    const granted = await browser.permissions.request({ origins: [origin] }).catch(() => false);
    if (!granted) return setMessage(`Not connected: Recount needs your permission to reach ${INTERCOM_API_HOSTS[region]}.`);
    setBusy(true);
    try {
      const next = await request({ type: 'intercom-api/connect', region, token });
      setStatus(next);
      setToken('');
      setMessage(`Connected to the Intercom workspace “${next.workspaceName}”.`);
    } catch (e) {
      setMessage(`Not connected: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const forget = async () => {
    const host = status?.host;
    await request({ type: 'intercom-api/forget' });
    if (host) await browser.permissions.remove({ origins: [`${host}/*`] }).catch(() => false);
    setStatus({ configured: false, region: null, host: null, workspaceName: null });
    setMessage('Token forgotten, and Recount no longer has access to the API host.');
  };

  if (!status) return <p class="muted">Loading…</p>;
  return (
    <fieldset class="intercom-api" aria-label="Intercom API">
      <legend>Intercom API (optional second witness)</legend>
      {status.configured ? (
        <p>
          Connected to <strong>{status.workspaceName}</strong> through {status.host}.{' '}
          <button type="button" onClick={() => void forget()}>
            Forget token
          </button>
        </p>
      ) : (
        <form
          class="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            void connect();
          }}
        >
          <label>
            Data region{' '}
            <select name="intercomRegion" value={region} onChange={(e) => setRegion((e.target as HTMLSelectElement).value as IntercomRegion)}>
              {(Object.keys(REGION_LABELS) as IntercomRegion[]).map((r) => (
                <option value={r}>{REGION_LABELS[r]}</option>
              ))}
            </select>
          </label>
          <label>
            Access token{' '}
            <input name="intercomToken" type="password" autocomplete="off" spellcheck={false} value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={busy || token.trim() === ''}>
            {busy ? 'Testing…' : 'Test connection and save'}
          </button>
        </form>
      )}
      <p class="muted small">
        An access token of an app in your own Intercom workspace (Developer Hub), with read access to conversations. It stays in this browser’s
        extension storage, is used only by Recount’s background to call the host above, and never goes into an export, backup or evidence bundle.
      </p>
      <p role="status" class="message">
        {message}
      </p>
    </fieldset>
  );
}

const dayStart = (date: string) => new Date(`${date}T00:00:00`).getTime();

/** Reconcile › Pull from Intercom: the vendor's own billed list for a period, previewed like an uploaded file. */
export function IntercomPull({ onRead }: { onRead: (read: BilledRead, name: string) => void }) {
  const [status] = useApiStatus();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [progress, setProgress] = useState<ApiPullProgress | null>(null);
  const [pulling, setPulling] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    const listener = (m: unknown) => {
      if (isApiPullProgress(m)) setProgress(m);
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);

  if (!status?.configured) return null;
  const pull = async () => {
    setMessage('');
    if (!from || !to) return setMessage('Choose the first and the last day of the billing period.');
    // Whole days in this browser's time zone, the last one included.
    const start = dayStart(from);
    const end = dayStart(to) + 24 * 3600e3;
    if (!(end > start)) return setMessage('The period must end after it starts.');
    setPulling(true);
    setProgress(null);
    try {
      const read = await request({ type: 'intercom-api/pull', from: start, to: end });
      onRead(read, `Intercom API pull ${from} – ${to} (${status.workspaceName})`);
    } catch (e) {
      setMessage(`Nothing imported: ${(e as Error).message}`);
    } finally {
      setPulling(false);
      setProgress(null);
    }
  };
  return (
    <div class="intercom-pull" role="region" aria-label="Pull from Intercom">
      <label>
        From <input type="date" name="pullFrom" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
      </label>{' '}
      <label>
        to <input type="date" name="pullTo" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
      </label>{' '}
      <span class="muted small">(whole days, this browser’s time zone)</span>{' '}
      {pulling ? (
        <button type="button" onClick={() => void request({ type: 'intercom-api/cancel' })}>
          Cancel
        </button>
      ) : (
        <button type="button" onClick={() => void pull()}>
          Pull from Intercom
        </button>
      )}
      {pulling && (
        <p>
          <progress aria-label="Pulling from Intercom" max={progress?.totalPages ?? undefined} value={progress?.page ?? undefined} />{' '}
          {progress ? `page ${progress.page}${progress.totalPages ? ` of ${progress.totalPages}` : ''}, ${progress.fetched} conversation(s)` : 'asking Intercom…'}
          {progress?.waitingUntil ? ` — Intercom's rate limit: waiting until ${formatTime(progress.waitingUntil)}` : ''}
        </p>
      )}
      <p role="status" class="message">
        {message}
      </p>
    </div>
  );
}
