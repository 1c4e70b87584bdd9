// Billed lists, precise or refused: hostile inputs built from the formats' own specifications (RFC 4180 CSV,
// RFC 8259 JSON, the Gregorian calendar, ECMAScript's Date range) and from what an attacker or a damaged export
// would write. Every expected line is the file's physical line, worked by hand in the comment beside it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createBilledCsvTextReader,
  MAX_CELL_CHARS,
  MAX_CSV_COLUMNS,
  MAX_UNITS_PER_ROW,
  readBilledBlob,
  readBilledList,
  type BilledRead,
  type ColumnMapping,
} from '../../utils/io/billed-list';
import { FIXTURES_DIR } from './fixtures';

const INTERCOM_HEADER = 'Conversation ID,Conversation started at (UTC),Fin AI Agent resolution state,Fin AI Agent last sent answer';
const SALESFORCE_HEADER = 'ConversationId,BillingOutcomeText,BillingWindowStartDateTime,BillingWindowEndDateTime,OutcomeCount';
const hostileFixture = (name: string) => readFileSync(join(FIXTURES_DIR, 'billed', 'hostile', name), 'utf8');
const map = (columns: Partial<ColumnMapping>): ColumnMapping => ({ vendor: 'custom', conversationId: 'Case', billedAt: '', units: '', customerId: '', ...columns });
/** An Intercom API conversation Fin resolved, with `fields` over it. */
const conversation = (fields: Record<string, unknown>) => ({ id: '215467891234501', updated_at: 1762161000, ai_agent: { resolution_state: 'assumed_resolution' }, ...fields });

/** A refused file: exactly these errors, and not one item (nothing half-read). */
function expectRefused(read: BilledRead, errors: Array<string | RegExp>) {
  expect(read.errors).toEqual(errors.map((e) => (typeof e === 'string' ? e : expect.stringMatching(e))));
  expect(read.items).toEqual([]);
}

