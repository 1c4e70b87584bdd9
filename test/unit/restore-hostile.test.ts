// Restoring hostile backups. A restore replaces the whole database, so every table gets the rigour the events
// get: a genuine backup is made from a real database, then changed as an attacker (or a careless editor) would,
// in dexie-export-import's own format. Each change is refused by table, row and field, both by the dashboard
// (decodeBackup) and by the background that writes (restoreBackup, which any extension page can reach), the
// database is compared whole before and after, and no prototype changes.
import { ensureSigningKey } from '../../utils/store/signing';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { exportDB } from 'dexie-export-import';
import { h } from 'preact';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DataPanel } from '../../components/dashboard/DataPanel';
import { backupBlob, decodeBackup, readBackup } from '../../utils/io/backup';
import * as v from 'valibot';
import { BACKUP_META_TABLE, SettingsValueSchema } from '../../utils/store/backup-schema';
import { DEFAULT_SETTINGS } from '../../utils/model/settings';
import { eventHash, GENESIS, type Tombstone } from '../../utils/model/chain.mjs';
import { RecountDB } from '../../utils/store/db';
import { saveBilledList } from '../../utils/store/billed';
import { restoreBackup } from '../../utils/store/restore';
import { deleteWhere } from '../../utils/store/deletion';
import { reportHealth } from '../../utils/store/health';
import { recordConversationSeen, recordVerdict } from '../../utils/store/tagging';
import { updateSettings } from '../../utils/store/settings';
import { readLatestEvents } from '../../utils/store/event-only';
import { EMPTY_FILTER } from '../../utils/analysis/filters';
import { handleMessage, type Platform } from '../../utils/transport/handlers';
import { sha256hex } from '../../utils/model/hash';
import { validateImportedEvents } from '../../utils/model/event-schema';
import { EXAMPLE_PROFILES } from '../../utils/adapters/profiles';
import type { VerdictEvent } from '../../utils/model/verdict';

// Backups are mutated as the untyped JSON they are.
type Row = Record<string, any>;
interface Backup {
  formatName: string;
  formatVersion: number;
  data: {
    databaseName: string;
    databaseVersion: unknown;
    tables: Array<{ name: string; schema: string; rowCount: number }>;
    data: Array<{ tableName: string; inbound: boolean; rows: Row[] }>;
  };
}

const NAME = 'restore-hostile';
const db = new RecountDB(NAME);
const platform: Platform = {
  broadcast: () => undefined,
  hasHostAccess: async () => true,
  syncProfileScripts: async () => undefined,
  previewInTab: async () => {
    throw new Error('no tab');
  },
};
/** What the background checks the events with (utils/transport/handlers.ts, db/restore). */
const check = (rows: unknown[], tombstones: Tombstone[], ownChain: string | null) => validateImportedEvents(rows, tombstones, ownChain).errors;
/** The whole database, the derived event-only index included. */
const snapshot = async () => (await exportDB(db)).text();

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed Resolution', url: 'https://app.intercom.com/a/inbox/w/conversation/1' };
const key = (conversationId: string) => ({ vendor: 'intercom' as const, workspace: 'w', conversationId });
const tag = (id: string, verdict: 'genuine' | 'false' | 'unsure', at: number, note = '') =>
  recordVerdict(db, { key: key(id), verdict, reason: verdict === 'false' ? 'recontacted' : null, note, claim, suggested: 'genuine' }, { now: at });

let genuine = '';
let dump = '';

// Built before the cases are listed (they are made from it), hence top-level await, as in malformed.test.ts.
await (async () => {
  await recordConversationSeen(
    db,
    {
      key: key('1'),
      claim,
      agentName: 'Fin',
      messages: [
        { author: 'customer', authorName: 'Ann', at: 1_000, text: 'I was charged twice — Zürich café' },
        { author: 'ai_agent', authorName: 'Fin', at: 2_000, text: 'Refunded.' },
      ],
      billingNote: null,
      billing: { windows: 1 },
    },
    { verdict: 'genuine', reason: null, because: ['The customer thanked the agent'], unverified: false },
    1_000,
  );
  await recordConversationSeen(db, { key: key('2'), claim, agentName: 'Fin', messages: [], billingNote: 'Billed after 72 h' }, null, 1_500);
  await tag('1', 'false', 3_000, 'came back the next day');
  await tag('1', 'genuine', 4_000, 'it was a duplicate');
  await tag('2', 'unsure', 5_000);
  await tag('3', 'genuine', 6_000, 'never read here'); // its row shares the claim with its verdict: a "#" in the backup
  await tag('4', 'false', 7_000, 'deleted below');
  await deleteWhere(db, (e) => e.conversationId === '4', (c) => c.conversationId === '4', 8_000); // a tombstone
  await updateSettings(db, {
    reviewerName: 'Ann',
    keepTranscripts: true,
    unitPrices: { intercom: 1.25 },
    contracts: { zendesk: { recontactDays: 5, comparisonPrices: { per_action: 0.2 } } },
    pageLabels: {
      'intercom:*': { aiAgentNames: ['Ava'], resolutionWords: { 'résolution supposée': 'assumed' } },
      'zendesk:acme': { internalNoteLabel: 'Interne Notiz', stateWords: { gelöst: 'solved' } },
    },
  });
  expect(await handleMessage(db, { type: 'profile/save', profile: EXAMPLE_PROFILES[0] }, platform)).toMatchObject({ ok: true });
  await reportHealth(db, { vendor: 'intercom', adapter: 'intercom', urlPattern: '/a/inbox/:id', missing: ['resolution state'] }, 9_000);
  await reportHealth(db, { vendor: 'zendesk', adapter: 'zendesk', urlPattern: '/agent/tickets/:id', missing: [] }, 9_100);
  await db.health.update('intercom|intercom|/a/inbox/:id', { outline: 'main > section.conversation' });
  await saveBilledList(db, { id: 'l1', name: 'November', vendor: 'intercom', workspace: 'w', format: 'intercom-csv', importedAt: 10_000, items: 3, units: 3, skipped: 1 }, [
    { vendor: 'intercom', conversationId: '1', billedAt: 1_000, units: 1, kind: 'assumed', customerId: 'c1', line: 2 },
    { vendor: 'intercom', conversationId: '2', billedAt: null, units: 1, kind: 'confirmed', customerId: null, line: 3 },
    { vendor: 'intercom', conversationId: '3', billedAt: -86_400_000, units: 1, kind: 'assumed', customerId: 'c1', line: 4 },
  ]);
  await saveBilledList(db, { id: 'l2', name: 'Agentforce', vendor: 'salesforce', workspace: 'org', format: 'salesforce-cbo-csv', importedAt: 11_000, items: 2, units: 3.5, skipped: 1 }, [
    { vendor: 'salesforce', conversationId: '0Mw1', billedAt: 2_000, units: 2, kind: 'conversation_window', customerId: null, line: 2 },
    { vendor: 'salesforce', conversationId: '0Mw2', billedAt: 3_000, units: 1.5, kind: 'conversation_window', customerId: null, line: 3 },
  ]);
  const plan = {
    id: 's1',
    name: 'November sample',
    createdAt: 12_000,
    vendor: 'intercom',
    workspace: 'w',
    source: { kind: 'billed-list', listId: 'l1', listName: 'November' },
    seed: 'seed-1',
    algorithm: 'sha256 rank, then allocation by largest remainder',
    margin: 0.05,
    expectedRate: 0.1,
    strata: [{ stratum: 'assumed', population: ['1', '3'], sample: ['3'] }, { stratum: 'confirmed', population: ['2'], sample: ['2'] }],
    populationUnits: 3,
    doubleReview: { share: 0.5, reviewers: ['Ana', 'Bo'], arbiter: 'Cy', items: ['3'] },
  };
  expect(await handleMessage(db, { type: 'spotcheck/save', plan }, platform)).toMatchObject({ ok: true });
  genuine = await (await backupBlob(db)).text();
  dump = await snapshot();
})();

