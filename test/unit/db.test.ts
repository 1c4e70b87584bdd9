import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationRead } from '../../utils/model/transcript';
import { RecountDB } from '../../utils/store/db';
import { reportHealth } from '../../utils/store/health';
import { allEvents, currentVerdictFor, eventsFor, recordConversationSeen, recordVerdict, rowStatuses, transcriptDigest, type VerdictInput } from '../../utils/store/tagging';
import { getSettings, updateSettings } from '../../utils/store/settings';
import { conversationKeyString, currentVerdict, UNNAMED_REVIEWER } from '../../utils/model/verdict';
import { verifyChains } from '../../utils/model/chain.mjs';
import { DEFAULT_SETTINGS } from '../../utils/model/settings';
import { sha256hex } from '../../utils/model/hash';

const key = { vendor: 'intercom' as const, workspace: 'abc', conversationId: '42' };
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed Resolution', url: 'https://app.intercom.com/a/inbox/abc/inbox/conversation/42' };
const read: ConversationRead = {
  key,
  claim,
  agentName: 'Fin',
  messages: [
    { author: 'customer', authorName: 'Maya', at: 1, text: 'Where is my invoice?' },
    { author: 'ai_agent', authorName: 'Fin', at: 2, text: 'Billing › Invoices.' },
  ],
  billingNote: null,
};
const input = (over: Partial<VerdictInput> = {}): VerdictInput => ({
  key,
  verdict: 'genuine',
  reason: null,
  note: '',
  claim,
  suggested: null,
  ...over,
});