describe('physical line numbers in CSV messages', () => {
  it('blank lines count', () => {
    // line 1 header, line 2 blank, line 3 a good row, lines 4 and 5 blank, so the bad row is line 6.
    const text = 'Ticket ID,Automated resolution\r\n\r\n1201,yes\r\n\r\n\r\nabc,yes\r\n';
    expectRefused(readBilledList(text), ['line 6: Ticket ID: "abc" is not a ticket number']);
  });

  it('a quoted cell counts its own line breaks (RFC 4180: CRLF inside quotes is data)', () => {
    // line 1 header; the first row starts on line 2 and its quoted answer runs over lines 2, 3 and 4 (two CRLFs
    // inside the quotes), so the next row, whose 31 November does not exist, is line 5.
    const text = `${INTERCOM_HEADER}\r\n1001,2026-11-01 10:00:00,Assumed Resolution,"first\r\nsecond\r\nthird"\r\n1002,2026-11-31 10:00:00,Assumed Resolution,ok\r\n`;
    expectRefused(readBilledList(text), ['line 5: Conversation started at: "2026-11-31 10:00:00" is not a date: November 2026 has no day 31']);
  });

  it('doubled quotes and a line break inside one cell, then a blank line', () => {
    // line 1 header; line 2 starts row 1, whose cell "He said ""no""<LF>and left" ends on line 3; line 4 blank;
    // row 2 is on line 5 and its id is a formula.
    const text = `${INTERCOM_HEADER}\n1001,2026-11-01 10:00:00,Assumed Resolution,"He said ""no""\nand left"\n\n=1+1,2026-11-02 10:00:00,Assumed Resolution,x\n`;
    expectRefused(readBilledList(text), ['line 5: Conversation ID: "=1+1" is not an Intercom conversation id']);
    // Without the bad row the doubled quotes are read as one quote each, and the item keeps line 2.
    const good = readBilledList(text.replace(/=1\+1.*\n$/, ''));
    expect(good.errors).toEqual([]);
    expect(good.items.map((i) => [i.conversationId, i.line])).toEqual([['1001', 2]]);
  });

  it('a lone CR ends a line, once; CRLF ends a line once, not twice; LF once', () => {
    // line 1 header (ends CRLF), line 2 a row (ends with a lone CR), line 3 blank (a lone CR), line 4 a row
    // (ends LF), line 5 blank (LF), line 6 the bad row (ends CRLF).
    const text = 'Ticket ID,Automated resolution\r\n1201,yes\r\r1202,yes\n\n12x3,yes\r\n';
    expectRefused(readBilledList(text), ['line 6: Ticket ID: "12x3" is not a ticket number']);
    // Without the bad row, the good rows keep lines 2 and 4.
    expect(readBilledList(text.replace('12x3,yes\r\n', '')).items.map((i) => i.line)).toEqual([2, 4]);
  });

  it('a CR, a delimiter, then an LF are two line ends (the LF does not follow the CR)', () => {
    // line 1 header (CRLF), line 2 "A-1,2026-11-01" ends with a lone CR, line 3 "," (a blank record) ends LF,
    // line 4 the bad row.
    const text = 'Case,Closed\r\nA-1,2026-11-01\r,\nA-2,soon\n';
    expectRefused(readBilledList(text, 'mapped-csv', map({ billedAt: 'Closed' })), ['line 4: Closed: "soon" is not a date']);
  });

  it('LF only, CR only and CRLF files give the same lines', () => {
    // line 1 header, line 2 a row, line 3 blank, line 4 a row with a two-line quoted answer (lines 4–5),
    // line 6 the bad row.
    const rows = [INTERCOM_HEADER, '1001,2026-11-01 10:00:00,Assumed Resolution,x', '', '1002,2026-11-02 10:00:00,Assumed Resolution,"a<BR>b"', '1003,soon,Assumed Resolution,x', ''];
    for (const lineEnd of ['\n', '\r', '\r\n']) {
      const text = rows.join(lineEnd).replace('<BR>', lineEnd);
      expectRefused(readBilledList(text), ['line 6: Conversation started at: "soon" is not a date (expected e.g. 2026-11-03 09:14:02)']);
    }
  });

  it('an unterminated quote is named on the line where the quote starts', () => {
    // line 1 header, line 2 a row, line 3 blank, line 4 the row whose first cell opens a quote that never
    // closes (it runs over lines 4 and 5 to the end of the file).
    const text = 'Case,Closed\r\nA-1,2026-11-01\r\n\r\n"A-2,2026-11-02\r\nA-3,2026-11-03\r\n';
    expectRefused(readBilledList(text, 'mapped-csv', map({ billedAt: 'Closed' })), [
      'line 4: Case: the quoted cell that starts here is never closed (its closing quote is missing, so the rest of the file would be one cell)',
    ]);
  });

  it('an unterminated quote opening inside a row that started lines earlier', () => {
    // line 1 header; row 1 is lines 2–3 (its Note cell holds a line break); row 2 starts on line 4, its Note
    // cell "c<LF>d" ends on line 5, and on line 5 its Closed cell opens a quote that is never closed.
    const text = 'Case,Note,Closed\nA-1,"a\nb",2026-11-01\nA-2,"c\nd","2026-11-02\ntail\n';
    expectRefused(readBilledList(text, 'mapped-csv', map({ billedAt: 'Closed' })), [/^line 5: Closed: the quoted cell that starts here is never closed/]);
  });

  it('a character after a closing quote is refused where it stands (RFC 4180: a quote in a quoted cell is doubled)', () => {
    // line 1 header, line 2 blank, line 3 the row "1201"x,yes: the x after the closing quote.
    const text = 'Ticket ID,Automated resolution\n\n"1201"x,yes\n';
    expectRefused(readBilledList(text), ['line 3: Ticket ID: a quoted cell is followed by "x" before the next delimiter (a quote inside a quoted cell is written twice: "")']);
  });

  it('a row with the wrong number of fields is named by its first line', () => {
    // line 1 header; row 1 spans lines 2–4 (a quoted cell with two line breaks) and has one field too many.
    const text = 'Case,Closed\n"A\n-\n1",2026-11-01,extra\n';
    expectRefused(readBilledList(text, 'mapped-csv', map({})), ['line 2: has 3 field(s) where the header has 2 (cut short or damaged)']);
  });

  it('the header itself may start after blank lines: messages about it name its line', () => {
    // lines 1 and 2 blank, line 3 the header, which lacks the resolution column.
    expectRefused(readBilledList('\r\n\r\nConversation ID,When\r\n1,2\r\n', 'intercom-csv'), ['line 3: a Intercom report CSV needs the column(s) "Fin AI Agent resolution state"']);
  });

  it('cut into pieces at any character (a CR from its LF, a quote from its double) the lines are the same', () => {
    // line 1 header; row 1 lines 2–3 ("x""<CRLF>y"); line 4 blank (lone CR); line 5 the bad row, 30 February.
    const text = `${INTERCOM_HEADER}\r\n1001,2026-11-01 10:00:00,Assumed Resolution,"x""\r\ny"\r\r\n1002,2026-02-30 10:00:00,Assumed Resolution,z\r\n`;
    const whole = readBilledList(text);
    expectRefused(whole, ['line 5: Conversation started at: "2026-02-30 10:00:00" is not a date: February 2026 has no day 30']);
    for (let cut = 0; cut <= text.length; cut++) {
      const reader = createBilledCsvTextReader('intercom-csv');
      reader.write(text.slice(0, cut));
      reader.write(text.slice(cut));
      expect(reader.end(), `cut at ${cut}`).toEqual(whole);
    }
    const byCharacter = createBilledCsvTextReader('intercom-csv');
    for (const c of text) byCharacter.write(c);
    expect(byCharacter.end()).toEqual(whole);
  });
});

