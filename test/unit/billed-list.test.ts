import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectBilledFormat, readBilledList } from '../../utils/io/billed-list';
import { FIXTURES_DIR } from './fixtures';

const fixture = (name: string) => readFileSync(join(FIXTURES_DIR, 'billed', name), 'utf8');

describe('format detection', () => {
  it.each([
    ['intercom-report.csv', 'intercom-csv'],
    ['intercom-api.json', 'intercom-api-json'],
    ['zendesk-ar.csv', 'zendesk-csv'],
    ['ada-export.csv', 'ada-csv'],
    ['salesforce-cbo.csv', 'salesforce-cbo-csv'],
  ])('%s → %s', (file, format) => expect(detectBilledFormat(fixture(file))).toBe(format));
  it('anything else needs a column mapping', () => expect(detectBilledFormat('id,when\r\n1,2\r\n')).toBe('mapped-csv'));
});

describe('Intercom report CSV', () => {
  it('keeps billed outcomes, skips the rest with a reason, reads prefixed date columns', () => {
    const read = readBilledList(fixture('intercom-report.csv'));
    expect(read.errors).toEqual([]);
    expect(read.items.map((i) => [i.conversationId, i.kind, i.line])).toEqual([
      ['215467891234501', 'assumed', 2],
      ['215467891234502', 'confirmed', 3],
      ['215467891234504', 'assumed', 5],
      ['215467891234506', 'procedure_handoff', 6],
      ['215467891234504', 'assumed', 8],
    ]);
    // The header says Europe/London: in November that is GMT, UTC+0 — whatever this machine's zone.
    expect(read.items[0].billedAt).toBe(Date.parse('2026-11-03T09:14:02Z'));
    expect(read.skipped).toEqual([
      { line: 4, reason: '"Routed to team" is not billed' },
      { line: 7, reason: '"no resolution" is not billed' },
    ]);
  });
  it('names a bad row by line and field', () => {
    const text = fixture('intercom-report.csv').replace('215467891234502,2026-11-03 10:02:11', '215467891234502,yesterday-ish');
    const message = 'line 3: Conversation started at: "yesterday-ish" is not a date (expected e.g. 2026-11-03 09:14:02)';
    expect(readBilledList(text).errors).toEqual([message]);
    expect(readBilledList(text.replace('215467891234504,2026-11-04 12:40', 'abc,2026-11-04 12:40')).errors[0]).toBe(message);
  });
  it('a file without the needed columns', () => {
    expect(readBilledList('Conversation ID,Fin AI Agent involved\r\n1,true\r\n', 'intercom-csv').errors).toEqual([
      'line 1: a Intercom report CSV needs the column(s) "Fin AI Agent resolution state"',
    ]);
  });
});

describe('Intercom API JSON', () => {
  it('reads both vocabularies, leaves out previews and what was not billed, keeps the contact', () => {
    const read = readBilledList(fixture('intercom-api.json'));
    expect(read.errors).toEqual([]);
    expect(read.items.map((i) => [i.conversationId, i.kind, i.customerId])).toEqual([
      ['215467891234501', 'assumed', '6650a1'],
      ['215467891234502', 'confirmed', '6650a2'],
      ['215467891234506', 'procedure_handoff', null],
    ]);
    expect(read.items[2].billedAt).toBe(1762360000 * 1000);
    expect(read.skipped.map((s) => s.reason)).toEqual([
      'resolution_state routed_to_team is not billed',
      'resolution_state escalated is not billed',
      'source_type fin_preview (a preview)',
      'source_type workflow_preview (a preview)',
      'resolution_state null is not billed',
    ]);
  });
  it.each([
    ['{ "conversations": [', /^not valid JSON/],
    ['{ "items": [] }', /expected a list of conversations/],
    ['[{ "ai_agent": { "resolution_state": "assumed_resolution" } }]', /^line 1: id: missing/],
    ['[{ "id": "1", "ai_agent": { "resolution_state": 7 } }]', /^line 1: ai_agent.resolution_state: not a string/],
  ])('refuses %s', (text, message) => expect(readBilledList(text, 'intercom-api-json').errors[0]).toMatch(message));
});