afterEach(cleanup);
afterAll(() => db.delete());

// ——— Helpers ———

const parse = (text: string) => JSON.parse(text) as Backup;
const entry = (b: Backup, table: string) => b.data.data.find((t) => t.tableName === table)!;
const rows = (b: Backup, table: string) => entry(b, table).rows;
const conversation = (b: Backup, id: string) => rows(b, 'conversations').find((c) => c.conversationId === id)!;
const settingsValue = (b: Backup) => rows(b, 'settings').find((r) => r.key === 'settings')!.value;
const eventsOf = (b: Backup, id: string) => rows(b, 'events').filter((e) => e.conversationId === id).sort((x, y) => x.at - y.at);
/** Adds a row and the count the backup declares with it. */
const addRow = (b: Backup, table: string, row: Row) => {
  rows(b, table).push(row);
  b.data.tables.find((t) => t.name === table)!.rowCount++;
};
const mutate = (change: (b: Backup) => void) => {
  const b = parse(genuine);
  change(b);
  return JSON.stringify(b);
};
/** An own key JSON will write even when it is "__proto__" (assignment would set the prototype instead). */
const own = (target: object, key: string, value: unknown) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype];
const prototypeKeys = () => prototypes.map((p) => Reflect.ownKeys(p).map(String).sort().join(','));
const pristine = prototypeKeys();
function expectNoPollution() {
  expect(({} as Row).polluted).toBeUndefined();
  expect(([] as unknown as Row).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(prototypeKeys()).toEqual(pristine);
}

/** The message a promise rejects with ('' when it does not). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

const REFUSED = /^Not (restored, nothing changed|restorable|a backup)/;

interface Case {
  label: string;
  text: string;
  message: RegExp;
  /** The backup parses: its tables reach the background as they are, and must be refused there too. */
  background: boolean;
}
const rowCase = (label: string, message: RegExp, change: (b: Backup) => void): Case => ({ label, text: mutate(change), message, background: true });
const fileCase = (label: string, message: RegExp, text: string): Case => ({ label, text, message, background: false });

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const EVENT = /events row \d+ \("[0-9a-f-]{36}"\)/.source;
const SETTINGS = /settings row 2 \("settings"\)/.source;

// ——— The cases, one or more per bullet of the issue ———