describe('bounded columns and cells', () => {
  it(`a header of 1,000,000 columns is refused at once, naming the limit (${MAX_CSV_COLUMNS})`, () => {
    // line 1 the header, line 2 a row.
    const text = `${'c,'.repeat(999_999)}c\r\n${'1,'.repeat(999_999)}1\r\n`;
    const started = performance.now();
    const read = readBilledList(text, 'mapped-csv', map({}));
    expect(performance.now() - started).toBeLessThan(2000);
    expectRefused(read, [`line 1: the header has more than ${MAX_CSV_COLUMNS} columns (a billed list has a few dozen at most): refused unread`]);
  });

  it(`${MAX_CSV_COLUMNS} columns are read; one more is refused`, () => {
    // line 1 the header, line 2 the row.
    const header = (n: number) => ['Case', ...Array.from({ length: n - 1 }, (_, i) => `x${i}`)].join(',');
    const row = (n: number) => ['A-1', ...Array.from({ length: n - 1 }, () => '')].join(',');
    expect(readBilledList(`${header(MAX_CSV_COLUMNS)}\n${row(MAX_CSV_COLUMNS)}\n`, 'mapped-csv', map({})).items).toHaveLength(1);
    expectRefused(readBilledList(`${header(MAX_CSV_COLUMNS + 1)}\n${row(MAX_CSV_COLUMNS + 1)}\n`, 'mapped-csv', map({})), [/^line 1: the header has more than 500 columns/]);
  });

  it('a data row of 1,000,000 fields is refused by its line, not stored', () => {
    // line 1 header (2 columns), line 2 a good row, line 3 the row of a million fields.
    const text = `Case,Closed\nA-1,2026-11-01\n${'x,'.repeat(999_999)}x\n`;
    expectRefused(readBilledList(text, 'mapped-csv', map({})), ['line 3: has 1000000 field(s) where the header has 2 (cut short or damaged)']);
  });

  it(`a cell of ${MAX_CELL_CHARS.toLocaleString('en')} characters is read; one of more is refused by line and column name`, () => {
    // line 1 header, line 2 a good row, line 3 blank, line 4 the row whose Note is too long.
    const text = (n: number) => `Case,Note\nA-1,short\n\nA-2,${'n'.repeat(n)}\n`;
    expect(readBilledList(text(MAX_CELL_CHARS), 'mapped-csv', map({})).errors).toEqual([]);
    expectRefused(readBilledList(text(MAX_CELL_CHARS + 1), 'mapped-csv', map({})), [
      'line 4: Note: a cell of more than 100,000 characters starts here; no billed list has one',
    ]);
  });

  it('a quote left open in a big file is stopped at the cell limit, named where the quote starts', () => {
    // line 1 header, line 2 a good row, line 3 the row whose Note opens a quote; the rest of the file (50,000
    // more lines) would be that one cell.
    const text = `Case,Note\nA-1,x\nA-2,"open\n${'A-9,y\n'.repeat(50_000)}`;
    expectRefused(readBilledList(text, 'mapped-csv', map({})), [
      'line 3: Note: a cell of more than 100,000 characters starts here (a quote opened here and never closed reads the rest of the file as one cell); no billed list has one',
    ]);
  });

  it('a header cell too long is named by its position in the header', () => {
    // line 1 the header (its second cell too long), line 2 a row.
    expectRefused(readBilledList(`Case,${'h'.repeat(MAX_CELL_CHARS + 1)}\nA-1,x\n`, 'mapped-csv', map({})), [
      'line 1: column 2 of the header: a cell of more than 100,000 characters starts here; no billed list has one',
    ]);
  });

  it('two columns of one name that is read: refused (which one was billed cannot be told)', () => {
    // RFC 4180 does not forbid repeated names; a billed list that repeats "Ticket ID" is ambiguous. Line 1 the header.
    expectRefused(readBilledList('Ticket ID,Automated resolution,Ticket ID\n1201,yes,1202\n'), ['line 1: the header has the column "Ticket ID" more than once: which one was billed cannot be told']);
  });
});

