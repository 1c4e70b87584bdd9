// A final verdict on verdicts that differ (a lead's in the Team view, an arbiter's in a spot check): an ordinary
// event whose note names the events it settles (utils/model/final-verdict.ts).
import { useState } from 'preact/hooks';
import { request } from '../../utils/transport/protocol';
import { FALSE_REASONS, REASON_LABELS, VERDICT_LABELS, VERDICTS, type FalseReason, type Verdict, type VerdictEvent } from '../../utils/model/verdict';
import { formatTime } from '../../utils/model/format';

/** The verdicts that differ: who said what, why, when, and their note. */
export function DifferingVerdicts({ verdicts }: { verdicts: ReadonlyArray<Pick<VerdictEvent, 'reviewer' | 'verdict' | 'reason' | 'at' | 'note'>> }) {
  return (
    <ul>
      {verdicts.map((v) => (
        <li>
          {v.reviewer}: <strong>{VERDICT_LABELS[v.verdict]}</strong>
          {v.reason && ` — ${REASON_LABELS[v.reason]}`} · {formatTime(v.at)}
          {v.note && <span class="muted"> · “{v.note}”</span>}
        </li>
      ))}
    </ul>
  );
}

export function FinalVerdictForm({ settles }: { settles: string[] }) {
  const [verdict, setVerdict] = useState<Verdict>('genuine');
  const [reason, setReason] = useState<FalseReason>(FALSE_REASONS[0]);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const record = async () => {
    try {
      await request({ type: 'verdict/final', settles, verdict, reason: verdict === 'false' ? reason : null, note });
      setMessage('Final verdict recorded.');
    } catch (e) {
      setMessage(`Not recorded: ${(e as Error).message}`);
    }
  };
  return (
    <form
      class="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        void record();
      }}
    >
      <label>
        Final verdict{' '}
        <select name="finalVerdict" value={verdict} onChange={(e) => setVerdict((e.target as HTMLSelectElement).value as Verdict)}>
          {VERDICTS.map((v) => (
            <option value={v}>{VERDICT_LABELS[v]}</option>
          ))}
        </select>
      </label>
      {verdict === 'false' && (
        <label>
          Why false{' '}
          <select name="finalReason" value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value as FalseReason)}>
            {FALSE_REASONS.map((r) => (
              <option value={r}>{REASON_LABELS[r]}</option>
            ))}
          </select>
        </label>
      )}
      <label>
        Note <input name="finalNote" value={note} maxLength={2000} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Record final verdict</button>
      <span role="status" class="muted">
        {message}
      </span>
    </form>
  );
}
