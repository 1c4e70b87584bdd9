import { useState } from 'preact/hooks';
import { allEvents, type ConversationRecord, type RecountDB } from '../utils/db';
import { eventsToCsv, eventsToJson, exportFileName } from '../utils/export';
import { describeClaim, isBillableClaim, REASON_LABELS, VENDOR_LABELS, VERDICT_LABELS } from '../utils/verdict';
import { downloadText } from './downloads';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { ProfilesPanel } from './ProfilesPanel';
import { SettingsForm } from './SettingsForm';
import { useLiveQuery } from './useLiveQuery';
import { formatTime } from '../utils/format';

type Show = 'billable' | 'tagged' | 'untagged';


export function Dashboard({ db }: { db: RecountDB }) {
  const [show, setShow] = useState<Show>('billable');
  const [message, setMessage] = useState('');
  const conversations = useLiveQuery(
    () => db.conversations.orderBy('lastSeenAt').reverse().toArray(),
    [],
    null as ConversationRecord[] | null,
  );
  const eventCount = useLiveQuery(() => db.events.count(), [], 0);

  const billable = (conversations ?? []).filter((c) => isBillableClaim(c.claim) || c.current);
  const rows = billable.filter((c) => (show === 'tagged' ? c.current : show === 'untagged' ? !c.current : true));
  const tagged = billable.filter((c) => c.current);
  const falseCount = tagged.filter((c) => c.current!.verdict === 'false').length;

  const exportAs = async (kind: 'csv' | 'json') => {
    const events = await allEvents(db);
    if (kind === 'csv') downloadText(exportFileName('csv'), eventsToCsv(events), 'text/csv;charset=utf-8');
    else downloadText(exportFileName('json'), eventsToJson(events), 'application/json');
    setMessage(`Exported ${events.length} event${events.length === 1 ? '' : 's'} as ${kind.toUpperCase()}.`);
  };

  return (
    <main>
      <header class="top">
        <h1>Recount</h1>
        <p class="muted">Your own count of the resolutions your AI agent vendor bills for. Stored only in this browser.</p>
        <nav class="jump">
          <a href="#profiles">Vendor profiles</a> · <a href="#diagnostics">Diagnostics</a> · <a href="#settings">Settings</a>
        </nav>
      </header>
      <section class="figures" aria-label="Summary">
        <div><strong>{billable.length}</strong> billed outcomes seen</div>
        <div><strong>{tagged.length}</strong> tagged</div>
        <div><strong>{falseCount}</strong> false</div>
        <div><strong>{eventCount}</strong> verdict events</div>
      </section>
      <section class="toolbar" aria-label="Export">
        <label>
          Show{' '}
          <select value={show} onChange={(e) => setShow((e.target as HTMLSelectElement).value as Show)}>
            <option value="billable">all billed</option>
            <option value="tagged">tagged</option>
            <option value="untagged">not tagged yet</option>
          </select>
        </label>
        <button type="button" onClick={() => void exportAs('csv')} disabled={eventCount === 0}>
          Export CSV
        </button>
        <button type="button" onClick={() => void exportAs('json')} disabled={eventCount === 0}>
          Export JSON
        </button>
        <span role="status" class="muted">
          {message}
        </span>
      </section>
      {conversations === null ? (
        <p class="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="empty">
          Nothing here yet. Open a conversation your vendor marked resolved in the helpdesk, and Recount's bar
          appears at the bottom right.
        </p>
      ) : (
        <table aria-label="Conversations">
          <thead>
            <tr>
              <th>Conversation</th>
              <th>Vendor claim</th>
              <th>Verdict</th>
              <th>Reason</th>
              <th>Note</th>
              <th>Reviewer</th>
              <th>Tagged</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.convKey} data-conv-key={c.convKey}>
                <td>
                  <a href={c.claim.url} target="_blank" rel="noreferrer noopener">
                    {VENDOR_LABELS[c.vendor]} · {c.workspace} #{c.conversationId}
                  </a>
                </td>
                <td>{describeClaim(c.agentName || 'AI agent', c.claim)}</td>
                <td class={c.current ? `verdict verdict--${c.current.verdict}` : 'muted'}>
                  {c.current ? VERDICT_LABELS[c.current.verdict] : 'not tagged'}
                </td>
                <td>{c.current?.reason ? REASON_LABELS[c.current.reason] : ''}</td>
                <td class="note">{c.current?.note ?? ''}</td>
                <td>{c.current?.reviewer ?? ''}</td>
                <td>{c.current ? formatTime(c.current.at) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section class="panel" id="profiles" aria-labelledby="profiles-heading">
        <h2 id="profiles-heading">Vendor profiles</h2>
        <ProfilesPanel />
      </section>
      <section class="panel" id="diagnostics" aria-labelledby="diagnostics-heading">
        <h2 id="diagnostics-heading">Diagnostics</h2>
        <DiagnosticsPanel db={db} />
      </section>
      <section class="panel" id="settings" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <SettingsForm />
      </section>
    </main>
  );
}