describe('times: real calendar dates within a Date, or refused by line and field', () => {
  const salesforce = (start: string, end = '2026-11-21T09:00:00Z', count = '1') => `${SALESFORCE_HEADER}\r\n0Mw5g000000bXyZCAU,Resolved,${start},${end},${count}\r\n`;

  it.each([
    ['2026-02-30T00:00:00Z', 'February 2026 has no day 30'],
    ['2026-02-30', 'February 2026 has no day 30'],
    ['2026-02-29T09:00:00Z', 'February 2026 has no day 29'], // 2026 is not a leap year
    ['2100-02-29T09:00:00Z', 'February 2100 has no day 29'], // divisible by 100, not by 400: not a leap year
    ['2026-04-31T09:00:00+02:00', 'April 2026 has no day 31'],
    ['2026-13-01T09:00:00Z', 'there is no month 13'],
    ['2026-00-10', 'there is no month 0'],
    ['2026-11-00T09:00:00Z', 'November 2026 has no day 0'],
  ])('a Salesforce window starting %s: %s (line 2)', (start, why) => {
    // line 1 header, line 2 the row.
    expectRefused(readBilledList(salesforce(start)), [`line 2: BillingWindowStartDateTime: "${start}" is not a date: ${why}`]);
  });

  it('29 February of a leap year (2028, and 2000: divisible by 400) is a date', () => {
    expect(readBilledList(salesforce('2028-02-29T09:00:00Z')).items.map((i) => i.billedAt)).toEqual([Date.UTC(2028, 1, 29, 9)]);
    expect(readBilledList(salesforce('2000-02-29')).items.map((i) => i.billedAt)).toEqual([Date.UTC(2000, 1, 29)]);
  });

  it('the window end, though not used, is checked too', () => {
    expectRefused(readBilledList(salesforce('2026-02-28T09:00:00Z', '2026-02-30T09:00:00Z')), ['line 2: BillingWindowEndDateTime: "2026-02-30T09:00:00Z" is not a date: February 2026 has no day 30']);
  });

  it('ECMAScript dates end at 8.64e15 ms (+275760-09-13): that instant is read, nothing after it', () => {
    expect(readBilledList(salesforce('+275760-09-13T00:00:00Z')).items[0].billedAt).toBe(8.64e15);
    expectRefused(readBilledList(salesforce('+275760-09-13T00:00:01Z')), ['line 2: BillingWindowStartDateTime: "+275760-09-13T00:00:01Z" is not a date']);
  });

  it('a time before 1970 (Excel\'s day zero, a negative Unix time) is refused', () => {
    expectRefused(readBilledList(salesforce('1899-12-30T00:00:00Z')), [
      'line 2: BillingWindowStartDateTime: "1899-12-30T00:00:00Z" is before 1970-01-01: no bill holds such a time (a damaged cell or a negative Unix time)',
    ]);
  });

  it.each([
    // RFC 2822 dates: Luxon reads them strictly; Date.parse would read 23:60 as 23:00 and roll 30 February over.
    ['Mon, 30 Feb 2026 09:00:00 GMT', 'line 2: date_created: "Mon, 30 Feb 2026 09:00:00 GMT" is not a date: February 2026 has no day 30'],
    ['Sun, 22 Nov 2026 23:60:00 GMT', 'line 2: date_created: not a date'],
    ['Mon, 22 Nov 2026 12:00:00 GMT', 'line 2: date_created: "Mon, 22 Nov 2026 12:00:00 GMT" is not a date: its weekday is not that day\'s'], // 22 Nov 2026 is a Sunday
    ['11/03/2026 09:14 GMT', 'line 2: date_created: not a date'], // 3 November or 11 March: cannot be told
  ])('an Ada row dated %s', (created, message) => {
    // line 1 header, line 2 the row.
    expectRefused(readBilledList(`conversation_id,date_created,automated_resolution_classification\nc-1,"${created}",Resolved\n`, 'ada-csv'), [message]);
  });

  it('Ada names the column it read the date from (created_at when there is no date_created)', () => {
    expectRefused(readBilledList('conversation_id,created_at,automated_resolution_classification\nc-1,2026-02-30,Resolved\n', 'ada-csv'), [
      'line 2: created_at: "2026-02-30" is not a date: February 2026 has no day 30',
    ]);
  });

  it('Intercom report, Zendesk and mapped times are checked alike', () => {
    // Each: line 1 header, line 2 blank, line 3 the row.
    expectRefused(readBilledList(`${INTERCOM_HEADER}\n\n1001,2026-02-29 10:00:00,Assumed Resolution,x\n`), [
      'line 3: Conversation started at: "2026-02-29 10:00:00" is not a date: February 2026 has no day 29',
    ]);
    expectRefused(readBilledList('Ticket ID,Automated resolution\n\n1201,2026-06-31T10:00:00Z\n'), ['line 3: Automated resolution: "2026-06-31T10:00:00Z" is not a date: June 2026 has no day 31']);
    expectRefused(readBilledList('Case,Closed\n\nA-1,2026-09-31\n', 'mapped-csv', map({ billedAt: 'Closed' })), ['line 3: Closed: "2026-09-31" is not a date: September 2026 has no day 31']);
  });
});