describe('Zendesk, Ada and Salesforce exports', () => {
  it('Zendesk: automated resolutions with their time and requester', () => {
    const read = readBilledList(fixture('zendesk-ar.csv'));
    expect(read.items.map((i) => [i.conversationId, i.kind, i.billedAt, i.customerId])).toEqual([
      ['1201', 'automated_resolution', Date.parse('2026-11-23T10:00:06Z'), '901'],
      ['1202', 'automated_resolution', Date.parse('2026-11-24T10:00:00Z'), '902'],
    ]);
    expect(read.skipped).toEqual([{ line: 4, reason: 'not an automated resolution' }]);
  });
  it('Ada: only "Resolved" classifications are billed', () => {
    const read = readBilledList(fixture('ada-export.csv'));
    expect(read.items.map((i) => i.conversationId)).toEqual(['c-1042']);
    expect(read.skipped).toEqual([{ line: 3, reason: 'classified "Not Resolved"' }]);
  });
  it('Salesforce: one row per billed window, with OutcomeCount units', () => {
    const read = readBilledList(fixture('salesforce-cbo.csv'));
    expect(read.items.map((i) => [i.conversationId, i.units, i.billedAt])).toEqual([
      ['0Mw5g000000bXyZCAU', 1, Date.parse('2026-11-20T09:00:00Z')],
      ['0Mw5g000000bXyZCAU', 1, Date.parse('2026-11-21T14:00:00Z')],
      ['0Mw5g000000cAbCDEF', 1, Date.parse('2026-11-21T08:00:00Z')],
    ]);
    const broken = fixture('salesforce-cbo.csv').replace(',,,1\r\n0Mw5g000000cAbCDEF', ',,,two\r\n0Mw5g000000cAbCDEF');
    expect(readBilledList(broken).errors).toEqual(['line 3: OutcomeCount: "two" is not a whole number']);
  });
});

describe('any other CSV, through a column mapping', () => {
  const text = 'Case,Closed,Charge,Customer\r\nA-1,2026-11-01,1,c1\r\nA-2,2026-11-02,2,c2\r\n';
  it('reads the mapped columns', () => {
    const read = readBilledList(text, 'mapped-csv', { vendor: 'custom', conversationId: 'Case', billedAt: 'Closed', units: 'Charge', customerId: 'Customer' });
    expect(read.columns).toEqual(['Case', 'Closed', 'Charge', 'Customer']);
    expect(read.items.map((i) => [i.conversationId, i.units, i.customerId])).toEqual([['A-1', 1, 'c1'], ['A-2', 2, 'c2']]);
  });
  it('asks for a mapping, names a missing column, and bad cells by line', () => {
    expect(readBilledList(text, 'mapped-csv').errors[0]).toMatch(/map its columns/);
    expect(readBilledList(text, 'mapped-csv', { vendor: 'custom', conversationId: 'Id', billedAt: '', units: '', customerId: '' }).errors[0]).toMatch(/"Id" is not in this file/);
    expect(readBilledList(text.replace('2026-11-02', 'soon'), 'mapped-csv', { vendor: 'custom', conversationId: 'Case', billedAt: 'Closed', units: '', customerId: '' }).errors).toEqual(['line 3: Closed: "soon" is not a date']);
  });
  it('a broken quote is reported with its line', () => {
    expect(readBilledList('Case,Closed\r\n"A-1,2026\r\n', 'mapped-csv').errors[0]).toMatch(/^line \d+: /);
  });
});

describe('streaming a large billed list', () => {
  it('pushing rows in chunks gives exactly what reading the whole file gives', async () => {
    const { createBilledCsvReader } = await import('../../utils/io/billed-list');
    const Papa = (await import('papaparse')).default;
    const text = fixture('intercom-report.csv');
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data;
    const reader = createBilledCsvReader('intercom-csv');
    for (let i = 0; i < rows.length; i += 2) reader.push(rows.slice(i, i + 2));
    expect(reader.result()).toEqual(readBilledList(text));
  });
});
