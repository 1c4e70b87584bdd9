// The Team view: pull the team's events from its server (all, or a date range the server selects), with
// progress, through the same checks as a merged file; and the conversations reviewers disagree on, each with
// both verdicts, reviewers and notes, and a lead's final verdict that records a new event naming both.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isTeamProgress, request, type TeamProgress } from '../../utils/transport/protocol';
import { daysRange } from '../../utils/model/zoned-time';
import { isDisagreed, type ReviewerVerdict } from '../../utils/analysis/reviewer-verdicts';
import { MIN_FOR_KAPPA, pairwiseAgreement, type PairAgreement } from '../../utils/analysis/agreement';
import { formatPercent } from '../../utils/analysis/stats';
import { useTeamStatus } from '../settings/TeamLog';
import { DifferingVerdicts, FinalVerdictForm } from './FinalVerdictForm';
import type { VerifiedChainSignature } from '../../utils/io/team-signatures';

/** Disagreements listed at a time: a large team log can hold thousands. */
const DISAGREEMENTS_SHOWN = 25;

export function TeamPanel({ severalReviewers }: { severalReviewers: Map<string, ReviewerVerdict[]> }) {
  const [status] = useTeamStatus();
  const [scope, setScope] = useState<'all' | 'range'>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [progress, setProgress] = useState<TeamProgress | null>(null);
  const [pulling, setPulling] = useState(false);
  const [message, setMessage] = useState('');
  const [signed, setSigned] = useState<VerifiedChainSignature[]>([]);

  useEffect(() => {
    const listener = (m: unknown) => {
      if (isTeamProgress(m)) setProgress(m);
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);

  const pull = async () => {
    setMessage('');
    let range: { from: number; to: number } | null = null;
    if (scope === 'range') {
      const days = daysRange(from, to);
      if ('error' in days) return setMessage(`Not pulled: ${days.error}.`);
      range = days;
    }
    setPulling(true);
    setProgress(null);
    try {
      const result = await request({ type: 'team/pull', range });
      setSigned(Object.values(result.signed));
      setMessage(
        `Pulled ${result.read.toLocaleString()} event(s) from the team log: ${result.added.toLocaleString()} new here, ${result.alreadyPresent.toLocaleString()} already here` +
          (result.deletedHere > 0 ? `, ${result.deletedHere} deleted here (left out)` : '') +
          '. Every event and chain verified.',
      );
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setPulling(false);
    }
  };

  const disagreed = useMemo(() => [...severalReviewers].filter(([, verdicts]) => isDisagreed(verdicts)), [severalReviewers]);
  const pairs = useMemo(() => pairwiseAgreement([...severalReviewers.values()].map((verdicts) => new Map(verdicts.map((v) => [v.reviewer, v.verdict])))), [severalReviewers]);
  const [shown, setShown] = useState(DISAGREEMENTS_SHOWN);

  return (
    <>
      {status && !status.joined ? (
        <p class="empty">
          Join your team’s log in <a href="#settings">Settings › Team log</a> to pull every agent’s verdicts here without files.
        </p>
      ) : (
        <form
          class="toolbar"
          aria-label="Pull from the team log"
          onSubmit={(e) => {
            e.preventDefault();
            void pull();
          }}
        >
          <label>
            <input type="radio" name="teamScope" checked={scope === 'all'} onChange={() => setScope('all')} /> All events
          </label>
          <label>
            <input type="radio" name="teamScope" checked={scope === 'range'} onChange={() => setScope('range')} /> Tagged from{' '}
            <input type="date" name="teamFrom" aria-label="First day" value={from} disabled={scope !== 'range'} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            to <input type="date" name="teamTo" aria-label="Last day" value={to} disabled={scope !== 'range'} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={pulling || !status}>
            {pulling ? 'Pulling…' : 'Pull from team log'}
          </button>
          {(pulling || (progress && !progress.finished)) && (
            <button type="button" onClick={() => void request({ type: 'team/pull-cancel' })}>
              Stop
            </button>
          )}
          {progress && !progress.finished && (
            <span>
              <progress aria-label="Team pull progress" max={progress.total ?? undefined} value={progress.done} />{' '}
              <span class="muted small">
                {progress.done.toLocaleString()}
                {progress.total !== null ? ` of ~${progress.total.toLocaleString()}` : ''} read, {progress.added.toLocaleString()} new
              </span>
            </span>
          )}
        </form>
      )}
      <p role="status" class="message" aria-label="Team pull result">
        {message}
      </p>
      {signed.length > 0 && (
        <ul class="small" aria-label="Chains signed by their agents’ keys" data-team-signed>
          {signed.map((s) => (
            <li data-signed-chain={s.chain}>
              Chain <code>{s.chain.slice(0, 8)}</code> through event {s.seq.toLocaleString()}: signed by key <code>{s.fingerprint}</code> ({s.signedAt.slice(0, 16).replace('T', ' ')} UTC)
            </li>
          ))}
        </ul>
      )}
      <p class="muted small">
        Pulled events pass the same checks as a merged file (every field, id, hash and chain); a changed or forged event is refused by name. Each
        batch of 2,000 is merged all or nothing and the pull remembers where it stopped, so pulling again goes on from there and reads only what is
        new.
      </p>
      <PairsTable pairs={pairs} />
      <h3>Disagreements ({disagreed.length})</h3>
      {disagreed.length === 0 ? (
        <p class="muted">No conversation has reviewers whose own latest verdicts differ.</p>
      ) : (
        <>
          <ul class="disagreements">
            {disagreed.slice(0, shown).map(([convKey, verdicts]) => (
              <Disagreement key={convKey} convKey={convKey} verdicts={verdicts} />
            ))}
          </ul>
          {disagreed.length > shown && (
            <button type="button" onClick={() => setShown(shown + DISAGREEMENTS_SHOWN)}>
              Show {Math.min(DISAGREEMENTS_SHOWN, disagreed.length - shown)} more of {disagreed.length - shown}
            </button>
          )}
        </>
      )}
    </>
  );
}

/** How often each pair of reviewers agreed on the conversations both tagged (not blind: see the note below the table). */
function PairsTable({ pairs }: { pairs: PairAgreement[] }) {
  if (pairs.length === 0) return null;
  const kappaText = (p: PairAgreement) => {
    if (!p.kappa) return `needs ${MIN_FOR_KAPPA} shared conversations`;
    if (p.kappa.kappa === null) return 'not defined (one verdict only)';
    return `${p.kappa.kappa.toFixed(2)} (95% CI ${p.kappa.low!.toFixed(2)} to ${p.kappa.high!.toFixed(2)})`;
  };
  return (
    <>
      <h3>Agreement between reviewers</h3>
      <table class="pairs" aria-label="Agreement between reviewers">
        <thead>
          <tr>
            <th scope="col">Reviewers</th>
            <th scope="col">Both tagged</th>
            <th scope="col">Same verdict</th>
            <th scope="col">Cohen’s kappa</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((p) => (
            <tr key={p.reviewers.join('\u0000')} data-pair={p.reviewers.join(' & ')}>
              <th scope="row">{p.reviewers.join(' & ')}</th>
              <td>{p.shared}</td>
              <td>
                {p.agreed} ({formatPercent(p.agreed / p.shared)})
              </td>
              <td>{kappaText(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">
        Each reviewer’s own latest verdict on the conversations both tagged (genuine / false / unsure). These reviewers could see each other’s
        verdicts, and chose what to tag: the figures describe these conversations, not how far the reviewers would agree on a random sample judged
        blind. Kappa is agreement beyond chance (1 = always, 0 = no better than chance), with its large-sample 95% interval.
      </p>
    </>
  );
}

function Disagreement({ convKey, verdicts }: { convKey: string; verdicts: ReviewerVerdict[] }) {
  const conversationId = convKey.split(':').slice(2).join(':');
  return (
    <li aria-label={`Disagreement on ${conversationId}`}>
      <strong>Conversation {conversationId}</strong> <span class="muted small">({convKey.split(':')[0]})</span>
      <DifferingVerdicts verdicts={verdicts} />
      <FinalVerdictForm settles={verdicts.map((v) => v.id)} />
    </li>
  );
}