describe('units: whole, bounded, never Infinity', () => {
  // Every file here: line 1 the header, line 2 the row (line 3 the second row where there is one).
  const salesforce = (count: string) => `${SALESFORCE_HEADER}\r\n0Mw5g000000bXyZCAU,Resolved,2026-11-20T09:00:00Z,2026-11-21T09:00:00Z,${count}\r\n`;

  it('OutcomeCount 99999999999999999999 (beyond 2^53) is refused by line and field', () => {
    expectRefused(readBilledList(salesforce('99999999999999999999')), [
      'line 2: OutcomeCount: 99999999999999999999 units on one row is more than 10,000 (a damaged cell: no bill has that many on one row)',
    ]);
  });

  it(`OutcomeCount ${MAX_UNITS_PER_ROW} is read; one more is refused`, () => {
    expect(readBilledList(salesforce(String(MAX_UNITS_PER_ROW))).items.map((i) => i.units)).toEqual([MAX_UNITS_PER_ROW]);
    expectRefused(readBilledList(salesforce(String(MAX_UNITS_PER_ROW + 1))), [/^line 2: OutcomeCount: 10001 units on one row is more than 10,000/]);
  });

  it.each(['-5', '1e3', 'Infinity', '1.0', '１', '0x10', '+1'])('OutcomeCount %s is not a whole number', (count) => {
    expectRefused(readBilledList(salesforce(count)), [`line 2: OutcomeCount: "${count}" is not a whole number`]);
  });

  it('OutcomeCount 0 billed nothing: skipped with its reason, not an item at 0 units', () => {
    const read = readBilledList(salesforce('0'));
    expect(read.errors).toEqual([]);
    expect(read.items).toEqual([]);
    expect(read.skipped).toEqual([{ line: 2, reason: 'OutcomeCount 0 (nothing billed in this window)' }]);
  });

  it.each([
    ['1e400', 'line 2: Charge: "1e400" is not a number (digits, at most 6 decimals)'],
    ['Infinity', 'line 2: Charge: "Infinity" is not a number (digits, at most 6 decimals)'],
    ['-5', 'line 2: Charge: "-5" is not a number (digits, at most 6 decimals)'],
    ['0.1234567', 'line 2: Charge: "0.1234567" is not a number (digits, at most 6 decimals)'],
    ['10000.5', 'line 2: Charge: 10000.5 units on one row is more than 10,000 (a damaged cell: no bill has that many on one row)'],
    [`1${'0'.repeat(400)}`, 'line 2: Charge: 100000000000000000000000… units on one row is more than 10,000 (a damaged cell: no bill has that many on one row)'],
  ])('mapped units %s are refused', (units, message) => {
    expectRefused(readBilledList(`Case,Charge\nA-1,${units}\n`, 'mapped-csv', map({ units: 'Charge' })), [message]);
  });

  it('mapped units: a fraction is read, 0 is skipped with its reason', () => {
    const read = readBilledList('Case,Charge\nA-1,0.5\nA-2,0\n', 'mapped-csv', map({ units: 'Charge' }));
    expect(read.items.map((i) => [i.conversationId, i.units])).toEqual([['A-1', 0.5]]);
    expect(read.skipped).toEqual([{ line: 3, reason: 'Charge 0 (nothing billed on this row)' }]);
  });
});