let db: RecountDB;
let n = 0;
beforeEach(() => {
  db = new RecountDB(`test-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

describe('verdict event log', () => {
  it('appends one event per tag and never overwrites: the current verdict is the latest', async () => {
    await recordConversationSeen(db, read, null, 100);
    const first = await recordVerdict(db, input({ verdict: 'genuine' }), { now: 1_000 });
    const second = await recordVerdict(db, input({ verdict: 'false', reason: 'wrong_answer', note: 'Wrong menu' }), { now: 2_000 });
    const events = await eventsFor(db, conversationKeyString(key));
    expect(events.map((e) => e.verdict)).toEqual(['genuine', 'false']);
    expect(events[0]).toEqual(first.event); // untouched by the later tag
    expect(second.current).toEqual(second.event);
    expect(await currentVerdictFor(db, key)).toEqual(second.event);
    expect(currentVerdict(events)).toEqual(second.event);
  });

  it('keeps the later event current when an older one arrives after it (clock skew, merges)', async () => {
    const late = await recordVerdict(db, input({ verdict: 'unsure' }), { now: 5_000 });
    await recordVerdict(db, input({ verdict: 'genuine' }), { now: 4_000 });
    expect((await currentVerdictFor(db, key))?.id).toBe(late.event.id);
  });

  it('breaks a same-millisecond tie by id, the same way everywhere', async () => {
    await recordVerdict(db, input({ verdict: 'genuine' }), { now: 7_000, id: 'b' });
    await recordVerdict(db, input({ verdict: 'false', reason: 'other' }), { now: 7_000, id: 'a' });
    expect((await currentVerdictFor(db, key))?.id).toBe('b');
    expect(currentVerdict(await eventsFor(db, conversationKeyString(key)))?.id).toBe('b');
  });

  it('stores the event with every field of the model', async () => {
    await updateSettings(db, { reviewerName: 'Ana' });
    const { event } = await recordVerdict(db, input({ verdict: 'false', reason: 'recontacted', note: 'Came back next day', suggested: 'unsure' }), { now: 3_000 });
    expect(event).toMatchObject({
      convKey: 'intercom:abc:42',
      vendor: 'intercom',
      workspace: 'abc',
      conversationId: '42',
      verdict: 'false',
      reason: 'recontacted',
      note: 'Came back next day',
      reviewer: 'Ana',
      at: 3_000,
      claim,
      suggested: 'unsure',
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('saves "unnamed reviewer" until a name is set, and never blocks a tag', async () => {
    const { event } = await recordVerdict(db, input());
    expect(event.reviewer).toBe(UNNAMED_REVIEWER);
  });

  it('drops a reason given with a verdict other than false', async () => {
    const { event } = await recordVerdict(db, input({ verdict: 'genuine', reason: 'other' }));
    expect(event.reason).toBeNull();
  });

  it('creates the conversation row when a tag arrives before any read', async () => {
    await recordVerdict(db, input(), { now: 9 });
    const row = await db.conversations.get('intercom:abc:42');
    expect(row).toMatchObject({ firstSeenAt: 9, claim, transcript: null });
  });

  it('rolls back the event when the transaction fails: nothing half-written', async () => {
    await recordConversationSeen(db, read, null);
    db.conversations.hook('updating', () => {
      throw new Error('disk full');
    });
    await expect(recordVerdict(db, input())).rejects.toThrow('disk full');
    expect(await db.events.count()).toBe(0);
  });

  it('exports the whole log in time order', async () => {
    await recordVerdict(db, input({ key: { ...key, conversationId: '2' } }), { now: 20 });
    await recordVerdict(db, input({ key: { ...key, conversationId: '1' } }), { now: 10 });
    expect((await allEvents(db)).map((e) => e.conversationId)).toEqual(['1', '2']);
  });
});

describe('conversations read', () => {
  it('keeps the first-seen time, counts messages, and stores a digest of the transcript', async () => {
    await recordConversationSeen(db, read, null, 100);
    const row = await recordConversationSeen(db, read, null, 200);
    expect(row).toMatchObject({ firstSeenAt: 100, lastSeenAt: 200, messageCounts: { customer: 1, ai_agent: 1, teammate: 0, note: 0 } });
    expect(row.transcriptDigest).toBe(await transcriptDigest(read.messages));
    expect(row.transcriptDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(row.transcript).toEqual(read.messages);
  });

  it('the digest changes when a single character of the transcript does', async () => {
    const changed = [{ ...read.messages[0], text: 'Where is my invoice!' }, read.messages[1]];
    expect(await transcriptDigest(changed)).not.toBe(await transcriptDigest(read.messages));
  });

  it('keeps only the digest when "keep transcripts" is off, and forgets the ones already kept', async () => {
    await recordConversationSeen(db, read, null);
    expect((await db.conversations.get('intercom:abc:42'))?.transcript).not.toBeNull();
    await updateSettings(db, { keepTranscripts: false });
    expect((await db.conversations.get('intercom:abc:42'))?.transcript).toBeNull();
    const row = await recordConversationSeen(db, read, null);
    expect(row.transcript).toBeNull();
    expect(row.transcriptDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a new read keeps the verdict projection', async () => {
    const { event } = await recordVerdict(db, input());
    const row = await recordConversationSeen(db, read, null);
    expect(row.current).toEqual(event);
  });
});

describe('settings', () => {
  it('defaults, then merges updates, unit prices one vendor at a time', async () => {
    const prices = { intercom: 0.99, zendesk: 1.5, salesforce: 2, custom: 0 };
    expect(await getSettings(db)).toEqual({ ...DEFAULT_SETTINGS, unitPrices: prices });
    await updateSettings(db, { reviewerName: 'Ana' });
    await updateSettings(db, { unitPrices: { zendesk: 2 } });
    await updateSettings(db, { contracts: { intercom: { tolerableFalseRate: 0.02 } } });
    const saved = await getSettings(db);
    expect(saved).toMatchObject({ reviewerName: 'Ana', keepTranscripts: true, unitPrices: { ...prices, zendesk: 2 } });
    expect(saved.contracts.intercom).toEqual({ ...DEFAULT_SETTINGS.contracts.intercom, tolerableFalseRate: 0.02 });
    expect(saved.contracts.zendesk).toEqual(DEFAULT_SETTINGS.contracts.zendesk);
  });
});

it('upgrades a version 1 database keeping every event, and chains the old events so they verify', async () => {
  const name = `upgrade-${++n}`;
  // Version 1 exactly as it shipped, with events as version 1 wrote them (no chain fields).
  const v1 = new Dexie(name);
  v1.version(1).stores({ events: 'id, convKey, at, [vendor+at], reviewer', conversations: 'convKey, vendor, lastSeenAt', settings: 'key' });
  const base = { convKey: 'intercom:abc:42', ...key, note: '', reviewer: 'Ana', claim, suggested: null };
  const oldEvents = [
    { ...base, id: 'e2', verdict: 'false', reason: 'abandoned', at: 2_000 },
    { ...base, id: 'e1', verdict: 'genuine', reason: null, at: 1_000 },
    { ...base, id: 'e3', verdict: 'unsure', reason: null, at: 3_000, note: 'looked again' },
  ];
  await v1.table('events').bulkAdd(oldEvents);
  await v1.table('conversations').add({ convKey: 'intercom:abc:42', ...key, claim, current: oldEvents[2] });
  v1.close();

  const upgraded = new RecountDB(name);
  await upgraded.open();
  expect(upgraded.verno).toBe(9);
  // v6 keeps only the indexes something queries.
  expect(upgraded.events.schema.indexes.map((i) => i.name).sort()).toEqual(['[chain+seq]', 'at', 'convKey']);
  expect(upgraded.conversations.schema.indexes.map((i) => i.name)).toEqual(['lastSeenAt']);
  expect(upgraded.tables.map((t) => t.name).sort()).toEqual(['billedItems', 'billedLists', 'conversations', 'eventOnly', 'events', 'health', 'keys', 'profiles', 'settings', 'spotChecks', 'tallies', 'tombstones']);
  const events = await upgraded.events.orderBy('at').toArray();
  // Every field of every old event is kept; the chain is added in time order.
  expect(events.map(({ chain: _c, seq: _s, prevHash: _p, hash: _h, ...rest }) => rest)).toEqual([oldEvents[1], oldEvents[0], oldEvents[2]]);
  expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
  expect(verifyChains(events, sha256hex)).toMatchObject({ ok: true, problems: [] });
  expect((await upgraded.conversations.get('intercom:abc:42'))?.current).toEqual(events[2]);
  // New tags continue the same chain.
  const { event } = await recordVerdict(upgraded, input(), { now: 4_000 });
  expect(event).toMatchObject({ chain: events[0].chain, seq: 4, prevHash: events[2].hash });
  await upgraded.delete();
});

describe('list badges and adapter health', () => {
  it('gives each known conversation its verdict, billability and suggestion; unknown ones are left out', async () => {
    await recordConversationSeen(db, read, { verdict: 'unsure', reason: null, because: [], unverified: true });
    await recordVerdict(db, input({ key: { ...key, conversationId: '7' }, claim: { ...claim, resolution: 'escalated' } }));
    expect(await rowStatuses(db, ['intercom:abc:42', 'intercom:abc:7', 'intercom:abc:999'])).toEqual({
      'intercom:abc:42': { billable: true, verdict: null, suggested: 'unsure' },
      'intercom:abc:7': { billable: false, verdict: 'genuine', suggested: null },
    });
  });

  it('records which marker failed, how often, and when the adapter last worked', async () => {
    const report = { vendor: 'intercom' as const, adapter: 'Intercom', urlPattern: '/a/inbox/:id/conversation/:id' };
    await reportHealth(db, { ...report, missing: [] }, 100);
    await reportHealth(db, { ...report, missing: ['message parts'] }, 200);
    const record = await reportHealth(db, { ...report, missing: ['message parts'] }, 300);
    expect(record).toMatchObject({ missing: ['message parts'], failures: 2, lastFailureAt: 300, lastWorkingAt: 100 });
    const healed = await reportHealth(db, { ...report, missing: [] }, 400);
    expect(healed).toMatchObject({ missing: ['message parts'], failures: 2, lastFailureAt: 300, lastWorkingAt: 400 });
  });
});
