// Which built-in helpdesks Recount reads: one checkbox each. Ticking asks the browser for that helpdesk's hosts
// (from the click, as the permissions API requires); unticking gives them back. The background follows the grants
// and registers or removes that helpdesk's reader (entrypoints/background.ts).
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BUILT_IN_HELPDESKS, type BuiltInHelpdesk } from '../../utils/adapters/hosts';

type Granted = Record<BuiltInHelpdesk['id'], boolean>;

async function readGrants(): Promise<Granted> {
  const entries = await Promise.all(BUILT_IN_HELPDESKS.map(async (h) => [h.id, await browser.permissions.contains({ origins: [...h.matches] })] as const));
  return Object.fromEntries(entries) as Granted;
}

export function HelpdeskAccess() {
  const [granted, setGranted] = useState<Granted | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    const refresh = () => void readGrants().then(setGranted);
    refresh();
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
    return () => {
      browser.permissions.onAdded.removeListener(refresh);
      browser.permissions.onRemoved.removeListener(refresh);
    };
  }, []);

  const toggle = (helpdesk: BuiltInHelpdesk, on: boolean) => {
    const origins = [...helpdesk.matches];
    // The request must start inside the click, before any other await.
    const change = on ? browser.permissions.request({ origins }) : browser.permissions.remove({ origins });
    void change
      .then((done) => {
        if (on) setMessage(done ? `Recount now reads ${helpdesk.label} (${helpdesk.hosts}).` : `${helpdesk.label} not turned on: the browser was not allowed to give Recount access.`);
        else setMessage(done ? `Recount no longer reads ${helpdesk.label}.` : `${helpdesk.label} is still on.`);
      })
      .catch((e: Error) => setMessage(`${helpdesk.label}: ${e.message}`))
      .finally(() => void readGrants().then(setGranted));
  };

  if (!granted) return <p class="muted">Checking which helpdesks Recount may read…</p>;
  return (
    <fieldset class="helpdesks">
      <legend>Helpdesks your team uses</legend>
      {BUILT_IN_HELPDESKS.map((helpdesk) => (
        <label class="check" key={helpdesk.id}>
          <input type="checkbox" name={`helpdesk-${helpdesk.id}`} checked={granted[helpdesk.id]} onChange={(e) => toggle(helpdesk, (e.target as HTMLInputElement).checked)} />{' '}
          {helpdesk.label} <span class="muted">({helpdesk.hosts})</span>
        </label>
      ))}
      <p class="muted small">Recount reads only the helpdesks ticked here; the browser asks you for each one. Another vendor's console: add a vendor profile in the dashboard.</p>
      <p role="status" class="small">
        {message}
      </p>
    </fieldset>
  );
}
