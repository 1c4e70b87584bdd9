// Every importer against ≥ 40 malformed inputs each: each is refused (or, for a billed list, reported) with a
// clear message, and the database is byte-for-byte unchanged.
import { exportDB } from 'dexie-export-import';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBackup } from '../../utils/io/backup';
import { readBilledList, type BilledFormat } from '../../utils/io/billed-list';
import { RecountDB } from '../../utils/store/db';
import { restoreBackup } from '../../utils/store/restore';
import { allEvents, recordConversationSeen, recordVerdict } from '../../utils/store/tagging';
import { eventsToCsv, eventsToJson, eventsToNdjson } from '../../utils/io/export';
import { handleMessage, type Platform } from '../../utils/transport/handlers';
import { readRecountExport } from '../../utils/io/import';
import { validateImportedEvents } from '../../utils/model/event-schema';
import { isValidSelectorInDom, validateProfile } from '../../utils/adapters/profile-validation';
import { EXAMPLE_PROFILES } from '../../utils/adapters/profiles';
import type { Tombstone } from '../../utils/model/chain.mjs';

const db = new RecountDB('malformed');
const platform: Platform = { broadcast: () => undefined, hasHostAccess: async () => true, syncProfileScripts: async () => undefined, previewInTab: async () => { throw new Error('no tab'); } };
let dump = '';
let validJson = '';
let validNdjson = '';
let validCsv = '';
let validBackup = '';
const snapshot = async () => (await exportDB(db)).text();

// Built before the cases are listed (they are made from these files), hence top-level await, not beforeAll.
await (async () => {
  const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };
  const key = { vendor: 'intercom' as const, workspace: 'w', conversationId: '1' };
  await recordConversationSeen(db, { key, claim, agentName: 'Fin', messages: [{ author: 'customer', authorName: 'A', at: 1, text: 'hi?' }], billingNote: null }, null);
  await recordVerdict(db, { key, verdict: 'false', reason: 'other', note: 'first — façade', claim, suggested: null }, { now: 1000 });
  await recordVerdict(db, { key: { ...key, conversationId: '2' }, verdict: 'genuine', reason: null, note: '=SUM(A1)', claim, suggested: null }, { now: 2000 });
  // Another agent's log, as it would arrive.
  const other = new RecountDB('malformed-other');
  await recordVerdict(other, { key: { ...key, conversationId: '3' }, verdict: 'unsure', reason: null, note: 'Zürich café — naïve', claim, suggested: null }, { now: 3000 });
  await recordVerdict(other, { key: { ...key, conversationId: '4' }, verdict: 'genuine', reason: null, note: 'Ünïcødé 日本語', claim, suggested: null }, { now: 4000 });
  const theirs = await allEvents(other);
  await other.delete();
  validJson = eventsToJson(theirs);
  validNdjson = eventsToNdjson(theirs);
  validCsv = eventsToCsv(theirs);
  validBackup = await snapshot();
  dump = validBackup;
})();
afterAll(() => db.delete());