const cases: Case[] = [
  // A backup from a newer Recount.
  rowCase('a future schema version', /^Not restored, nothing changed: the backup was made by a newer Recount \(database version 10; this one is 9\)/, (b) => (b.data.databaseVersion = 10)),
  rowCase('a schema version that is a word', /^Not restored, nothing changed: the backup's database version is "7", not a version Recount writes/, (b) => (b.data.databaseVersion = '7')),

  // Conversations whose verdict is not the log's.
  rowCase('a verdict naming an event the log lacks', /conversations row 1 \("intercom:w:1"\): current: names event "00000000-0000-4000-8000-000000000000", which the log lacks/, (b) => {
    conversation(b, '1').current.id = '00000000-0000-4000-8000-000000000000';
  }),
  rowCase('a verdict that differs from its event', /conversations row 1 \("intercom:w:1"\): current: differs from event [0-9a-f-]{36} of the log/, (b) => {
    conversation(b, '1').current.note = 'forged in the backup';
  }),
  rowCase('a verdict that is an earlier event, not the latest', /conversations row 1 \("intercom:w:1"\): current: event [0-9a-f-]{36} is not the latest of this conversation's/, (b) => {
    conversation(b, '1').current = eventsOf(b, '1')[0];
  }),
  rowCase("a verdict that is another conversation's event", /conversations row 1 \("intercom:w:1"\): current: event [0-9a-f-]{36} is of another conversation \(intercom:w:2\)/, (b) => {
    conversation(b, '1').current = eventsOf(b, '2')[0];
  }),
  rowCase('no verdict although the log has events', /conversations row 2 \("intercom:w:2"\): current: null, but the log has event/, (b) => (conversation(b, '2').current = null)),
  rowCase('a verdict that is not an event', /conversations row 2 \("intercom:w:2"\): current: expected an event of the log or null/, (b) => (conversation(b, '2').current = 'genuine')),
  rowCase('a transcript edited after it was read', /conversations row 1 \("intercom:w:1"\): transcript: does not match its transcriptDigest \(edited\)/, (b) => {
    conversation(b, '1').transcript[0].text = 'I was charged once';
  }),
  rowCase('message counts that disagree with the transcript', /conversations row 1 \("intercom:w:1"\): messageCounts\.customer: 3, but the transcript has 1/, (b) => {
    conversation(b, '1').messageCounts.customer = 3;
  }),
  rowCase('a convKey that is not its parts', /conversations row 2 \("intercom:w:9"\): convKey: does not match vendor, workspace and conversation id/, (b) => {
    conversation(b, '2').convKey = 'intercom:w:9';
  }),
  rowCase('a first-seen time that is a word', /conversations row 2 \("intercom:w:2"\): firstSeenAt: expected a number, found "yesterday"/, (b) => (conversation(b, '2').firstSeenAt = 'yesterday')),

  // Settings of the wrong types.
  rowCase('billable claims that are a number', new RegExp(`${SETTINGS}: value\\.contracts\\.intercom\\.billableClaims: expected an array, found 7`), (b) => {
    settingsValue(b).contracts.intercom.billableClaims = 7;
  }),
  rowCase('a price that is a word', new RegExp(`${SETTINGS}: value\\.unitPrices\\.intercom: expected a number, found "cheap"`), (b) => (settingsValue(b).unitPrices.intercom = 'cheap')),
  rowCase('a bar docked mid-page', new RegExp(`${SETTINGS}: value\\.barDock`), (b) => (settingsValue(b).barDock = { 'app.intercom.com': 'middle' })),
  rowCase('a negative price', new RegExp(`${SETTINGS}: value\\.unitPrices\\.zendesk: expected at least 0, found -1`), (b) => (settingsValue(b).unitPrices.zendesk = -1)),
  rowCase('a price "NaN"', new RegExp(`${SETTINGS}: value\\.unitPrices\\.salesforce: expected a number, found "NaN"`), (b) => (settingsValue(b).unitPrices.salesforce = 'NaN')),
  rowCase('a price "Infinity"', new RegExp(`${SETTINGS}: value\\.contracts\\.zendesk\\.comparisonPrices\\.per_action: expected a number, found "Infinity"`), (b) => {
    settingsValue(b).contracts.zendesk.comparisonPrices.per_action = 'Infinity';
  }),
  rowCase('an absurd price', new RegExp(`${SETTINGS}: value\\.unitPrices\\.custom: expected at most 10000, found 1e\\+300`), (b) => (settingsValue(b).unitPrices.custom = 1e300)),
  rowCase('a re-contact term of 1.5 days', new RegExp(`${SETTINGS}: value\\.contracts\\.zendesk\\.recontactDays: expected a whole number, found 1\\.5`), (b) => {
    settingsValue(b).contracts.zendesk.recontactDays = 1.5;
  }),
  rowCase('a pricing model Recount does not know', new RegExp(`${SETTINGS}: value\\.contracts\\.custom\\.pricingModel: expected one of "per_resolution", "per_conversation_window", "per_action", found "free"`), (b) => {
    settingsValue(b).contracts.custom.pricingModel = 'free';
  }),
  rowCase('"keep transcripts" as a word', new RegExp(`${SETTINGS}: value\\.keepTranscripts: expected true or false, found "yes"`), (b) => (settingsValue(b).keepTranscripts = 'yes')),
  rowCase('a settings field Recount never writes', new RegExp(`${SETTINGS}: value\\.theme: a field Recount never writes`), (b) => (settingsValue(b).theme = 'dark')),
  rowCase('a contract field Recount never writes', new RegExp(`${SETTINGS}: value\\.contracts\\.intercom\\.discount: a field Recount never writes`), (b) => {
    settingsValue(b).contracts.intercom.discount = 0.5;
  }),
  rowCase('a vendor Recount does not know', new RegExp(`${SETTINGS}: value\\.unitPrices\\.acme: a field Recount never writes`), (b) => (settingsValue(b).unitPrices.acme = 1)),
  // Issue 19: each vendor profile's own terms, held to the same schema as the settings/update message's.
  rowCase('a profile price that is negative', new RegExp(`${SETTINGS}: value\\.profileTerms\\.sierra\\.unitPrice: expected at least 0, found -1`), (b) => {
    settingsValue(b).profileTerms = { sierra: { unitPrice: -1 } };
  }),
  rowCase('a profile price that is a word', new RegExp(`${SETTINGS}: value\\.profileTerms\\.sierra\\.unitPrice: expected a number, found "cheap"`), (b) => {
    settingsValue(b).profileTerms = { decagon: { unitPrice: 0.9 }, sierra: { unitPrice: 'cheap' } };
  }),
  rowCase('profile terms under a key that is no profile id', new RegExp(`${SETTINGS}: value\\.profileTerms\\.Sierra Inc: expected a profile id`), (b) => {
    settingsValue(b).profileTerms = { 'Sierra Inc': { unitPrice: 1 } };
  }),
  rowCase('a profile term Recount never writes', new RegExp(`${SETTINGS}: value\\.profileTerms\\.sierra\\.discount: a field Recount never writes`), (b) => {
    settingsValue(b).profileTerms = { sierra: { unitPrice: 1, discount: 0.5 } };
  }),
  rowCase('page labels under a bad key', new RegExp(`${SETTINGS}: value\\.pageLabels\\.acme:\\*: a key is vendor:\\* or vendor:workspace`), (b) => {
    settingsValue(b).pageLabels['acme:*'] = { aiAgentNames: ['x'] };
  }),
  rowCase('page labels with a field Recount never writes', new RegExp(`${SETTINGS}: value\\.pageLabels\\.intercom:\\*\\.script: a field Recount never writes`), (b) => {
    settingsValue(b).pageLabels['intercom:*'].script = 'alert(1)';
  }),
  rowCase('a settings row Recount never writes', /settings row 3 \("contracts"\): key: expected "settings" or "install" \(the only settings rows Recount writes\), found "contracts"/, (b) =>
    addRow(b, 'settings', { key: 'contracts', value: { intercom: { billableClaims: 7 } } }),
  ),
  rowCase('a settings row keyed "__proto__"', /settings row 3 \("__proto__"\): key: expected "settings" or "install"/, (b) => addRow(b, 'settings', { key: '__proto__', value: { polluted: true } })),
  rowCase('a chain id that is a number', /settings row 1 \("install"\): value\.chainId: expected a text, found 5/, (b) => (rows(b, 'settings').find((r) => r.key === 'install')!.value.chainId = 5)),
  rowCase('the settings row twice', /settings row 3 \("settings"\): the same key as row 2 \(a table holds each key once\)/, (b) => addRow(b, 'settings', structuredClone(rows(b, 'settings')[1]))),

  // Vendor profiles the form would refuse.
  rowCase('a profile for <all_urls>', /profiles row 1 \("sierra"\): hostPattern: a match pattern for one https host/, (b) => (rows(b, 'profiles')[0].hostPattern = '<all_urls>')),
  rowCase('a profile whose id pattern backtracks catastrophically', /profiles row 1 \("sierra"\): conversationIdPattern: refused, it could freeze the helpdesk tab/, (b) => {
    rows(b, 'profiles')[0].conversationIdPattern = '^(a+)+$';
  }),
  rowCase('a profile with a <script> selector', /profiles row 1 \("sierra"\): messageSelector: not a valid CSS selector: <script>/, (b) => (rows(b, 'profiles')[0].messageSelector = '<script>')),
  rowCase('a profile field Recount never writes', /profiles row 1 \("sierra"\): onLoad: a field Recount never writes/, (b) => (rows(b, 'profiles')[0].onLoad = 'fetch("https://evil.test")')),
  rowCase('a profile padded with spaces', /profiles row 1 \("sierra"\): name: has spaces around it \(Recount saves it trimmed\)/, (b) => (rows(b, 'profiles')[0].name = '  Sierra  ')),
  rowCase('the same profile twice', /profiles row 2 \("sierra"\): the same key as row 1/, (b) => addRow(b, 'profiles', structuredClone(rows(b, 'profiles')[0]))),

  // Tombstones of garbage.
  rowCase('a tombstone at seq 0', /tombstones row 1 \("[0-9a-f-]{36}", 0\): seq: expected >=1, found 0/, (b) => (rows(b, 'tombstones')[0].seq = 0)),
  rowCase('a tombstone at seq 2.5', /tombstones row 1 \("[0-9a-f-]{36}", 2\.5\): seq: expected a whole number, found 2\.5/, (b) => (rows(b, 'tombstones')[0].seq = 2.5)),
  rowCase('a tombstone whose seq is a word', /tombstones row 1 \("[0-9a-f-]{36}", "5"\): seq: expected a number, found "5"/, (b) => (rows(b, 'tombstones')[0].seq = '5')),
  rowCase('a tombstone whose hash is not hex', /tombstones row 1 \("[0-9a-f-]{36}", 5\): hash: 64 hex digits, found "zz"/, (b) => (rows(b, 'tombstones')[0].hash = 'zz')),
  rowCase('a tombstone whose prevHash is uppercase', /tombstones row 1 \("[0-9a-f-]{36}", 5\): prevHash: 64 hex digits/, (b) => {
    rows(b, 'tombstones')[0].prevHash = rows(b, 'tombstones')[0].prevHash.toUpperCase();
  }),
  rowCase('a tombstone deleted "yesterday"', /tombstones row 1 \("[0-9a-f-]{36}", 5\): deletedAt: expected a number, found "yesterday"/, (b) => (rows(b, 'tombstones')[0].deletedAt = 'yesterday')),
  rowCase("a tombstone keeping the deleted event's note", /tombstones row 1 \("[0-9a-f-]{36}", 5\): note: a field Recount never writes/, (b) => (rows(b, 'tombstones')[0].note = 'deleted below')),
  rowCase("a tombstone at an event's chain position", /tombstones row 1 \("[0-9a-f-]{36}", 1\): seq: position 1 of chain [0-9a-f-]{36} is also held by event [0-9a-f-]{36}/, (b) => {
    const first = eventsOf(b, '1')[0];
    Object.assign(rows(b, 'tombstones')[0], { seq: 1, prevHash: first.prevHash, hash: first.hash });
  }),

  // Billed lists and items.
  rowCase('an item billed "yesterday"', /billedItems row 1 \(1\): billedAt: expected a number, found "yesterday"/, (b) => (rows(b, 'billedItems')[0].billedAt = 'yesterday')),
  rowCase('an item billed at 1.5 ms', /billedItems row 1 \(1\): billedAt: expected a whole number, found 1\.5/, (b) => (rows(b, 'billedItems')[0].billedAt = 1.5)),
  rowCase('an item billed after the last date JavaScript holds', /billedItems row 1 \(1\): billedAt: expected at most 8640000000000000, found 9000000000000000/, (b) => (rows(b, 'billedItems')[0].billedAt = 9e15)),
  rowCase('an item of -5 units', /billedItems row 2 \(2\): units: expected 0 or more \(a line cannot bill a negative amount\), found -5/, (b) => (rows(b, 'billedItems')[1].units = -5)),
  rowCase('an item of -0.5 units', /billedItems row 5 \(5\): units: expected 0 or more \(a line cannot bill a negative amount\), found -0\.5/, (b) => (rows(b, 'billedItems')[4].units = -0.5)),
  rowCase('an item of a trillion units', /billedItems row 2 \(2\): units: expected at most 1000000, found 1000000000000/, (b) => (rows(b, 'billedItems')[1].units = 1e12)),
  rowCase('an item whose units are a word', /billedItems row 2 \(2\): units: expected a number, found "1"/, (b) => (rows(b, 'billedItems')[1].units = '1')),
  rowCase('an item of a list that does not exist', /billedItems row 3 \(3\): listId: names no billed list \("l9"\)/, (b) => (rows(b, 'billedItems')[2].listId = 'l9')),
  rowCase('a list counting more items than it has', /billedLists row 1 \("l1"\): items: 4, but the backup holds 3 item\(s\) of this list/, (b) => (rows(b, 'billedLists')[0].items = 4)),
  rowCase('a list whose units disagree with its items', /billedLists row 2 \("l2"\): units: 20, but its items add up to 3\.5/, (b) => (rows(b, 'billedLists')[1].units = 20)),
  rowCase('two items with one key', /billedItems row 6 \(1\): the same key as row 1/, (b) => addRow(b, 'billedItems', structuredClone(rows(b, 'billedItems')[0]))),
  rowCase('an item field Recount never writes', /billedItems row 1 \(1\): price: a field Recount never writes/, (b) => (rows(b, 'billedItems')[0].price = 99)),
  rowCase('an item without its key', /billedItems row 1: pk: missing/, (b) => delete rows(b, 'billedItems')[0].pk),
  rowCase('a list imported "last week"', /billedLists row 1 \("l1"\): importedAt: expected a number, found "last week"/, (b) => (rows(b, 'billedLists')[0].importedAt = 'last week')),

  // Spot checks and health rows of the wrong shape.
  rowCase('a spot check whose margin is a word', /spotChecks row 1 \("s1"\): margin: expected a number, found "wide"/, (b) => (rows(b, 'spotChecks')[0].margin = 'wide')),
  rowCase('a spot check from a source Recount does not know', /spotChecks row 1 \("s1"\): source\.kind: expected one of "billed-list", "seen", found "magic"/, (b) => (rows(b, 'spotChecks')[0].source.kind = 'magic')),
  rowCase('a spot check whose strata are not a list', /spotChecks row 1 \("s1"\): strata: expected an array, found Object/, (b) => (rows(b, 'spotChecks')[0].strata = { assumed: ['1'] })),
  rowCase('a blind review whose arbiter is one of its reviewers', /spotChecks row 1 \("s1"\): doubleReview\.arbiter: the arbiter cannot also be one of the blind reviewers/, (b) => (rows(b, 'spotChecks')[0].doubleReview.arbiter = 'Bo')),
  rowCase('a blind review of more than the whole sample', /spotChecks row 1 \("s1"\): doubleReview\.share: expected at most 100%/, (b) => (rows(b, 'spotChecks')[0].doubleReview.share = 2)),
  rowCase('a blind review with one reviewer', /spotChecks row 1 \("s1"\): doubleReview\.reviewers: expected at least two reviewers/, (b) => (rows(b, 'spotChecks')[0].doubleReview.reviewers = ['Ana'])),
  rowCase('a spot check sample of numbers', /spotChecks row 1 \("s1"\): strata\.0\.sample\.0: expected a text, found 3/, (b) => (rows(b, 'spotChecks')[0].strata[0].sample = [3])),
  rowCase('a health row with -1 failures', /health row 1 \("intercom\|intercom\|\/a\/inbox\/:id"\): failures: expected at least 0, found -1/, (b) => (rows(b, 'health')[0].failures = -1)),
  rowCase('a health row whose id is not its parts', /health row 2 \("zendesk\|x"\): id: is not vendor\|adapter\|urlPattern/, (b) => (rows(b, 'health')[1].id = 'zendesk|x')),
  rowCase('a health row that is a list', /health row 2: expected an object, found an array/, (b) => (rows(b, 'health')[1] = ['zendesk'] as unknown as Row)),
  rowCase('a health field Recount never writes', /health row 1 \("intercom\|intercom\|\/a\/inbox\/:id"\): html: a field Recount never writes/, (b) => (rows(b, 'health')[0].html = '<img onerror=alert(1)>')),

  // Fields Recount never writes, anywhere.
  rowCase('an event field Recount never writes', new RegExp(`${EVENT}: evil: a field Recount never writes`), (b) => (rows(b, 'events')[0].evil = true)),
  rowCase("a field inside a conversation's claim", /conversations row 2 \("intercom:w:2"\): claim\.extra: a field Recount never writes/, (b) => (conversation(b, '2').claim.extra = 1)),
  rowCase('a field inside a transcript message', /conversations row 1 \("intercom:w:1"\): transcript\.1\.html: a field Recount never writes/, (b) => (conversation(b, '1').transcript[1].html = '<b>')),
  rowCase('a billing signal Recount never writes', /conversations row 1 \("intercom:w:1"\): billing\.credits: a field Recount never writes/, (b) => (conversation(b, '1').billing.credits = 3)),

  // Keys that reach a prototype, as JSON keys (JSON.parse makes them own keys; an assignment would not).
  rowCase('a row key that is "__proto__"', /conversations row 2: __proto__: a key that reaches the prototype of every object \(refused\)/, (b) => own(conversation(b, '2'), '__proto__', { polluted: true })),
  rowCase('"constructor.prototype" inside the settings', /settings row 2: value\.constructor: a key that reaches the prototype/, (b) => own(settingsValue(b), 'constructor', { prototype: { polluted: true } })),
  rowCase('page labels keyed "__proto__"', /settings row 2: value\.pageLabels\.__proto__: a key that reaches the prototype/, (b) => own(settingsValue(b).pageLabels, '__proto__', { aiAgentNames: ['x'] })),
  rowCase('"prototype" inside an event', new RegExp(`events row \\d+: claim\\.prototype: a key that reaches the prototype`), (b) => own(rows(b, 'events')[0].claim, 'prototype', { polluted: 1 })),

  // Duplicate keys and twice-declared tables.
  rowCase('a conversation twice', /conversations row 4 \("intercom:w:1"\): the same key as row 1/, (b) => addRow(b, 'conversations', structuredClone(conversation(b, '1')))),
  rowCase('an event twice', new RegExp(`${EVENT}: the same key as row \\d+`), (b) => addRow(b, 'events', structuredClone(rows(b, 'events')[0]))),
  rowCase('a table declared twice', /^Not restorable: table events is declared twice/, (b) => b.data.tables.push({ ...b.data.tables[0] })),
  rowCase("a table's rows given twice", /^Not restorable: the rows of table events are given twice/, (b) => b.data.data.push(structuredClone(entry(b, 'events')))),
  rowCase('a table named "__proto__"', /^Not restored, nothing changed: unknown table\(s\) "__proto__"/, (b) => {
    b.data.tables.push({ name: '__proto__', schema: 'id', rowCount: 1 });
    b.data.data.push({ tableName: '__proto__', inbound: true, rows: [{ polluted: true }] });
  }),
  rowCase('a table named "constructor"', /^Not restored, nothing changed: unknown table\(s\) "constructor"/, (b) => {
    b.data.tables.push({ name: 'constructor', schema: 'id', rowCount: 0 });
    b.data.data.push({ tableName: 'constructor', inbound: true, rows: [] });
  }),
  rowCase('a declared table without its rows', /^Not restorable: table spotChecks is declared but its rows are missing/, (b) => b.data.data.splice(b.data.data.indexOf(entry(b, 'spotChecks')), 1)),
  rowCase('rows of an undeclared table', /^Not restorable: table spotChecks has rows but is not declared/, (b) => b.data.tables.splice(b.data.tables.findIndex((t) => t.name === 'spotChecks'), 1)),
  rowCase('a header field the format does not have', /^Not restorable: the backup's header: data\.secret: a field Recount never writes/, (b) => ((b.data as Row).secret = 1)),
  rowCase('an outbound table', /^Not restorable: the backup's header: data\.data\.0\.inbound: expected true, found false/, (b) => (b.data.data[0].inbound = false)),
];

// `$types`: dexie-export-import's reviver follows these key paths and assigns through them. Each is refused before
// anything is revived; the background, handed such a row as it is, refuses the field.
const typed = (label: string, message: RegExp, table: string, pick: (b: Backup) => Row, types: unknown, change?: (row: Row) => void): Case =>
  fileCase(
    label,
    new RegExp(`^Not restored, nothing changed: ${table} row \\d+ \\([^)]*\\): \\$types: ${message.source}`),
    mutate((b) => {
      const row = pick(b);
      change?.(row);
      row.$types = typeof types === 'object' && types !== null && !Array.isArray(types) ? { ...row.$types, ...types } : types;
    }),
  );
cases.push(
  typed('a $types path through __proto__', /key path "__proto__\.polluted" goes through __proto__ \(refused: it would reach the prototype of every object\)/, 'events', (b) => rows(b, 'events')[0], { '__proto__.polluted': 'date' }),
  typed('a $types path through constructor.prototype', /key path "constructor\.prototype\.polluted" goes through constructor/, 'events', (b) => rows(b, 'events')[0], { 'constructor.prototype.polluted': 'undef' }),
  typed('a $types path through a field\'s __proto__', /key path "claim\.__proto__\.polluted" goes through __proto__/, 'conversations', (b) => conversation(b, '1'), { 'claim.__proto__.polluted': 'undef' }),
  typed('a $types path through an array\'s prototype', /key path "transcript\.prototype\.x" goes through prototype/, 'conversations', (b) => conversation(b, '1'), { 'transcript.prototype.x': 'arrayNonindexKeys' }),
  typed('a reference to __proto__', /key path "__proto__" goes through __proto__/, 'conversations', (b) => conversation(b, '3'), {}, (row) => (row.current.claim = '#__proto__')),
  typed('a reference to constructor.prototype', /key path "constructor\.prototype" goes through constructor/, 'conversations', (b) => conversation(b, '3'), {}, (row) => (row.current.claim = '#constructor.prototype')),
  typed('a reference to its own ancestor (a cycle)', /"current\.claim": refers to "current", which holds a reference itself/, 'conversations', (b) => conversation(b, '3'), {}, (row) => (row.current.claim = '#current')),
  typed('a reference to a text', /"current\.claim": refers to "convKey", which is no object of the row/, 'conversations', (b) => conversation(b, '3'), {}, (row) => (row.current.claim = '#convKey')),
  typed('a chain of references', /"billing": refers to "current", which holds a reference itself/, 'conversations', (b) => conversation(b, '3'), { billing: '#' }, (row) => (row.billing = '#current')),
  typed('a Date, which Recount never writes', /"firstSeenAt" is of type "date", which Recount never writes/, 'conversations', (b) => conversation(b, '2'), { firstSeenAt: 'date' }),
  typed('a Map, which Recount never writes', /"transcript" is of type "map", which Recount never writes/, 'conversations', (b) => conversation(b, '1'), { transcript: 'map' }),
  typed('a class instance, which Recount never writes', /"value" is of type "userObject", which Recount never writes/, 'settings', (b) => rows(b, 'settings')[1], { value: 'userObject' }),
  typed('a Blob, which Recount never writes', /"outline" is of type "blob2", which Recount never writes/, 'health', (b) => rows(b, 'health')[0], { outline: 'blob2' }),
  typed('a list of types for one path', /"note" is of type \["date","undef"\], which Recount never writes/, 'events', (b) => rows(b, 'events')[0], { note: ['date', 'undef'] }),
  typed('a type for the whole row', /a type for the whole row \(Recount rows are plain objects\)/, 'billedLists', (b) => rows(b, 'billedLists')[0], { '': 'date' }),
  typed('a path into $types itself', /key path "\$types\.x" points into \$types itself/, 'billedLists', (b) => rows(b, 'billedLists')[0], { '$types.x': 'undef' }),
  typed('an undefined field that is not written as 0', /"agentName": an undefined field is written as 0, not "Fin"/, 'conversations', (b) => conversation(b, '1'), { agentName: 'undef' }),
  typed('$types that are not a map', /not the map of key paths Recount writes/, 'spotChecks', (b) => rows(b, 'spotChecks')[0], true),
);

// JSON nested 100,000 levels deep: refused unread, naming where, never "Maximum call stack size exceeded".
cases.push(
  fileCase('a file nested 100,000 levels deep', /^Not restorable: line 1, column 65: the backup nests deeper than 64 levels \(refused unread: no Recount file does\)$/, deep(100_000)),
  fileCase('a backup wrapped 100,000 levels deep', /^Not restorable: line 1, column 321: the backup nests deeper than 64 levels/, `${'{"x":'.repeat(100_000)}${genuine}${'}'.repeat(100_000)}`),
  fileCase(
    "a row's note nested 100,000 levels deep",
    /^Not restorable: events row \d+, field note: line 1, column \d+: the backup nests deeper than 64 levels/,
    genuine.replace('"note":"came back the next day"', `"note":${deep(100_000)}`),
  ),
  fileCase(
    "the settings' page labels nested 100,000 levels deep",
    /^Not restorable: settings row 2, field value: line 1, column \d+: the backup nests deeper than 64 levels/,
    genuine.replace('"pageLabels":{', `"pageLabels":{"intercom:deep":${deep(100_000)},`),
  ),
  fileCase('the header nested 100,000 levels deep', /^Not restorable: line 1, column \d+: the backup nests deeper than 64 levels/, genuine.replace('"formatName":"dexie"', `"formatName":${deep(100_000)}`)),
  rowCase("a note of 100,000 brackets (a text, not nesting)", new RegExp(`${EVENT}: note: expected <=10000, found 100000`), (b) => {
    eventsOf(b, '1')[0].note = '['.repeat(100_000);
  }),
);

describe('hostile backups', () => {
  it('has a case for every bullet of the issue, and more', () => expect(cases.length).toBeGreaterThanOrEqual(100));

  it('the genuine backup holds what the cases change: every table, a "#" reference and arrays', () => {
    const b = parse(genuine);
    for (const table of ['events', 'conversations', 'settings', 'profiles', 'health', 'tombstones', 'billedLists', 'billedItems', 'spotChecks']) {
      expect(rows(b, table).length, table).toBeGreaterThan(0);
    }
    // What types a real backup of this database contains: arrays (all of them) and one shared claim.
    const types = new Set(b.data.data.flatMap((t) => t.rows.flatMap((r) => Object.values((r.$types ?? {}) as Record<string, string>))));
    expect([...types].sort()).toEqual(['#', 'arrayNonindexKeys']);
    expect(conversation(b, '3')).toMatchObject({ current: { claim: '#claim' }, $types: { 'current.claim': '#' } });
  });

  it.each(cases)('$label: refused naming table, row and field; nothing changed; no prototype touched', async ({ text, message, background }) => {
    const page = await refusal(decodeBackup(new Blob([text]), NAME));
    expect(page).toMatch(REFUSED);
    expect(page).toMatch(message);
    expect(page).not.toMatch(/call stack/i);
    if (background) {
      // The background trusts no page: the same tables, unchecked, are refused where the write happens.
      const tables = await readBackup(new Blob([text]), NAME).catch((error: Error) => error);
      if (!(tables instanceof Error)) {
        const written = await refusal(restoreBackup(db, tables, check));
        expect(written).toMatch(REFUSED);
        expect(written).toMatch(message);
      } else expect(tables.message).toMatch(message); // refused while reading: the header, a table twice…
    }
    expect(await snapshot()).toBe(dump);
    expectNoPollution();
  });
});

describe('the background, handed tables directly', () => {
  const genuineTables = async () => (await readBackup(new Blob([genuine]), NAME)).tables;

  it('refuses a backup from a newer Recount, by the version the dashboard sends with it', async () => {
    const tables = await genuineTables();
    const newer = /^Not restored, nothing changed: the backup was made by a newer Recount \(database version 10; this one is 9\)/;
    expect(await refusal(restoreBackup(db, { tables, databaseVersion: 10 }, check))).toMatch(newer);
    expect(await refusal(restoreBackup(db, { tables: { ...tables, [BACKUP_META_TABLE]: [{ databaseVersion: 10 }] } }, check))).toMatch(newer);
    const reply = await handleMessage(db, { type: 'db/restore', tables: { ...tables, [BACKUP_META_TABLE]: [{ databaseVersion: 10 }] } }, platform);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(newer) });
    const odd = await handleMessage(db, { type: 'db/restore', tables: { ...tables, [BACKUP_META_TABLE]: [{ databaseVersion: 7, extra: 1 }] } }, platform);
    expect(odd).toMatchObject({ ok: false, error: expect.stringMatching(/^Not restored, nothing changed: \$backup: 0\.extra: a field Recount never writes/) });
    expect(await snapshot()).toBe(dump);
  });

  it('refuses rows still carrying $types (a page that skipped decoding), by field', async () => {
    const b = parse(genuine);
    const tables = Object.fromEntries(b.data.data.map((t) => [t.tableName, t.rows]));
    conversation(b, '1').$types = { '__proto__.polluted': 'date' };
    const reply = await handleMessage(db, { type: 'db/restore', tables }, platform);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Not restored, nothing changed: conversations row 1 \("intercom:w:1"\): \$types: a field Recount never writes/) });
    expect(await snapshot()).toBe(dump);
    expectNoPollution();
  });

  it('refuses what only structured clone can carry: nesting 100,000 deep, a Date, a Map, a cycle', async () => {
    const tables = await genuineTables();
    let nested: unknown = [];
    for (let i = 0; i < 100_000; i++) nested = [nested];
    const cyclic: Row = { ...(tables.spotChecks[0] as Row) };
    cyclic.source = cyclic;
    const variants: Array<[string, (t: Record<string, unknown[]>) => void, RegExp]> = [
      ['deep note', (t) => ((t.events[0] as Row).note = nested), /events row 1: note(\.0)+: nests deeper than 64 levels \(no Recount row does\)/],
      ['a Date', (t) => ((t.billedLists[0] as Row).importedAt = new Date(0)), /billedLists row 1: importedAt: a Date, which no backup holds/],
      ['a Map', (t) => ((t.settings[1] as Row).value = new Map([['a', 1]])), /settings row 2: value: a Map, which no backup holds/],
      ['a cycle', (t) => (t.spotChecks[0] = cyclic), /spotChecks row 1 \("s1"\): source\.kind: expected one of "billed-list", "seen", found undefined/],
      ['NaN', (t) => ((t.billedItems[0] as Row).units = Number.NaN), /billedItems row 1 \(1\): units: expected a number, found NaN/],
      ['Infinity', (t) => ((t.billedItems[0] as Row).units = Infinity), /billedItems row 1 \(1\): units: expected at most 1000000, found Infinity/],
      ['a function', (t) => ((t.health[0] as Row).outline = () => 1), /health row 1: outline: a function, which no backup holds/],
    ];
    for (const [label, change, message] of variants) {
      const copy = await genuineTables();
      change(copy);
      const refused = await refusal(restoreBackup(db, { tables: copy }, check));
      expect(refused, label).toMatch(REFUSED);
      expect(refused, label).toMatch(message);
    }
    expect(await snapshot()).toBe(dump);
    expectNoPollution();
  });

  it('refuses unknown tables and tables that are not lists', async () => {
    const tables = await genuineTables();
    expect(await refusal(restoreBackup(db, { tables: { ...tables, secrets: [] } }, check))).toMatch(/unknown table\(s\) secrets/);
    expect(await refusal(restoreBackup(db, { tables: { ...tables, health: {} as unknown[] } }, check))).toMatch(/table health is not a list of rows/);
    const protoTables = { ...tables };
    own(protoTables, '__proto__', []);
    expect(await refusal(restoreBackup(db, { tables: protoTables }, check))).toMatch(/unknown table\(s\) __proto__/);
    expect(await snapshot()).toBe(dump);
  });
});

