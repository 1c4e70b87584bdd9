// The conversations of the current view. Virtualised: only the rows in sight are in the DOM, so 100,000
// conversations scroll as smoothly as 10. Each row names the customer and their first message (when the transcript
// was kept), the full verdict and when it was tagged. Columns sort the rows read so far; arrow keys move between
// rows and Enter opens the conversation in the helpdesk.
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConversationRecord } from '../../utils/model/records';
import { formatTime } from '../../utils/model/format';
import { conversationOpening } from '../../utils/model/transcript';
import { describeClaim, REASON_LABELS, VENDOR_LABELS, VERDICT_LABELS, type Verdict } from '../../utils/model/verdict';

const ROW_HEIGHT = 56;
const VIEWPORT = 560;
const OVERSCAN = 10;

type SortKey = 'conversation' | 'verdict' | 'reviewer' | 'tagged';
interface Sort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}
const COLUMNS: { label: string; sort?: SortKey }[] = [
  { label: 'Conversation', sort: 'conversation' },
  { label: 'Vendor claim' },
  { label: 'Verdict', sort: 'verdict' },
  { label: 'Reason' },
  { label: 'Note' },
  { label: 'Reviewer', sort: 'reviewer' },
  { label: 'Tagged', sort: 'tagged' },
];

/** The text a row sorts by in each sortable column (untagged rows last whichever way). */
function sortValue(c: ConversationRecord, key: SortKey): string | number | null {
  switch (key) {
    case 'conversation':
      return (conversationOpening(c.transcript).customer ?? c.conversationId).toLowerCase();
    case 'verdict':
      return c.current ? VERDICT_LABELS[c.current.verdict] : null;
    case 'reviewer':
      return c.current?.reviewer.toLowerCase() ?? null;
    case 'tagged':
      return c.current?.at ?? null;
  }
}

export function sortRows(rows: readonly ConversationRecord[], sort: Sort | null): readonly ConversationRecord[] {
  if (!sort) return rows;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, value: sortValue(row, sort.key) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? 0 : a.value === null ? 1 : -1;
    return sign * (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
  });
  return keyed.map((k) => k.row);
}

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
  const [sort, setSort] = useState<Sort | null>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const body = useRef<HTMLDivElement>(null);
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(sorted.length, Math.ceil((scrollTop + VIEWPORT) / ROW_HEIGHT) + OVERSCAN);

  // The row the arrow keys moved to: scrolled into the rendered window, then given focus.
  useLayoutEffect(() => {
    if (focused === null || !body.current) return;
    const top = focused * ROW_HEIGHT;
    if (top < body.current.scrollTop) body.current.scrollTop = top;
    else if (top + ROW_HEIGHT > body.current.scrollTop + body.current.clientHeight) body.current.scrollTop = top + ROW_HEIGHT - body.current.clientHeight;
    body.current.querySelector<HTMLElement>(`[aria-rowindex="${focused + 2}"]`)?.focus();
  }, [focused, first]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (sorted.length === 0) return;
    // Where the focus is now (the row itself, or a control inside it), whatever the state last heard.
    const row = (e.target as HTMLElement).closest('[aria-rowindex]');
    const at = row ? Number(row.getAttribute('aria-rowindex')) - 2 : (focused ?? -1);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: sorted.length - 1, PageDown: at + 10, PageUp: at - 10 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      setFocused(Math.max(0, Math.min(sorted.length - 1, to)));
    } else if (e.key === 'Enter' && (e.target as HTMLElement).getAttribute('role') === 'row') {
      (e.target as HTMLElement).querySelector('a')?.click();
    }
  };

  const toggleSort = (key: SortKey) =>
    setSort((now) => (now?.key !== key ? { key, direction: key === 'tagged' ? 'descending' : 'ascending' } : now.direction === 'ascending' ? { key, direction: 'descending' } : { key, direction: 'ascending' }));

  return (
    <div class="vtable" role="table" aria-label="Conversations" aria-rowcount={sorted.length + 1} data-view={view} onKeyDown={onKeyDown}>
      <div class="vrow vhead" role="row">
        {COLUMNS.map(({ label, sort: key }) => (
          <span role="columnheader" aria-sort={key && sort?.key === key ? sort.direction : undefined}>
            {key ? (
              <button type="button" class="sort" onClick={() => toggleSort(key)} title={`Sort the rows shown by ${label.toLowerCase()}`}>
                {label}
                <span aria-hidden="true">{sort?.key === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
              </button>
            ) : (
              label
            )}
          </span>
        ))}
      </div>
      <div class="vbody" ref={body} style={{ height: `${Math.min(VIEWPORT, sorted.length * ROW_HEIGHT)}px` }} onScroll={(e) => setScrollTop((e.target as HTMLElement).scrollTop)}>
        <div style={{ height: `${sorted.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {sorted.slice(first, last).map((c, i) => {
            const index = first + i;
            const { customer, opening } = conversationOpening(c.transcript);
            const verdict = c.current ? VERDICT_LABELS[c.current.verdict] : 'not tagged';
            return (
              <div
                key={c.convKey}
                class="vrow"
                role="row"
                tabIndex={index === (focused ?? 0) ? 0 : -1}
                aria-rowindex={index + 2}
                data-conv-key={c.convKey}
                onFocus={() => setFocused(index)}
                style={{ position: 'absolute', top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
              >
                <span role="cell" class="who">
                  <a href={c.claim.url} target="_blank" rel="noreferrer noopener" tabIndex={-1}>
                    {customer ?? `${VENDOR_LABELS[c.vendor]} #${c.conversationId}`}
                  </a>
                  <span class="muted opening" data-opening title={opening ?? undefined}>
                    {opening ? `“${opening}”` : `${VENDOR_LABELS[c.vendor]} · ${c.workspace} #${c.conversationId}`}
                  </span>
                </span>
                <span role="cell">{describeClaim(c.agentName || 'AI agent', c.claim)}</span>
                <span role="cell" class={c.current ? `verdict verdict--${c.current.verdict}` : 'muted'} title={verdict}>
                  {verdict}
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
                <span role="cell" class="num">{c.current ? formatTime(c.current.at) : ''}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
