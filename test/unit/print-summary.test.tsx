// Issue 19: *Print summary* prints the period reconciled, the contract terms used, the disputed lines themselves and
// when it was printed, in which zone. The printed parts rendered alone, in a fixed zone; every expected value is
// worked by hand beside it.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';

const { requestMock } = vi.hoisted(() => ({ requestMock: vi.fn() }));
vi.mock('../../utils/transport/protocol', async (importOriginal) => ({ ...(await importOriginal<object>()), request: requestMock }));

import { ReconcilePanel } from '../../components/dashboard/ReconcilePanel';
import { EXAMPLE_PROFILES } from '../../utils/adapters/profiles';
import { saveBilledList } from '../../utils/store/billed';
import { freshDatabases } from './databases';
import { periodLine, PrintedDisputes, PrintedTerms, printedLine, termsLines } from '../../components/dashboard/PrintSummary';
import { reconcile } from '../../utils/analysis/reconcile';
import type { BilledItem, ConversationRecord } from '../../utils/model/records';
import { contractFor, DEFAULT_SETTINGS, type Settings } from '../../utils/model/settings';
import type { TranscriptMessage } from '../../utils/model/transcript';
import type { FalseReason, Verdict } from '../../utils/model/verdict';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});
const freshDb = freshDatabases('print-summary');

const ZONE = 'Asia/Tokyo'; // UTC+9 all year (no daylight saving)
const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  profileTerms: { sierra: { unitPrice: 1.2, ownDefinition: { returnDays: 14, noNegative: true, noTeammateAfterAI: false, genuineWhenReviewed: true } } },
};
const TERMS = contractFor(SETTINGS, 'custom', 'sierra');

const T0 = Date.parse('2026-11-01T10:00:00Z');
const msg = (author: 'customer' | 'ai_agent', at: number): TranscriptMessage => ({ author, authorName: author === 'customer' ? 'Ann' : 'Bot', at: T0 + at, text: 'x' });
function conv(id: string, verdict: Verdict, reason: FalseReason | null = null): ConversationRecord {
  const claim = { state: 'closed' as const, resolution: 'resolved' as const, resolutionLabel: 'Resolved', url: `https://console.sierra.example/conversations/${id}` };
  const convKey = `custom:sierra:${id}`;
  return {
    convKey, vendor: 'custom', workspace: 'sierra', conversationId: id, agentName: 'Bot', claim,
    messageCounts: { customer: 1, ai_agent: 1, teammate: 0, note: 0 }, billingNote: null, billing: null, firstSeenAt: T0, lastSeenAt: T0, suggestion: null, transcriptDigest: 'd',
    transcript: [msg('customer', 0), msg('ai_agent', 1000)],
    current: { id: `e${id}`, convKey, vendor: 'custom', workspace: 'sierra', conversationId: id, verdict, reason, note: '', reviewer: 'Bo', at: T0, claim, suggested: null, chain: 'c', seq: 1, prevHash: '', hash: '' },
  };
}
const line = (id: string, n: number, at: string | null): BilledItem => ({ vendor: 'custom', conversationId: id, billedAt: at ? Date.parse(at) : null, units: 1, kind: 'resolved', customerId: null, line: n });

// The bill, one unit a line at Sierra's $1.20 (times in UTC → Tokyo, +9 h):
//   line 2: #1 2026-11-01 15:30Z → 2026-11-02 00:30  tagged false (wrong answer) by Bo  → disputed: tagged false
//   line 3: #2 2026-11-15 02:00Z → 2026-11-15 11:00  genuine                            → not disputed
//   line 4: #1 2026-11-30 14:59Z → 2026-11-30 23:59  #1 again                           → disputed: billed twice (line 2), Bo
//   line 5: #9 2026-11-15 02:00Z                     never opened                       → to check, not disputed
//   line 6: #9 no time                               #9 again                           → disputed: billed twice (line 5), no reviewer
// Period: first to last billed time, 2026-11-02 00:30 – 2026-11-30 23:59 (Tokyo). Disputed: 3 lines × $1.20 = $3.60.
const RESULT = reconcile(
  [line('1', 2, '2026-11-01T15:30:00Z'), line('2', 3, '2026-11-15T02:00:00Z'), line('1', 4, '2026-11-30T14:59:00Z'), line('9', 5, '2026-11-15T02:00:00Z'), line('9', 6, null)],
  [conv('1', 'false', 'wrong_answer'), conv('2', 'genuine')],
  TERMS,
  { vendor: 'custom', workspace: 'sierra' },
);
// Printed 2026-12-01 09:05Z → 18:05 in Tokyo.
const PRINTED_AT = Date.parse('2026-12-01T09:05:00Z');

