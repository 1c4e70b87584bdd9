import { useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import type { HealthRecord } from '../../utils/model/records';
import { useLiveQuery } from './useLiveQuery';
import { formatTime } from '../../utils/model/format';

function when(at: number | null): string {
  return at === null ? '—' : formatTime(at);
}

/** The failing page's structure (no text, names or emails), to send to whoever writes the profile or fixes the adapter. */
function OutlineCopy({ outline }: { outline: string }) {
  const [note, setNote] = useState('');
  return (
    <details>
      <summary>Show</summary>
      <button
        type="button"
        onClick={() =>
          navigator.clipboard.writeText(outline).then(
            () => setNote('Copied.'),
            () => setNote('Select the text below and copy it.'),
          )
        }
      >
        Copy page outline
      </button>{' '}
      <span class="small">{note}</span>
      <textarea readOnly aria-label="Page outline" rows={8} cols={60} value={outline} />
    </details>
  );
}

/** Which adapter could not read which kind of page, which marker it missed, and when it last worked. */
export function DiagnosticsPanel({ db }: { db: RecountDB }) {
  const health = useLiveQuery(() => db.health.orderBy('id').toArray(), [], [] as HealthRecord[]);
  if (health.length === 0) {
    return <p class="muted">No helpdesk page read yet.</p>;
  }
  return (
    <table aria-label="Adapter diagnostics">
      <thead>
        <tr>
          <th>Adapter</th>
          <th>URL pattern</th>
          <th>Status</th>
          <th>Missing marker</th>
          <th>Last failure</th>
          <th>Last seen working</th>
          <th>Page outline</th>
        </tr>
      </thead>
      <tbody>
        {health.map((h) => {
          const failing = h.lastFailureAt !== null && (h.lastWorkingAt === null || h.lastFailureAt > h.lastWorkingAt);
          return (
            <tr key={h.id} data-health-id={h.id}>
              <td>{h.adapter}</td>
              <td>
                <code>{h.urlPattern}</code>
              </td>
              <td class={failing ? 'verdict--false' : 'verdict--genuine'}>{failing ? "can't read" : 'working'}</td>
              <td>
                {h.missing.join(', ')}
                {h.lookedFor && <div class="muted small">looked for {h.lookedFor}</div>}
              </td>
              <td>{when(h.lastFailureAt)}</td>
              <td>{when(h.lastWorkingAt)}</td>
              <td>{h.outline ? <OutlineCopy outline={h.outline} /> : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