/** Truncations, encodings, BOMs and byte-level damage that apply to any text file. */
function damaged(text: string): Array<[string, string]> {
  const cases: Array<[string, string]> = [];
  for (const share of [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
    // Cut inside a line (a cut right after a line end leaves a shorter, valid file).
    let cut = Math.floor(text.length * share);
    while (cut > 1 && /[\r\n]/.test(text[cut - 1])) cut -= 2;
    cases.push([`truncated at ${share * 100}%`, text.slice(0, cut)]);
  }
  cases.push(['empty', ''], ['only whitespace', '   \n\t'], ['a double BOM', `\uFEFF\uFEFF${text}`]);
  cases.push(['UTF-16 read as UTF-8', Buffer.from(text, 'utf16le').toString('latin1')]);
  cases.push(['Latin-1 mojibake', Buffer.from(text, 'utf8').toString('latin1')]);
  cases.push(['NUL bytes', text.replace(/[A-Za-z]/, '\u0000')]);
  cases.push(['a JSON bomb (deep nesting)', `${'['.repeat(100_000)}${']'.repeat(100_000)}`]);
  cases.push(['a huge field', text.replace(/[A-Za-z]+/, (word) => `${word}${'x'.repeat(200_000)}`)]);
  cases.push(['binary garbage', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR']);
  cases.push(['HTML instead', '<!doctype html><html><body>Not found</body></html>']);
  cases.push(['a formula instead of a file', '=HYPERLINK("http://evil.test","click")']);
  return cases;
}

/** Field-level damage to one event of a JSON export. */
function eventMutations(json: string): Array<[string, string]> {
  const parsed = JSON.parse(json);
  const one = (label: string, change: (e: Record<string, unknown>) => void): [string, string] => {
    const copy = structuredClone(parsed);
    change(copy.events[0]);
    return [label, JSON.stringify(copy, null, 2)];
  };
  return [
    one('verdict of the wrong type', (e) => (e.verdict = 3)),
    one('unknown verdict', (e) => (e.verdict = 'maybe')),
    one('reason without false', (e) => (e.reason = 'other')),
    one('at as a string', (e) => (e.at = '2026-11-01')),
    one('negative time', (e) => (e.at = -5)),
    one('missing id', (e) => delete e.id),
    one('empty conversation id', (e) => (e.conversationId = '')),
    one('convKey not matching', (e) => (e.convKey = 'intercom:other:9')),
    one('unknown vendor', (e) => (e.vendor = 'acme')),
    one('claim missing', (e) => delete e.claim),
    one('hash not hex', (e) => (e.hash = 'zz')),
    one('seq zero', (e) => (e.seq = 0)),
    one('huge note', (e) => (e.note = 'n'.repeat(20_000))),
    one('note edited (tampered chain)', (e) => (e.note = 'changed')),
    one('verdict edited (tampered chain)', (e) => (e.verdict = 'false') && (e.reason = 'other')),
    one('formula in the id', (e) => (e.id = '=cmd|\' /C calc\'!A0')),
    [
      'duplicated id',
      (() => {
        const copy = structuredClone(parsed);
        copy.events.push(copy.events[0]);
        return JSON.stringify(copy, null, 2);
      })(),
    ],
    ['events not a list', JSON.stringify({ ...parsed, events: {} }, null, 2)],
    ['not an export', JSON.stringify({ hello: 'world' })],
  ];
}

describe('events import (JSON, NDJSON, CSV) → merge', () => {
  const cases = [
    ...damaged(validJson).map(([l, t]) => [`JSON ${l}`, t] as [string, string]),
    ...damaged(validNdjson).map(([l, t]) => [`NDJSON ${l}`, t] as [string, string]),
    ...damaged(validCsv).map(([l, t]) => [`CSV ${l}`, t] as [string, string]),
    ...eventMutations(validJson),
    ['CSV with wrong columns', '\uFEFF"a","b"\r\n"1","2"\r\n'],
    ['CSV with a formula row', validCsv.replace(/\r\n"[^"]+"/, '\r\n"=1+1"')],
  ] as Array<[string, string]>;

  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('%s: refused with a clear message, database unchanged', async (_label, text) => {
    const read = readRecountExport(text);
    const problems = [...read.errors, ...(read.verification?.fileProblem ? [read.verification.fileProblem] : []), ...(read.verification?.problems ?? []).map((p) => p.problem)];
    expect(problems.length, 'the page refuses it').toBeGreaterThan(0);
    expect(problems[0]).toMatch(/\w{4,}/);
    // Even if a page let it through, the background checks the events again and writes nothing.
    if (read.events.length > 0) {
      const reply = await handleMessage(db, { type: 'events/import', events: read.events.map((e, i) => (i === 0 ? { ...e, note: `${e.note}!` } : e)) }, platform);
      expect(reply.ok).toBe(false);
    }
    expect(await snapshot()).toBe(dump);
  });

  it('the background refuses what a page might send directly', async () => {
    for (const events of [[{}], [null], ['x'], [{ ...JSON.parse(validJson).events[0], hash: 'f'.repeat(64) }]]) {
      const reply = await handleMessage(db, { type: 'events/import', events }, platform);
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/Not merged, nothing written: (line|event) 1/) });
    }
    expect(validateImportedEvents([{ id: 'x' }]).errors[0]).toMatch(/^event 1: /);
    expect(await snapshot()).toBe(dump);
  });
});

describe('billed lists', () => {
  const intercom = 'Conversation ID,Conversation started at (UTC),Fin AI Agent resolution state\r\n1001,2026-11-01 10:00:00,Assumed Resolution\r\n1002,2026-11-02 10:00:00,Confirmed Resolution\r\n';
  const cases: Array<[string, string, BilledFormat]> = [
    // A BOM is normal in a CSV, and a billed list holds no text but ids: mojibake leaves it valid. Both are
    // left out here; the event importers, where they matter, refuse them.
    ...damaged(intercom).filter(([l]) => !/only whitespace|empty|double BOM|mojibake/.test(l)).map(([l, t]) => [`Intercom CSV ${l}`, t, 'intercom-csv'] as [string, string, BilledFormat]),
    ['missing resolution column', 'Conversation ID,When\r\n1,2\r\n', 'intercom-csv'],
    ['missing id column', 'Fin AI Agent resolution state\r\nAssumed\r\n', 'intercom-csv'],
    ['id with letters', intercom.replace('1001', '10a1'), 'intercom-csv'],
    ['formula as id', intercom.replace('1001', '=cmd|A0'), 'intercom-csv'],
    ['bad date', intercom.replace('2026-11-01 10:00:00', 'tomorrow'), 'intercom-csv'],
    ['unclosed quote', intercom.replace('1002', '"1002'), 'intercom-csv'],
    ['JSON: not JSON', '{ "conversations": [', 'intercom-api-json'],
    ['JSON: wrong shape', '{ "items": [] }', 'intercom-api-json'],
    ['JSON: id missing', '[{ "ai_agent": { "resolution_state": "assumed_resolution" } }]', 'intercom-api-json'],
    ['JSON: resolution state of the wrong type', '[{ "id": 1, "ai_agent": { "resolution_state": [] } }]', 'intercom-api-json'],
    ['JSON: a conversation that is a string', '["x"]', 'intercom-api-json'],
    ['JSON: bad time', '[{ "id": 1, "updated_at": "soon", "ai_agent": { "resolution_state": "confirmed_resolution" } }]', 'intercom-api-json'],
    ['JSON bomb', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'intercom-api-json'],
    ['Zendesk: no Ticket ID column', 'Subject,Automated resolution\r\nx,yes\r\n', 'zendesk-csv'],
    ['Zendesk: ticket id not a number', 'Ticket ID,Automated resolution\r\nabc,yes\r\n', 'zendesk-csv'],
    ['Zendesk: bad value', 'Ticket ID,Automated resolution\r\n12,maybe later\r\n', 'zendesk-csv'],
    ['Ada: no id column', 'automated_resolution_classification\r\nResolved\r\n', 'ada-csv'],
    ['Ada: empty id', 'conversation_id,automated_resolution_classification\r\n,Resolved\r\n', 'ada-csv'],
    ['Ada: bad date', 'conversation_id,date_created,automated_resolution_classification\r\nc1,never,Resolved\r\n', 'ada-csv'],
    ['Salesforce: no window column', 'ConversationId,OutcomeCount\r\n0Mw,1\r\n', 'salesforce-cbo-csv'],
    ['Salesforce: bad window start', 'ConversationId,BillingWindowStartDateTime\r\n0Mw,later\r\n', 'salesforce-cbo-csv'],
    ['Salesforce: count not whole', 'ConversationId,BillingWindowStartDateTime,OutcomeCount\r\n0Mw,2026-11-01T00:00:00Z,1.5\r\n', 'salesforce-cbo-csv'],
    ['Salesforce: empty id', 'ConversationId,BillingWindowStartDateTime\r\n,2026-11-01T00:00:00Z\r\n', 'salesforce-cbo-csv'],
    ['mapped: no mapping', 'a,b\r\n1,2\r\n', 'mapped-csv'],
    ['a row with an extra field', intercom.replace('Assumed Resolution', 'Assumed Resolution,extra'), 'intercom-csv'],
    ['a row with a missing field', intercom.replace(',Confirmed Resolution', ''), 'intercom-csv'],
    ['an unknown resolution state', intercom.replace('Assumed Resolution', 'Resolved-ish'), 'intercom-csv'],
    ['JSON: conversations not a list', '{ "conversations": {} }', 'intercom-api-json'],
    ['JSON: a number', '42', 'intercom-api-json'],
    ['Zendesk: a formula as ticket id', 'Ticket ID,Automated resolution\r\n=1+1,yes\r\n', 'zendesk-csv'],
    ['Ada: a formula id is kept as text but not resolved', 'conversation_id,automated_resolution_classification\r\n=cmd,Maybe\r\n', 'ada-csv'],
    ['Salesforce: a formula window start', 'ConversationId,BillingWindowStartDateTime\r\n0Mw,=NOW()\r\n', 'salesforce-cbo-csv'],
  ];

  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('%s: reported with a clear message naming the line', async (_label, text, format) => {
    const read = readBilledList(text, format);
    // Refused with errors, or every row set aside with a reason naming its line: never silently half-read.
    const reported = read.errors.length > 0 || read.items.length === 0 || read.skipped.length > 0 || (read.warnings ?? []).length > 0;
    expect(reported).toBe(true);
    if (read.errors.length > 0) expect(read.errors[0]).toMatch(/^(line \d+: |not valid JSON|expected a list)/);
    else if (read.skipped.length > 0) expect(read.skipped[0].reason).toMatch(/\w{3,}/);
    // A refused list is never sent; the background's own check refuses bad items too.
    const reply = await handleMessage(db, { type: 'billed/import', name: 'x', vendor: 'intercom', workspace: '', format, skipped: 0, items: [{ conversationId: '' }] }, platform);
    expect(reply.ok).toBe(false);
    expect(await snapshot()).toBe(dump);
  });
});

describe('backup restore', () => {
  const mutate = (change: (backup: { data: { databaseName: string; data: Array<{ tableName: string; rows: Record<string, unknown>[] }> } }) => void): string => {
    const copy = JSON.parse(validBackup);
    change(copy);
    return JSON.stringify(copy);
  };
  const events = (b: { data: { data: Array<{ tableName: string; rows: Record<string, unknown>[] }> } }) => b.data.data.find((t) => t.tableName === 'events')!.rows;
  const cases: Array<[string, string]> = [
    ...damaged(validBackup),
    ['another database', mutate((b) => (b.data.databaseName = 'other'))],
    ['an unknown table', mutate((b) => {
      (b.data as unknown as { tables: Array<{ name: string; schema: string; rowCount: number }> }).tables.push({ name: 'secrets', schema: 'id', rowCount: 1 });
      b.data.data.push({ tableName: 'secrets', rows: [{ id: 1 }] });
    })],
    ['a table cut short', mutate((b) => events(b).pop())],
    ['an edited event', mutate((b) => (events(b)[0].note = 'edited'))],
    ['an event without a hash', mutate((b) => delete events(b)[0].hash)],
    ['an event of the wrong type', mutate((b) => (events(b)[0].at = 'yesterday'))],
    ['a duplicated event', mutate((b) => events(b).push(events(b)[0]))],
    ['a removed event (chain gap)', mutate((b) => events(b).splice(0, 1))],
    ['a forged verdict', mutate((b) => {
      const e = events(b)[1];
      Object.assign(e, e.verdict === 'false' ? { verdict: 'genuine', reason: null } : { verdict: 'false', reason: 'other' });
    })],
    ['events not a list', mutate((b) => ((b.data.data.find((t) => t.tableName === 'events') as { rows: unknown }).rows = {}))],
    ['rows with special types', mutate((b) => (events(b)[0].$types = { at: 'Date' }))],
    // The same field-level damage the event importers get, inside a backup.
    ...(
      [
        ['verdict of the wrong type', (e) => (e.verdict = 3)],
        ['unknown verdict', (e) => (e.verdict = 'maybe')],
        ['reason without false', (e) => (e.verdict = 'genuine') && (e.reason = 'other')],
        ['at as a string', (e) => (e.at = '2026-11-01')],
        ['negative time', (e) => (e.at = -5)],
        ['missing id', (e) => delete e.id],
        ['empty conversation id', (e) => (e.conversationId = '')],
        ['convKey not matching', (e) => (e.convKey = 'intercom:other:9')],
        ['unknown vendor', (e) => (e.vendor = 'acme')],
        ['claim missing', (e) => delete e.claim],
        ['hash not hex', (e) => (e.hash = 'zz')],
        ['seq zero', (e) => (e.seq = 0)],
        ['huge note', (e) => (e.note = 'n'.repeat(20_000))],
        ['prevHash edited', (e) => (e.prevHash = 'a'.repeat(64))],
      ] as Array<[string, (e: Record<string, unknown>) => unknown]>
    ).map(([label, change]) => [`an event with ${label}`, mutate((b) => void change(events(b)[0]))] as [string, string]),
  ];

  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('%s: refused with a clear message, database unchanged', async (_label, text) => {
    let error = '';
    try {
      const decoded = await decodeBackup(new Blob([text]), db.name);
      await restoreBackup(db, decoded, (rows, tombstones: Tombstone[], ownChain) => validateImportedEvents(rows, tombstones, ownChain).errors);
    } catch (e) {
      error = (e as Error).message;
    }
    expect(error).toMatch(/^Not (a backup|restorable|restored)/);
    expect(await snapshot()).toBe(dump);
  });
});

describe('vendor profiles', () => {
  const base = EXAMPLE_PROFILES[0];
  const css = isValidSelectorInDom;
  const cases: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'sierra'],
    ['an array', [base]],
    ...(['id', 'name', 'hostPattern', 'conversationIdPattern', 'messageSelector', 'authorSelector', 'aiAuthorNames'] as const).map((f) => [`missing ${f}`, { ...base, [f]: undefined }] as [string, unknown]),
    ...(['id', 'name', 'hostPattern', 'conversationIdPattern', 'resolvedSelector', 'resolvedText', 'messageSelector', 'authorSelector', 'textSelector'] as const).map((f) => [`${f} a number`, { ...base, [f]: 7 }] as [string, unknown]),
    ...['<all_urls>', '*://*/*', 'https://*/*', 'file:///etc/*', 'https://', 'ftp://x.example/*', 'https://*.*/*', 'javascript:alert(1)'].map((h) => [`host ${h}`, { ...base, hostPattern: h }] as [string, unknown]),
    ...['(', 'no group', '[a-', '(?<', '\\'].map((r) => [`id pattern ${r}`, { ...base, conversationIdPattern: r }] as [string, unknown]),
    ...['.a[', 'a >>> b', ':::', '#', '<script>'].map((sel) => [`message selector ${sel}`, { ...base, messageSelector: sel }] as [string, unknown]),
    ['huge name', { ...base, name: 'n'.repeat(10_000) }],
    ['AI names not a list', { ...base, aiAuthorNames: 'Sierra' }],
    ['no AI names', { ...base, aiAuthorNames: [] }],
    ['id with spaces', { ...base, id: 'my vendor' }],
    ['no resolved marker', { ...base, resolvedSelector: '', resolvedText: '' }],
  ];
  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));
  it.each(cases)('%s: refused, naming the field', async (_label, profile) => {
    const result = validateProfile(profile, css);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.values(result.errors)[0]).toMatch(/\w{3,}/);
    const reply = await handleMessage(db, { type: 'profile/save', profile }, platform);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^(Profile not saved|Invalid message)/) });
    expect(await snapshot()).toBe(dump);
  });
});
