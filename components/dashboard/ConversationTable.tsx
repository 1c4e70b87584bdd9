// The conversations of the current view. Virtualised: only the rows in sight are in the DOM, so 100,000
// conversations scroll as smoothly as 10.
import { useState } from 'preact/hooks';
import type { ConversationRecord } from '../../utils/model/records';
import { formatTime } from '../../utils/model/format';
import { describeClaim, REASON_LABELS, VENDOR_LABELS, VERDICT_LABELS, type Verdict } from '../../utils/model/verdict';

const ROW_HEIGHT = 40;
const VIEWPORT = 520;
const OVERSCAN = 12;

export function ConversationTable({
  rows,
  disagreed = new Map(),
  view,
}: {
  rows: readonly ConversationRecord[];
  /** The filter these rows are for, as its URL query ('' for none). */
  view?: string;
  /** Conversations whose reviewers' own latest verdicts differ, with those verdicts. */
  disagreed?: ReadonlyMap<string, ReadonlyArray<{ reviewer: string; verdict: Verdict }>>;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + VIEWPORT) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div class="vtable" role="table" aria-label="Conversations" aria-rowcount={rows.length + 1} data-view={view}>
      <div class="vrow vhead" role="row">
        {['Conversation', 'Vendor claim', 'Verdict', 'Reason', 'Note', 'Reviewer', 'Tagged'].map((h) => (
          <span role="columnheader">{h}</span>
        ))}
      </div>
      <div
        class="vbody"
        style={{ height: `${Math.min(VIEWPORT, rows.length * ROW_HEIGHT)}px` }}
        onScroll={(e) => setScrollTop((e.target as HTMLElement).scrollTop)}
      >
        <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {rows.slice(first, last).map((c, i) => (
            <div
              key={c.convKey}
              class="vrow"
              role="row"
              aria-rowindex={first + i + 2}
              data-conv-key={c.convKey}
              style={{ position: 'absolute', top: `${(first + i) * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
            >
              <span role="cell">
                <a href={c.claim.url} target="_blank" rel="noreferrer noopener">
                  {VENDOR_LABELS[c.vendor]} · {c.workspace} #{c.conversationId}
                </a>
              </span>
              <span role="cell">{describeClaim(c.agentName || 'AI agent', c.claim)}</span>
              <span role="cell" class={c.current ? `verdict verdict--${c.current.verdict}` : 'muted'}>
                {c.current ? VERDICT_LABELS[c.current.verdict] : 'not tagged'}
                {disagreed.has(c.convKey) && (
                  <span class="disagreed" data-disagreed title={disagreed.get(c.convKey)!.map((v) => `${v.reviewer}: ${VERDICT_LABELS[v.verdict]}`).join('; ')}>
                    {' '}
                    · disagreed ({disagreed.get(c.convKey)!.map((v) => `${v.reviewer}: ${VERDICT_LABELS[v.verdict]}`).join(', ')})
                  </span>
                )}
              </span>
              <span role="cell">{c.current?.reason ? REASON_LABELS[c.current.reason] : ''}</span>
              <span role="cell" class="note" title={c.current?.note ?? ''}>
                {c.current?.note ?? ''}
              </span>
              <span role="cell">{c.current?.reviewer ?? ''}</span>
              <span role="cell">{c.current ? formatTime(c.current.at) : ''}</span>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
