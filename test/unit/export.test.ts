import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, eventsToCsv, eventsToJson, EXPORT_FORMAT } from '../../utils/export';
import type { VerdictEvent } from '../../utils/verdict';

const event = (over: Partial<VerdictEvent> = {}): VerdictEvent => ({
  id: '0b8a6d0e-5a43-4d1c-9a59-2f4c1a0e8f11',
  convKey: 'intercom:abc:42',
  vendor: 'intercom',
  workspace: 'abc',
  conversationId: '42',
  verdict: 'false',
  reason: 'wrong_answer',
  note: 'Told to use a menu that does not exist',
  reviewer: 'Ana',
  at: Date.parse('2026-11-20T10:00:00Z'),
  claim: { state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution', url: 'https://app.intercom.com/a/inbox/abc/inbox/conversation/42' },
  suggested: 'unsure',
  ...over,
});

/** What a spreadsheet reads back: parse as RFC 4180 after dropping the BOM. */
function readBack(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('CSV export', () => {
  it('starts with a UTF-8 BOM, a header row, and one row per event with CRLF line ends', () => {
    const csv = eventsToCsv([event(), event({ id: 'b', verdict: 'genuine', reason: null })]);
    const rows = readBack(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual([
      '0b8a6d0e-5a43-4d1c-9a59-2f4c1a0e8f11', '2026-11-20T10:00:00.000Z', 'intercom', 'abc', '42', 'false', 'wrong_answer',
      'Told to use a menu that does not exist', 'Ana', 'closed', 'assumed', 'Assumed Resolution',
      'https://app.intercom.com/a/inbox/abc/inbox/conversation/42', 'unsure',
    ]);
    expect(rows[2][6]).toBe('');
    expect(csv.split('\r\n')).toHaveLength(4); // header, 2 rows, final empty after the last CRLF
  });

  it('keeps commas, quotes, newlines and non-Latin text in notes intact (RFC 4180 quoting)', () => {
    const note = 'Said "fixed", but:\nstill broken,\r\nsee ticket — Ünïcødé 日本語 🙂';
    expect(readBack(eventsToCsv([event({ note })]))[1][7]).toBe(note);
  });

  it.each(['=HYPERLINK("http://evil.test","x")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', '=1+1\nsecond line'])(
    'defuses a cell starting with a formula character: %j',
    (note) => {
      const cell = readBack(eventsToCsv([event({ note, reviewer: note })]))[1];
      expect(cell[7]).toBe(`'${note}`);
      expect(cell[8]).toBe(`'${note}`);
    },
  );

  it('leaves ordinary text untouched', () => {
    expect(readBack(eventsToCsv([event({ note: 'a = b, fine' })]))[1][7]).toBe('a = b, fine');
  });

  it('exports just the header for an empty log', () => {
    expect(readBack(eventsToCsv([]))).toEqual([[...CSV_COLUMNS]]);
  });
});

describe('JSON export', () => {
  it('round-trips every event with its format and version', () => {
    const events = [event(), event({ id: 'x', note: '<img src=x onerror=alert(1)>' })];
    const parsed = JSON.parse(eventsToJson(events, Date.parse('2026-11-25T00:00:00Z')));
    expect(parsed).toEqual({ format: EXPORT_FORMAT, version: 1, exportedAt: '2026-11-25T00:00:00.000Z', events });
  });
});