describe('genuine backups', () => {
  it('round-trip exactly: every table, shared references and array types included', async () => {
    const copyName = `${NAME}-copy`;
    const copy = new RecountDB(copyName);
    try {
      await recordVerdict(copy, { key: key('9'), verdict: 'genuine', reason: null, note: 'replaced by the restore', claim, suggested: null }, { now: 99 });
      const text = genuine.replace(`"databaseName":"${NAME}"`, `"databaseName":"${copyName}"`);
      const decoded = await decodeBackup(new Blob([text]), copyName);
      expect(decoded.databaseVersion).toBe(9);
      // Restored where it was made: the browser's key (never in a backup) owns the backup's chain, so it goes on.
      const backupChain = (decoded.tables.settings as Array<{ key: string; value: { chainId: string } }>).find((r) => r.key === 'install')!.value.chainId;
      await copy.keys.put({ ...(await ensureSigningKey(copy)), ownChain: backupChain });
      // As the dashboard sends it: through the handler, with the version note.
      const synced: string[][] = [];
      const watching: Platform = { ...platform, syncProfileScripts: async (profiles) => void synced.push(profiles.map((p) => p.id)) };
      const reply = await handleMessage(copy, { type: 'db/restore', tables: { ...decoded.tables, [BACKUP_META_TABLE]: [{ databaseVersion: decoded.databaseVersion }] } }, watching);
      expect(reply).toMatchObject({ ok: true, data: { counts: { events: 4, conversations: 3, settings: 2, profiles: 1, health: 2, tombstones: 1, billedLists: 2, billedItems: 5, spotChecks: 1 } } });
      // The restored vendor profile's pages get their reader, as a saved profile's do.
      expect(synced).toEqual([[EXAMPLE_PROFILES[0].id]]);
      expect(await (await backupBlob(copy)).text()).toBe(text);
      expect(await readLatestEvents(copy)).toEqual(await readLatestEvents(db));
      // The shared claim is shared again, and an absent field stays absent.
      const third = await copy.conversations.get('intercom:w:3');
      expect(third!.current!.claim).toBe(third!.claim);
      // Restoring it again over itself changes nothing.
      await restoreBackup(copy, await decodeBackup(new Blob([text]), copyName), check);
      expect(await (await backupBlob(copy)).text()).toBe(text);
    } finally {
      await copy.delete();
    }
    expectNoPollution();
  });

  it("restore an empty database's backup, and an older version's without its later tables", async () => {
    const emptyName = `${NAME}-empty`;
    const empty = new RecountDB(emptyName);
    try {
      const text = await (await backupBlob(empty)).text();
      expect(await restoreBackup(empty, await decodeBackup(new Blob([text]), emptyName), check)).toMatchObject({ events: 0, conversations: 0 });
      // A version 4 backup: no billed lists, items or spot checks yet (its rows are as this version writes them).
      const older = parse(genuine.replace(`"databaseName":"${NAME}"`, `"databaseName":"${emptyName}"`));
      older.data.databaseVersion = 4;
      for (const table of ['billedLists', 'billedItems', 'spotChecks']) {
        older.data.tables = older.data.tables.filter((t) => t.name !== table);
        older.data.data = older.data.data.filter((t) => t.tableName !== table);
      }
      const decoded = await decodeBackup(new Blob([JSON.stringify(older)]), emptyName);
      expect(await restoreBackup(empty, decoded, check)).toMatchObject({ events: 4, billedLists: 0, spotChecks: 0 });
    } finally {
      await empty.delete();
    }
  });

  it('the default settings, as getSettings fills them in, pass the settings schema', () => {
    expect(v.safeParse(SettingsValueSchema, DEFAULT_SETTINGS).issues).toBeUndefined();
    expect(v.safeParse(SettingsValueSchema, {}).success).toBe(true); // a row written before any field existed
  });

  it('keep a field present but undefined ("undef"), and refuse it where the field is required', async () => {
    const b = parse(genuine);
    const health = rows(b, 'health')[1];
    health.lookedFor = 0;
    health.$types = { lookedFor: 'undef' };
    const decoded = await readBackup(new Blob([JSON.stringify(b)]), NAME);
    const row = decoded.tables.health[1] as Row;
    expect(Object.prototype.hasOwnProperty.call(row, 'lookedFor') && row.lookedFor === undefined).toBe(true);
    expect(row.$types).toBeUndefined();
    const required = parse(genuine);
    Object.assign(rows(required, 'billedLists')[0], { name: 0, $types: { name: 'undef' } });
    expect(await refusal(decodeBackup(new Blob([JSON.stringify(required)]), NAME))).toMatch(/billedLists row 1 \("l1"\): name: expected a text, found undefined/);
    expect(await snapshot()).toBe(dump);
  });

  it('report progress from the first moment, reading then checking, at least every ~0.5 s of work', async () => {
    // A larger backup: 25,000 chained events of ~1 KB (~25 MB), written as Recount writes them.
    const chain = crypto.randomUUID();
    const events: VerdictEvent[] = [];
    let prevHash = GENESIS;
    for (let i = 0; i < 25_000; i++) {
      const e = {
        id: crypto.randomUUID(),
        convKey: `intercom:w:${i}`,
        vendor: 'intercom',
        workspace: 'w',
        conversationId: String(i),
        verdict: 'genuine',
        reason: null,
        note: `note ${i} `.padEnd(700, '·'),
        reviewer: 'Ann',
        at: 1_000 + i,
        claim,
        suggested: null,
        chain,
        seq: i + 1,
        prevHash,
      } as Omit<VerdictEvent, 'hash'> as VerdictEvent;
      e.hash = eventHash(e, sha256hex);
      prevHash = e.hash;
      events.push(e);
    }
    const bigName = `${NAME}-big`;
    const table = (name: string, rowsOfIt: unknown[]) => ({ name, rows: rowsOfIt });
    const tables = [table('events', events), table('conversations', []), table('settings', [{ key: 'install', value: { chainId: chain } }])];
    const text = JSON.stringify({
      formatName: 'dexie',
      formatVersion: 1,
      data: {
        databaseName: bigName,
        databaseVersion: 7,
        tables: tables.map((t) => ({ name: t.name, schema: 'id', rowCount: t.rows.length })),
        data: tables.map((t) => ({ tableName: t.name, inbound: true, rows: t.rows })),
      },
    });
    expect(text.length).toBeGreaterThan(20_000_000);
    // The file made first: encoding 20 MB into a Blob is the test's own work, not a silence of the restore's.
    const file = new Blob([text]);
    const calls: Array<{ share: number; phase: string; at: number }> = [];
    const started = performance.now();
    const decoding = decodeBackup(file, bigName, (share, phase) => calls.push({ share, phase, at: performance.now() }));
    // Told before any of the work: the first report is made before decodeBackup even returns.
    expect(calls[0]).toMatchObject({ share: 0, phase: 'reading' });
    const decoded = await decoding;
    const finished = performance.now();
    expect(decoded.tables.events).toHaveLength(25_000);
    const phases = calls.map((c) => c.phase);
    expect(phases.indexOf('checking')).toBeGreaterThan(0);
    expect(phases.lastIndexOf('reading')).toBeLessThan(phases.indexOf('checking'));
    expect(calls.at(-1)).toMatchObject({ share: 1, phase: 'checking' });
    for (const phase of ['reading', 'checking']) {
      const shares = calls.filter((c) => c.phase === phase).map((c) => c.share);
      expect(shares.length, phase).toBeGreaterThan(3);
      expect(shares, phase).toEqual([...shares].sort((a, b) => a - b));
      expect(Math.min(...shares)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...shares)).toBeLessThanOrEqual(1);
    }
    const times = [started, ...calls.map((c) => c.at), finished];
    const longest = Math.max(...times.slice(1).map((t, i) => t - times[i]));
    expect(longest, `longest silence ${Math.round(longest)} ms of ${Math.round(finished - started)} ms`).toBeLessThan(500);
  }, 60_000);
});