describe('the printed summary', () => {
  it('says when it was printed and in which zone, the period reconciled and the terms used', () => {
    render(<PrintedTerms owner="Sierra" terms={TERMS} result={RESULT} printedAt={PRINTED_AT} timeZone={ZONE} />);
    const section = screen.getByRole('region', { name: 'Printed summary: period and terms' });
    expect(section.classList.contains('print-only')).toBe(true);
    expect(section.querySelector('[data-print="printed-at"]')!.textContent).toBe('Printed 2026-12-01 18:05 (Asia/Tokyo)');
    expect(section.querySelector('[data-print="period"]')!.textContent).toBe("Period reconciled: 2026-11-02 00:30 – 2026-11-30 23:59 (Asia/Tokyo), the bill's first to last billed time");
    expect(section.textContent).toContain('Contract terms used (Sierra):');
    expect([...section.querySelectorAll('[data-print="contract-terms"] li')].map((li) => li.textContent)).toEqual([
      'Pricing model: per resolution; unit price $1.20',
      'Billable claims: resolved',
      // DEFAULT_CONTRACTS.custom: 7 days, 0.05 → 5%.
      'Re-contact term: 7 day(s); tolerable false rate: 5%',
      "Your own definition of a resolution: no return within 14 day(s) of the AI agent's last answer; no negative rating or complaint; genuine where a reviewer gave a verdict",
    ]);
  });

  it('lists every disputed line: conversation id, billed date, units, amount, reason, reviewer', () => {
    render(<PrintedDisputes result={RESULT} timeZone={ZONE} />);
    const section = screen.getByRole('region', { name: 'Printed summary: disputed lines' });
    expect(section.classList.contains('print-only')).toBe(true);
    expect(section.querySelector('h4')!.textContent).toBe('Disputed lines: 3, $3.60 (times in Asia/Tokyo)');
    const table = within(section).getByRole('table', { name: 'Disputed lines' });
    const rows = [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Conversation id', 'Billed', 'Units', 'Amount', 'Reason', 'Reviewer'],
      ['1', '2026-11-02 00:30', '1', '$1.20', 'Tagged false: Incorrect or unhelpful answer', 'Bo'],
      ['1', '2026-11-30 23:59', '1', '$1.20', 'Billed twice: same conversation as line 2', 'Bo'],
      ['9', '—', '1', '$1.20', 'Billed twice: same conversation as line 5', '—'],
    ]);
  });

  it('says so when the bill has no times, or no own definition is set', () => {
    expect(periodLine(null, ZONE)).toBe('Period reconciled: the bill gives no billed times');
    // Midnight in the zone is 00:00, never 24:00: 2026-11-30 15:00Z is 2026-12-01 00:00 in Tokyo.
    expect(printedLine(Date.parse('2026-11-30T15:00:00Z'), ZONE)).toBe('Printed 2026-12-01 00:00 (Asia/Tokyo)');
    expect(termsLines(contractFor(DEFAULT_SETTINGS, 'intercom')).at(-1)).toBe('Your own definition of a resolution: not set');
    // Intercom's default claims, in words: confirmed, assumed, procedure handoff.
    expect(termsLines(contractFor(DEFAULT_SETTINGS, 'intercom'))[1]).toBe('Billable claims: confirmed, assumed, procedure handoff');
  });
});

describe('Print summary, in the reconcile panel', () => {
  it('prints the reconciliation with its printed parts in the page, then drops them', async () => {
    requestMock.mockReset();
    requestMock.mockImplementation(async (message: { type: string }) => {
      if (message.type === 'intercom-api/status') return { configured: false, region: null, host: null, workspaceName: null };
      if (message.type === 'signing/info') return { fingerprint: null };
      throw new Error(`unexpected request ${message.type}`);
    });
    const db = freshDb();
    await db.profiles.put(EXAMPLE_PROFILES.find((p) => p.id === 'sierra')!);
    const items = [line('1', 2, '2026-11-01T15:30:00Z'), line('2', 3, '2026-11-15T02:00:00Z'), line('1', 4, '2026-11-30T14:59:00Z'), line('9', 5, '2026-11-15T02:00:00Z'), line('9', 6, null)];
    await saveBilledList(db, { id: 'b1', name: 'sierra-november.csv', vendor: 'custom', workspace: 'sierra', format: 'mapped-csv', importedAt: T0, items: 5, units: 5, skipped: 0 }, items);
    let atPrint: Record<string, unknown> | null = null;
    // happy-dom has no print dialog: what the page holds when the browser's would open.
    const print = vi.fn(() => {
      atPrint = {
        bodyClass: document.body.classList.contains('print-reconciliation'),
        printedAt: document.querySelector('[data-print="printed-at"]')?.textContent,
        terms: document.querySelector('[data-print="terms"] > p:nth-of-type(3)')?.textContent,
        disputedRows: document.querySelectorAll('[data-print="disputes"] tbody tr').length,
      };
    });
    const original = window.print;
    window.print = print;
    onTestFinished(() => {
      window.print = original;
    });
    render(<ReconcilePanel db={db} conversations={[conv('1', 'false', 'wrong_answer'), conv('2', 'genuine')]} settings={SETTINGS} />);
    const button = await screen.findByRole('button', { name: 'Print summary' });
    // The bill is Sierra's: named so, at Sierra's own $1.20 (5 lines × $1.20 = $6.00; disputed 3 × $1.20 = $3.60).
    await waitFor(() => expect(document.querySelector('.reconciliation h3')!.textContent).toBe('sierra-november.csv: Sierra'));
    await waitFor(() => expect(document.querySelector('[data-summary="billed"]')!.textContent).toBe('Billed: 5 line(s), 5 unit(s), $6.00 at $1.20 (per resolution). Disputed: 3 line(s), $3.60.'));
    expect(document.querySelector('.print-only')).toBeNull();
    fireEvent.click(button);
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    expect(atPrint).toEqual({ bodyClass: true, printedAt: expect.stringMatching(/^Printed \d{4}-\d\d-\d\d \d\d:\d\d \(.+\)$/), terms: 'Contract terms used (Sierra):', disputedRows: 3 });
    await waitFor(() => expect(document.querySelector('.print-only')).toBeNull());
    expect(document.body.classList.contains('print-reconciliation')).toBe(false);
  });
});
