// The overlay a reviewer sees on a conversation the vendor billed. Every page string is rendered as text.
// Long because the bar's states, keys and false-reason form are one widget with one state.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatTime } from '../../utils/model/format';
import type { Suggestion } from '../../utils/model/suggest';
import { BAR_KEYS, reasonForDigit, VERDICT_CHORDS } from '../../utils/model/shortcuts';
import type { BarState, SaveStatus, TagRequest } from './bar-state';
import {
  FALSE_REASONS,
  REASON_LABELS,
  VERDICT_LABELS,
  VERDICTS,
  type FalseReason,
  type Verdict,
  type VerdictEvent,
} from '../../utils/model/verdict';

interface VerdictBarProps {
  state: BarState;
  onTag: (tag: TagRequest) => void;
  /** Bumped by the page's Alt+Shift+F chord: opens the reason picker. */
  falsePickerRequest?: number;
  /** The page's outline (structure only), for the "can't read" chip's report. */
  onOutline?: () => Promise<string>;
  /** Moves the bar to the next corner (remembered for this helpdesk). */
  onMove?: () => void;
}

/**
 * "Can't read this page", and what to send whoever fixes it: the page's outline — tags, classes and marker
 * attributes, no text, names, emails or values — copied, and shown to select by hand where copying is refused.
 */
function UnreadableChip({ missing, onOutline }: { missing: string[]; onOutline?: () => Promise<string> }) {
  const [outline, setOutline] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const copy = async () => {
    if (!onOutline) return;
    try {
      const text = await onOutline();
      setOutline(text);
      try {
        await navigator.clipboard.writeText(text);
        setNote('Copied: the page’s structure only — no text, names or emails.');
      } catch {
        setNote('Select the outline below and copy it.');
      }
    } catch (e) {
      setNote(`No outline: ${(e as Error).message}`);
    }
  };
  return (
    <div class="chip chip--warn">
      <span role="status" aria-label="Recount status">
        Recount can’t read this page
        <span class="muted"> (missing: {missing.join(', ')})</span>
      </span>
      {onOutline && (
        <button type="button" class="link" onClick={() => void copy()}>
          Copy page outline
        </button>
      )}
      {note && <span class="small"> {note}</span>}
      {outline !== null && <textarea class="outline" readOnly aria-label="Page outline" value={outline} rows={6} />}
    </div>
  );
}


export function VerdictBar({ state, onTag, falsePickerRequest = 0, onOutline, onMove }: VerdictBarProps) {
  // Kept across conversations: an agent who tucked the bar away wants it tucked away on the next one too.
  const [collapsed, setCollapsed] = useState(false);
  // Alt+Shift+F on a collapsed bar expands it straight into the reason picker.
  const [expandIntoPicker, setExpandIntoPicker] = useState(false);
  const lastPickerRequest = useRef(falsePickerRequest);
  useLayoutEffect(() => {
    if (falsePickerRequest === lastPickerRequest.current) return;
    lastPickerRequest.current = falsePickerRequest;
    if (collapsed) {
      setCollapsed(false);
      setExpandIntoPicker(true);
    }
  }, [falsePickerRequest]);
  useEffect(() => {
    if (expandIntoPicker) setExpandIntoPicker(false);
  }, [expandIntoPicker]);
  if (state.kind === 'hidden') return null;
  if (state.kind === 'unreadable') return <UnreadableChip missing={state.missing} onOutline={onOutline} />;
  if (state.kind === 'not-billed') {
    return (
      <div class="chip" role="status" aria-label="Recount status">
        {state.claimText} — not billed
        {state.witness && <span class={`witness${state.witness.disagree ? ' witness--disagree' : ''}`}> · {state.witness.text}</span>}
      </div>
    );
  }
  if (collapsed) {
    const { current } = state;
    return (
      <section class="chip collapsed" role="region" aria-label="Recount verdict">
        <strong class="brand">Recount</strong> {state.claimText} ·{' '}
        {current ? VERDICT_LABELS[current.verdict] : 'not tagged'} <SaveIndicator save={state.save} />
        <button type="button" class="link" onClick={() => setCollapsed(false)}>
          Expand
        </button>
      </section>
    );
  }
  return (
    <BillableBar
      key={state.convKey}
      state={state}
      onTag={onTag}
      falsePickerRequest={falsePickerRequest}
      openPickerOnMount={expandIntoPicker}
      onCollapse={() => setCollapsed(true)}
      onMove={onMove}
    />
  );
}