describe('Intercom API JSON (RFC 8259)', () => {
  const json = (...items: unknown[]) => JSON.stringify({ type: 'conversation.list', conversations: items });

  it.each([
    ['fullwidth digits', '２１５４６７'],
    ['Arabic-Indic digits', '٢١٥٤٦٧'],
    ['a formula', '=cmd|calc'],
    ['a sign', '-215467'],
    ['spaces', ' 215467'],
  ])('an id of %s is refused (Intercom ids are ASCII digits)', (_label, id) => {
    // One line of JSON: the item is on line 1.
    expectRefused(readBilledList(json(conversation({ id }))), [`line 1: id: "${id}" is not an Intercom conversation id (ASCII digits 0-9 only) (item 1 of the list)`]);
  });

  it('an id escaped as \\uFF12\\uFF11 decodes to fullwidth digits and is refused too', () => {
    // One line of JSON: the item is on line 1.
    expectRefused(readBilledList('[{"id": "\\uFF12\\uFF11", "ai_agent": {"resolution_state": "assumed_resolution"}}]'), [
      'line 1: id: "２１" is not an Intercom conversation id (ASCII digits 0-9 only) (item 1 of the list)',
    ]);
  });

  it('a numeric id beyond 2^53 is refused, as written, on the line its item starts, asking for strings', () => {
    // line 1 "{", line 2 the list opens, line 3 item 1, line 4 item 2 opens ("{"), line 5 its id.
    const text = [
      '{',
      '  "conversations": [',
      '    { "id": "215467891234501", "ai_agent": { "resolution_state": "assumed_resolution" } },',
      '    {',
      '      "id": 215467891234567890123,',
      '      "ai_agent": { "resolution_state": "assumed_resolution" }',
      '    }',
      '  ]',
      '}',
    ].join('\r\n');
    // JSON.parse alone would read 215467891234567880000: the message shows the digits of the file.
    expectRefused(readBilledList(text), [
      'line 4: id: 215467891234567890123 is larger than 2^53 (9007199254740991): a JSON number that large loses its last digits when read, so this id cannot be trusted — write ids as strings ("215467891234567890123") (item 2 of the list)',
    ]);
  });

  it('numeric ids: 2^53 − 1 is read exactly; 2^53 + 1, exponents, fractions and signs are refused', () => {
    // One line of JSON: the item is on line 1.
    expect(readBilledList('[{"id": 9007199254740991, "ai_agent": {"resolution_state": "assumed_resolution"}}]').items.map((i) => i.conversationId)).toEqual(['9007199254740991']);
    for (const [written, message] of [
      ['9007199254740993', /^line 1: id: 9007199254740993 is larger than 2\^53/],
      ['2.15e14', /^line 1: id: 2\.15e14 is not an Intercom conversation id \(ASCII digits 0-9 only\)/],
      ['1.0', /^line 1: id: 1\.0 is not an Intercom conversation id/],
      ['-7', /^line 1: id: -7 is not an Intercom conversation id/],
    ] as const) {
      expectRefused(readBilledList(`[{"id": ${written}, "ai_agent": {"resolution_state": "assumed_resolution"}}]`), [message]);
    }
  });

  it.each([
    ['1e300', 'updated_at: 1e300 is beyond the last date a JavaScript Date can hold (+275760-09-13)'],
    ['1e400', 'updated_at: 1e400 is not a finite number'], // JSON.parse reads 1e400 as Infinity
    ['-1', 'updated_at: -1 is before 1970-01-01: no bill holds such a time (a damaged cell or a negative Unix time)'],
    ['1762161000.5', 'updated_at: 1762161000.5 is not a whole number of seconds'],
    ['8640000000000001', 'updated_at: 8640000000000001 is beyond the last date a JavaScript Date can hold (+275760-09-13)'],
    ['"2026-02-30T00:00:00Z"', 'updated_at: "2026-02-30T00:00:00Z" is not a date: February 2026 has no day 30'],
    ['true', 'updated_at: true is not a time'],
    ['{"seconds": 1}', 'updated_at: {"seconds":1} is not a time'],
  ])('updated_at %s is refused by line and field', (written, message) => {
    // line 1 "[", line 2 item 1 (good), line 3 item 2: its updated_at is the bad one.
    const text = `[\n  {"id": "215467891234501", "updated_at": 1762161000, "ai_agent": {"resolution_state": "assumed_resolution"}},\n  {"id": "215467891234502", "updated_at": ${written}, "ai_agent": {"resolution_state": "assumed_resolution"}}\n]\n`;
    expectRefused(readBilledList(text), [`line 3: ${message} (item 2 of the list)`]);
  });

  it('every time given is checked, even one that is not the billed time', () => {
    // last_close_at is the billed time, but created_at is 30 February: the item is damaged. One line: line 1.
    expectRefused(readBilledList(json(conversation({ statistics: { last_close_at: 1762360000 }, created_at: '2026-02-30' }))), [
      'line 1: created_at: "2026-02-30" is not a date: February 2026 has no day 30 (item 1 of the list)',
    ]);
  });

  it('a 100,000-deep JSON is refused by line, never a stack overflow', () => {
    // "[" and a line break 100,000 times: the 65th "[" (one past 64 levels) is on line 65, column 1.
    const text = `${'[\n'.repeat(100_000)}${']'.repeat(100_000)}`;
    expectRefused(readBilledList(text, 'intercom-api-json'), ['line 65: the JSON nests deeper than 64 levels at column 1 (refused unread: no Intercom conversation does)']);
  });

  it('a repeated "conversations" key: the last list is the one read (as JSON.parse does), with its own lines', () => {
    // line 1 "{", line 2 a first list (ignored by JSON.parse), line 3 the second list opens, line 4 its one item.
    const text = '{\n"conversations": [{"id": "1", "ai_agent": {"resolution_state": "assumed_resolution"}}],\n"conversations": [\n{"id": "x", "ai_agent": {"resolution_state": "assumed_resolution"}}]\n}';
    expectRefused(readBilledList(text), ['line 4: id: "x" is not an Intercom conversation id (ASCII digits 0-9 only) (item 1 of the list)']);
  });

  it('not JSON at all: the line of the position the parser names', () => {
    // line 1 a complete list, line 2 blank, line 3 stray text after it.
    expect(readBilledList('[]\n\nx', 'intercom-api-json').errors[0]).toMatch(/^not valid JSON( \(line 3\))?: /);
  });

  it('items keep their position in the list (an API pull is one line), errors add the physical line', () => {
    const read = readBilledList(json(conversation({}), conversation({ id: '215467891234502', ai_agent: { source_type: 'fin_preview' } }), conversation({ id: '215467891234503' })));
    expect(read.items.map((i) => [i.conversationId, i.line])).toEqual([['215467891234501', 1], ['215467891234503', 3]]);
  });
});