describe('the dashboard', () => {
  it('shows the progress from the first moment and the refusal, keeping its confirm dialog', async () => {
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    try {
      const { container } = render(h(DataPanel, { db, filter: EMPTY_FILTER, rows: [] }));
      const status = container.querySelector('[role="status"]')!;
      const seen: string[] = [];
      const observer = new MutationObserver(() => {
        if (status.textContent && seen.at(-1) !== status.textContent) seen.push(status.textContent);
      });
      observer.observe(status, { childList: true, subtree: true, characterData: true });
      const text = mutate((b) => (settingsValue(b).contracts.intercom.billableClaims = 7));
      const input = container.querySelector('input[type="file"]') as HTMLInputElement;
      Object.defineProperty(input, 'files', { value: [new File([text], 'recount-backup.json', { type: 'application/json' })] });
      fireEvent.change(input);
      await waitFor(() => expect(status.textContent).toMatch(/^Not restored/));
      observer.disconnect();
      expect(confirm).toHaveBeenCalledOnce();
      expect(seen[0]).toBe('Reading the backup… 0%');
      expect(seen.some((s) => /^Checking the backup… \d+%$/.test(s))).toBe(true);
      expect(seen.at(-1)).toMatch(/^Not restored, nothing changed: settings row 2 \("settings"\): value\.contracts\.intercom\.billableClaims: expected an array, found 7$/);
      expect(await snapshot()).toBe(dump);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