function BillableBar({
  state,
  onTag,
  falsePickerRequest,
  onCollapse,
  onMove,
  openPickerOnMount,
}: {
  state: Extract<BarState, { kind: 'billable' }>;
  onTag: VerdictBarProps['onTag'];
  falsePickerRequest: number;
  onCollapse: () => void;
  onMove?: () => void;
  openPickerOnMount: boolean;
}) {
  const [pickingReason, setPickingReason] = useState(openPickerOnMount);
  const [reason, setReason] = useState<FalseReason>(
    state.suggestion?.verdict === 'false' && state.suggestion.reason ? state.suggestion.reason : 'other',
  );
  const [note, setNote] = useState('');
  const [noteOpen, setNoteOpen] = useState(false);
  const reasonRef = useRef<HTMLSelectElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const seenPickerRequest = useRef(falsePickerRequest);

  useLayoutEffect(() => {
    if (falsePickerRequest !== seenPickerRequest.current) {
      seenPickerRequest.current = falsePickerRequest;
      setPickingReason(true);
    }
  }, [falsePickerRequest]);
  // Layout effects: focus must move before the next keystroke (a reason digit typed right after F).
  useLayoutEffect(() => {
    if (pickingReason) reasonRef.current?.focus();
  }, [pickingReason]);
  useLayoutEffect(() => {
    if (noteOpen) noteRef.current?.focus();
  }, [noteOpen]);

  const tag = (verdict: Verdict, falseReason: FalseReason | null = null) => {
    onTag({ verdict, reason: verdict === 'false' ? falseReason : null, note: note.trim() });
    setPickingReason(false);
    setNote('');
    setNoteOpen(false);
  };
  const choose = (verdict: Verdict) => (verdict === 'false' ? setPickingReason(true) : tag(verdict));

  // Plain keys work only while focus is inside the bar (the page never sees these keys: events are isolated).
  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.tagName === 'TEXTAREA') {
      if (e.key === 'Escape') setNoteOpen(false);
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (pickingReason) {
      const picked = reasonForDigit(e.key);
      if (picked) {
        e.preventDefault();
        tag('false', picked);
      } else if (e.key === 'Escape') setPickingReason(false);
      return;
    }
    const verdict = BAR_KEYS[e.key.toLowerCase()];
    if (verdict) {
      e.preventDefault();
      choose(verdict);
    } else if (e.key.toLowerCase() === 'n') {
      e.preventDefault();
      setNoteOpen(true);
    }
  };

  const { current, suggestion, save } = state;
  return (
    <section class="bar" role="region" aria-label="Recount verdict" onKeyDown={onKeyDown}>
      <header class="row">
        <strong class="brand">Recount</strong>
        <span class="claim">{state.claimText}</span>
        <SaveIndicator save={save} />
        {onMove && (
          <button type="button" class="link minimize" onClick={onMove} title="Move to the next corner (remembered for this helpdesk)">
            Move
          </button>
        )}
        <button type="button" class="link minimize" onClick={onCollapse} title="Collapse (shortcuts keep working)">
          Collapse
        </button>
      </header>
      {state.billingNote && <p class="billing">{state.billingNote}</p>}
      {state.witness && <p class={`witness${state.witness.disagree ? ' witness--disagree' : ''}`}>{state.witness.text}</p>}
      {suggestion && (
        <p class={`suggestion suggestion--${suggestion.verdict}`}>
          <span class="label">Suggestion:</span>{' '}
          {suggestion.unverified
            ? 'unverified, read it'
            : `${VERDICT_LABELS[suggestion.verdict]}${suggestion.reason ? ` (${REASON_LABELS[suggestion.reason]})` : ''}`}
          <span class="because"> — {suggestion.because.join(' ')}</span>
        </p>
      )}
      <div class="row buttons">
        {VERDICTS.map((verdict) => (
          <button
            type="button"
            class={`verdict verdict--${verdict}${current?.verdict === verdict ? ' is-current' : ''}`}
            aria-pressed={current?.verdict === verdict}
            onClick={() => choose(verdict)}
            title={`${VERDICT_LABELS[verdict]} (${VERDICT_CHORDS[verdict].label}, or ${verdict[0]} in this bar)`}
          >
            {VERDICT_LABELS[verdict]} <kbd>{VERDICT_CHORDS[verdict].label}</kbd>
          </button>
        ))}
        <button type="button" class="link" onClick={() => setNoteOpen(!noteOpen)} aria-expanded={noteOpen}>
          Note
        </button>
      </div>
      {pickingReason && (
        <div class="row picker">
          <label>
            Why false?{' '}
            <select
              ref={reasonRef}
              value={reason}
              onChange={(e) => setReason((e.target as HTMLSelectElement).value as FalseReason)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  tag('false', reason);
                }
              }}
            >
              {FALSE_REASONS.map((r, i) => (
                <option value={r}>
                  {i + 1}. {REASON_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="save" onClick={() => tag('false', reason)}>
            Save false resolution
          </button>
          <button type="button" class="link" onClick={() => setPickingReason(false)}>
            Cancel
          </button>
        </div>
      )}
      {noteOpen && (
        <div class="row note">
          <textarea
            ref={noteRef}
            aria-label="Note"
            rows={2}
            maxLength={10_000}
            placeholder="Note (saved with the next verdict you choose)"
            value={note}
            onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
          />
          {current && note.trim() && (
            <button type="button" class="save" onClick={() => tag(current.verdict, current.reason)}>
              Save note with “{VERDICT_LABELS[current.verdict]}”
            </button>
          )}
        </div>
      )}
      <p class="current" aria-live="polite">
        {current ? (
          <>
            Current: <strong>{VERDICT_LABELS[current.verdict]}</strong>
            {current.reason && ` — ${REASON_LABELS[current.reason]}`} · {current.reviewer} · {formatTime(current.at)}
            {current.note && <span class="muted"> · “{current.note}”</span>}
          </>
        ) : (
          'Not tagged yet'
        )}
      </p>
      {state.spotCheck && (
        <p class="team-line" data-spot-check>
          Spot check “{state.spotCheck.plan}”: item {state.spotCheck.position} of {state.spotCheck.total}{' '}
          {state.spotCheck.next ? (
            <button type="button" class="link" onClick={() => location.assign(state.spotCheck!.next!.url)}>
              Next item
            </button>
          ) : (
            '· none left to review after this one'
          )}
        </p>
      )}
      {state.blind && (
        <p class="blind" data-blind={state.blind.hidden ? 'hidden' : 'shown'}>
          Blind review, {state.blind.plan}:{' '}
          {state.blind.hidden
            ? 'the other reviewers’ verdicts stay hidden until you save yours.'
            : state.blind.others.map((o) => `${o.reviewer}: ${VERDICT_LABELS[o.verdict]}${o.reason ? ` (${REASON_LABELS[o.reason]})` : ''}`).join('; ') || 'no other verdict yet.'}
        </p>
      )}
      {!state.reviewerSet && (
        <p class="reminder">Tags are saved as “unnamed reviewer” until you set your name in Recount’s popup.</p>
      )}
      {state.teamLine && (
        <p class="team-line" role="status" aria-label="Team log">
          {state.teamLine}
        </p>
      )}
    </section>
  );
}

function SaveIndicator({ save }: { save: SaveStatus }) {
  if (save.kind === 'saving') return <span class="status status--saving">Saving…</span>;
  if (save.kind === 'saved') return <span key={save.tag} class="status status--saved">Saved</span>;
  if (save.kind === 'failed') return <span class="status status--failed">Not saved: {save.error}</span>;
  return null;
}
