// The dashboard's table as a team lead reads it: the customer and their first message instead of a raw id, the
// verdict in full, columns that sort the rows shown, and rows reachable with the arrow keys.
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationTable, sortRows } from '../../components/dashboard/ConversationTable';
import { conversationOpening, type TranscriptMessage } from '../../utils/model/transcript';
import type { ConversationRecord } from '../../utils/model/records';
import type { Verdict } from '../../utils/model/verdict';

afterEach(cleanup);

const msg = (author: TranscriptMessage['author'], authorName: string, text: string): TranscriptMessage => ({ author, authorName, at: null, text });

function record(id: string, transcript: TranscriptMessage[] | null, current: { verdict: Verdict; reviewer: string; at: number } | null): ConversationRecord {
  return {
    convKey: `intercom:acme:${id}`,
    vendor: 'intercom',
    workspace: 'acme',
    conversationId: id,
    claim: { state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution', url: `https://app.intercom.com/a/inbox/acme/inbox/conversation/${id}` },
    agentName: 'Fin',
    transcript,
    current: current && { id: `e${id}`, reason: current.verdict === 'false' ? 'recontacted' : null, note: '', ...current },
  } as unknown as ConversationRecord;
}

const ROWS = [
  record('101', [msg('ai_agent', 'Fin', 'Hi! How can I help?'), msg('customer', 'Maya Lopez', '  How do I change\nthe billing   email? ')], { verdict: 'genuine', reviewer: 'bo', at: 3000 }),
  record('102', [msg('customer', 'Jonas Weber', 'x'.repeat(200))], { verdict: 'false', reviewer: 'Ana', at: 1000 }),
  record('103', null, null),
  record('104', [msg('customer', 'Aiko Tanaka', 'Can I export my contacts?')], { verdict: 'unsure', reviewer: 'Cy', at: 2000 }),
];

describe('conversationOpening', () => {
  it('is the first customer message, whitespace folded, cut at 120 characters', () => {
    expect(conversationOpening(ROWS[0].transcript)).toEqual({ customer: 'Maya Lopez', opening: 'How do I change the billing email?' });
    // 119 characters and an ellipsis: 120 in all.
    expect(conversationOpening(ROWS[1].transcript).opening).toBe(`${'x'.repeat(119)}…`);
    expect(conversationOpening(null)).toEqual({ customer: null, opening: null });
    expect(conversationOpening([msg('ai_agent', 'Fin', 'hello')])).toEqual({ customer: null, opening: null });
  });
});

describe('sortRows', () => {
  // By hand: customer names a-z are Aiko (104), Jonas (102), Maya (101), then 103 by its id "103".
  //   reviewer a-z (case folded): Ana (102), bo (101), Cy (104); untagged 103 last.
  //   tagged, newest first: 101 (3000), 104 (2000), 102 (1000); untagged last.
  const ids = (rows: readonly ConversationRecord[]) => rows.map((r) => r.conversationId);
  it('sorts by each column, untagged rows last either way', () => {
    expect(ids(sortRows(ROWS, { key: 'conversation', direction: 'ascending' }))).toEqual(['103', '104', '102', '101']);
    expect(ids(sortRows(ROWS, { key: 'reviewer', direction: 'ascending' }))).toEqual(['102', '101', '104', '103']);
    expect(ids(sortRows(ROWS, { key: 'reviewer', direction: 'descending' }))).toEqual(['104', '101', '102', '103']);
    expect(ids(sortRows(ROWS, { key: 'tagged', direction: 'descending' }))).toEqual(['101', '104', '102', '103']);
    expect(ids(sortRows(ROWS, null))).toEqual(['101', '102', '103', '104']);
  });
});

describe('ConversationTable', () => {
  it('shows the customer and first message, or the vendor and id without a transcript', () => {
    const { container } = render(<ConversationTable rows={ROWS} />);
    const first = container.querySelector('[data-conv-key="intercom:acme:101"]')!;
    expect(first.querySelector('a')!.textContent).toBe('Maya Lopez');
    expect(first.querySelector('[data-opening]')!.textContent).toBe('“How do I change the billing email?”');
    const bare = container.querySelector('[data-conv-key="intercom:acme:103"]')!;
    expect(bare.querySelector('a')!.textContent).toBe('Intercom #103');
    expect(bare.querySelector('[data-opening]')!.textContent).toBe('Intercom · acme #103');
    expect(container.querySelector('[data-conv-key="intercom:acme:102"] .verdict')!.textContent).toBe('False resolution');
  });

  it('sorts when a column header is pressed, and says so to assistive technology', () => {
    const { container, getByRole } = render(<ConversationTable rows={ROWS} />);
    const order = () => [...container.querySelectorAll('[data-conv-key]')].map((r) => r.getAttribute('data-conv-key')!.split(':')[2]);
    fireEvent.click(getByRole('button', { name: /^Reviewer/ }));
    expect(order()).toEqual(['102', '101', '104', '103']);
    expect(getByRole('columnheader', { name: /^Reviewer/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(getByRole('button', { name: /^Reviewer/ }));
    expect(order()).toEqual(['104', '101', '102', '103']);
    expect(getByRole('columnheader', { name: /^Reviewer/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('moves between rows with the arrow keys; one row at a time is in the tab order', () => {
    const { container } = render(<ConversationTable rows={ROWS} />);
    const rows = () => [...container.querySelectorAll<HTMLElement>('[role="row"][data-conv-key]')];
    expect(rows().map((r) => r.tabIndex)).toEqual([0, -1, -1, -1]);
    rows()[0].focus();
    fireEvent.keyDown(rows()[0], { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-conv-key')).toBe('intercom:acme:102');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.getAttribute('data-conv-key')).toBe('intercom:acme:104');
    expect(rows().map((r) => r.tabIndex)).toEqual([-1, -1, -1, 0]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement?.getAttribute('data-conv-key')).toBe('intercom:acme:103');
  });
});
