import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { verifyJsonExport, verifyNdjsonExport } from '../../utils/model/chain.mjs';
import { RecountDB } from '../../utils/store/db';
import { allEvents, recordVerdict } from '../../utils/store/tagging';
import {
  CSV_COLUMNS,
  CURRENT_COLUMNS,
  currentVerdictsToCsv,
  eventsToCsv,
  eventsToJson,
  eventsToNdjson,
  EXPORT_FORMAT,
  NDJSON_FORMAT,
} from '../../utils/io/export';
import { sha256hex } from '../../utils/model/hash';
import { readRecountExport } from '../../utils/io/import';
import type { VerdictEvent } from '../../utils/model/verdict';

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
  chain: 'c0ffee00-0000-4000-8000-000000000001',
  seq: 1,
  prevHash: '0'.repeat(64),
  hash: 'f'.repeat(64),
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
      'c0ffee00-0000-4000-8000-000000000001', '1', '0'.repeat(64), 'f'.repeat(64),
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

describe('JSON and NDJSON exports', () => {
  const chained = async () => {
    // Real chained events, as the database records them.
    const db = new RecountDB(`export-${Math.random()}`);
    const key = { vendor: 'intercom' as const, workspace: 'abc', conversationId: '42' };
    const claim = event().claim;
    for (const [i, note] of ['first', '=cmd|evil', 'line one\nline two', '<img src=x onerror=alert(1)>'].entries()) {
      await recordVerdict(db, { key: { ...key, conversationId: String(40 + i) }, verdict: 'false', reason: 'other', note, claim, suggested: null }, { now: 1_000 + i });
    }
    const events = await allEvents(db);
    await db.delete();
    return events;
  };

  it('JSON round-trips every event with format, version, chain heads and a digest, and verifies', async () => {
    const events = await chained();
    const text = eventsToJson(events, { exportedAt: Date.parse('2026-11-25T00:00:00Z') });
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ format: EXPORT_FORMAT, version: 2, exportedAt: '2026-11-25T00:00:00.000Z', partial: false, filter: null });
    expect(parsed.events).toEqual(events);
    expect(parsed.chains[events[0].chain]).toEqual({ count: 4, lastSeq: 4, head: events[3].hash });
    expect(verifyJsonExport(text, sha256hex)).toMatchObject({ ok: true, fileProblem: null, problems: [] });
  });

  it('NDJSON: a header, one event per line, a digest line; round-trips and verifies', async () => {
    const events = await chained();
    const text = eventsToNdjson(events, { filter: { verdict: 'false' } });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(events.length + 2);
    expect(JSON.parse(lines[0])).toMatchObject({ format: NDJSON_FORMAT, partial: true, filter: { verdict: 'false' } });
    expect(lines.slice(1, -1).map((l) => JSON.parse(l))).toEqual(events);
    expect(verifyNdjsonExport(text, sha256hex)).toMatchObject({ ok: true, fileProblem: null });
  });

  it('CSV carries the chain, reads back to the same events and verifies', async () => {
    const events = await chained();
    const read = readRecountExport(eventsToCsv(events));
    expect(read.errors).toEqual([]);
    expect(read.events).toEqual(events);
    expect(read.verification).toMatchObject({ ok: true, fileProblem: null });
  });

  it('current verdicts: one row per conversation, guarded against formulas', () => {
    const rows = Papa.parse<string[]>(currentVerdictsToCsv([event({ note: '=1+1' })]).slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual([...CURRENT_COLUMNS]);
    expect(rows[1].slice(0, 7)).toEqual(['intercom', 'abc', '42', 'assumed', 'false', 'wrong_answer', "'=1+1"]);
  });
});