describe('the streamed path reads exactly as the whole text does', { timeout: 30_000 }, () => {
  /**
   * A CSV of more than 1 MB: the header on line 1, then `blocks` blocks of 4 physical lines each — block k
   * starts on line 2 + 4k: a billed row whose quoted answer spans 2 lines (CRLF inside), a blank line, and an
   * unbilled row ended by a lone CR. Multi-byte characters (é, ✓, 🧾) fall across chunk edges somewhere.
   * Each answer is padded to ~400 bytes so 3,000 blocks pass 1 MB without 12,000 time zone look-ups.
   */
  function bigCsv(blocks: number, tail = '') {
    const parts = [`${INTERCOM_HEADER}\r\n`];
    for (let k = 0; k < blocks; k++) {
      const id = String(215467891000000 + k);
      parts.push(`${id},2026-11-03 09:14:02,Assumed Resolution,"Réponse ✓ 🧾\r\nsur deux lignes ${'·'.repeat(150)}"\r\n`, '\r\n', `${id},2026-11-03 09:15:00,Routed to team,plain\r`);
    }
    return parts.join('') + tail;
  }
  const BLOCKS = 3000;

  it('a > 1 MB file in 1 MB chunks and in odd-sized chunks: the same items and lines as reading it whole', async () => {
    const text = bigCsv(BLOCKS);
    const blob = new Blob([text]);
    expect(blob.size).toBeGreaterThan(1_000_000);
    const whole = readBilledList(text);
    expect(whole.errors).toEqual([]);
    expect(whole.items).toHaveLength(BLOCKS);
    // Block k: its billed row on line 2 + 4k, its unbilled row on line 2 + 4k + 3.
    expect(whole.items[0].line).toBe(2);
    expect(whole.items[BLOCKS - 1].line).toBe(2 + 4 * (BLOCKS - 1));
    expect(whole.skipped[BLOCKS - 1].line).toBe(2 + 4 * (BLOCKS - 1) + 3);
    for (const chunkBytes of [1_000_000, 65_537, 4099]) {
      const shares: number[] = [];
      const streamed = await readBilledBlob(blob, 'intercom-csv', undefined, { chunkBytes, onProgress: (s) => shares.push(s) });
      expect(streamed, `chunks of ${chunkBytes} bytes`).toEqual(whole);
      expect(shares.at(-1)).toBe(1);
    }
  });

  it('a bad row after 3,000 blocks is named on the same physical line in both paths', async () => {
    // The header, then 3,000 blocks of 4 lines (lines 2 … 12,001), so the bad row is line 2 + 4 × 3,000 = 12,002.
    const text = bigCsv(BLOCKS, '215467891999999,2026-02-30 10:00:00,Assumed Resolution,x\r\n');
    const message = 'line 12002: Conversation started at: "2026-02-30 10:00:00" is not a date: February 2026 has no day 30';
    expectRefused(readBilledList(text), [message]);
    expectRefused(await readBilledBlob(new File([text], 'bill.csv'), 'intercom-csv', undefined, { chunkBytes: 65_537 }), [message]);
  });

  it('an unterminated quote in a streamed file is named where it starts, and reading stops at the cell limit', async () => {
    // 3,000 blocks (lines 2 … 12,001), then on line 12,002 a row whose answer opens a quote and never closes,
    // followed by ~1 MB more that would all be that one cell.
    const text = bigCsv(BLOCKS, `215467891999999,2026-11-03 10:00:00,Assumed Resolution,"never closed\r\n${'more text\r\n'.repeat(100_000)}`);
    const shares: number[] = [];
    const streamed = await readBilledBlob(new Blob([text]), 'intercom-csv', undefined, { chunkBytes: 65_536, onProgress: (s) => shares.push(s) });
    expectRefused(streamed, [/^line 12002: Fin AI Agent last sent answer: a cell of more than 100,000 characters starts here \(a quote opened here and never closed/]);
    expect(streamed).toEqual(readBilledList(text));
    // Stopped a little past the limit: the last ~0.9 MB were never read (the 1 after the loop is the final call).
    expect(shares.at(-2)!).toBeLessThan(0.75);
  });

  it('a header of 1,000,000 columns stops the stream after its first chunk', async () => {
    const text = `${'c,'.repeat(999_999)}c\r\n1\r\n`;
    const shares: number[] = [];
    const streamed = await readBilledBlob(new Blob([text]), 'mapped-csv', map({}), { chunkBytes: 65_536, onProgress: (s) => shares.push(s) });
    expectRefused(streamed, [/^line 1: the header has more than 500 columns/]);
    // One chunk read (its progress), then the final 1: the other ~1.9 MB were never read.
    expect(shares).toHaveLength(2);
  });

  it('an API JSON given to the blob reader is read whole, with the same refusals', async () => {
    const text = '[\n{"id": "２", "ai_agent": {"resolution_state": "assumed_resolution"}}\n]';
    expect(await readBilledBlob(new Blob([text]), 'intercom-api-json')).toEqual(readBilledList(text));
  });
});

describe('exports as files: bytes as a vendor or an editor would leave them', () => {
  it('an Intercom report with a BOM, multi-line answers (a blank line and a lone CR inside quotes) and a blank row', async () => {
    // line 1 header (after the BOM); row 1 is lines 2–5: its answer holds "Billing." CRLF, an empty line CRLF,
    // "Then choose ""Invoices""." CRLF, and closes on line 5; line 6 blank; row 2 line 7; row 3 lines 8–9 (a
    // lone CR inside its answer); row 4, on line 10, starts on 31 November; row 5 line 11.
    const text = hostileFixture('intercom-report-multiline.csv');
    const message = 'line 10: Conversation started at: "2026-11-31 12:40:00" is not a date: November 2026 has no day 31';
    expectRefused(readBilledList(text), [message]);
    expectRefused(await readBilledBlob(new Blob([text]), 'intercom-csv', undefined, { chunkBytes: 16 }), [message]);
    // Mended, the same lines name the items (2, 7, 10, 11) and the unbilled row (8).
    const mended = readBilledList(text.replace('2026-11-31', '2026-11-30'));
    expect(mended.errors).toEqual([]);
    expect(mended.items.map((i) => [i.conversationId, i.line])).toEqual([
      ['215467891234501', 2],
      ['215467891234502', 7],
      ['215467891234504', 10],
      ['215467891234505', 11],
    ]);
    expect(mended.skipped).toEqual([{ line: 8, reason: '"Routed to team" is not billed' }]);
  });

  it('a pretty-printed API JSON whose second id is a number beyond 2^53', () => {
    // line 1 "{", line 2 "type", line 3 the list opens, lines 4–8 item 1, line 9 item 2 opens, line 10 its id.
    expectRefused(readBilledList(hostileFixture('intercom-api-big-id.json')), [
      'line 9: id: 215467891234567890123 is larger than 2^53 (9007199254740991): a JSON number that large loses its last digits when read, so this id cannot be trusted — write ids as strings ("215467891234567890123") (item 2 of the list)',
    ]);
  });
});

describe('any text, cut anywhere', () => {
  it('300 random texts of quotes, delimiters and line ends read the same whole and cut in three', () => {
    // A small deterministic generator (mulberry32) so a failure can be replayed from its seed.
    let seed = 20261103;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const alphabet = ['A', '7', ',', '"', '""', '\r', '\n', '\r\n', ' ', 'é'];
    for (let n = 0; n < 300; n++) {
      const text = `Case,Note\n${Array.from({ length: 1 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')}`;
      const whole = readBilledList(text, 'mapped-csv', map({}));
      const [a, b] = [Math.floor(random() * text.length), Math.floor(random() * text.length)].sort((x, y) => x - y);
      const reader = createBilledCsvTextReader('mapped-csv', map({}));
      for (const piece of [text.slice(0, a), text.slice(a, b), text.slice(b)]) reader.write(piece);
      expect(reader.end(), JSON.stringify(text)).toEqual(whole);
      // Every line named lies within the file's physical lines.
      const physicalLines = text.split(/\r\n|\r|\n/).length;
      for (const named of [...whole.items.map((i) => i.line), ...whole.errors.map((e) => Number(/^line (\d+)/.exec(e)?.[1]))]) {
        expect(named).toBeGreaterThanOrEqual(1);
        expect(named).toBeLessThanOrEqual(physicalLines);
      }
    }
  });
});

describe('what stays as it was', () => {
  it('a semicolon- or tab-separated export is still read (its delimiter told from the header)', () => {
    for (const delimiter of [';', '\t']) {
      const read = readBilledList(`Ticket ID${delimiter}Automated resolution\r\n1201${delimiter}yes\r\n`, 'zendesk-csv');
      expect(read.items.map((i) => [i.conversationId, i.line])).toEqual([['1201', 2]]);
    }
  });

  it('an empty file is refused in words', () => {
    expectRefused(readBilledList('', 'zendesk-csv'), ['line 1: the file is empty: a billed list starts with a header row']);
    expectRefused(readBilledList('\r\n \r\n', 'zendesk-csv'), ['line 1: the file is empty: a billed list starts with a header row']);
  });
});
