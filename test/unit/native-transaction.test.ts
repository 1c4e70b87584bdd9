// The one-round tag is written with bare IndexedDB requests (native-transaction.ts). What it tells open pages must
// be what Dexie itself tells them for the same writes — the oracle here is Dexie's own observability layer, writing
// the same three rows through Dexie — and it must be told only when the write committed.
import Dexie, { liveQuery, RangeSet, type ObservabilitySet } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecountDB } from '../../utils/store/db';
import { writeInOneTransaction } from '../../utils/store/native-transaction';
import { recordConversationSeen, recordVerdict, tagPaths } from '../../utils/store/tagging';

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
const key = { vendor: 'intercom' as const, workspace: 'w', conversationId: '1' };
let db: RecountDB;
let copy: RecountDB;
let n = 0;

beforeEach(async () => {
  db = new RecountDB(`native-${++n}`);
  copy = new RecountDB(`native-copy-${n}`);
  await copy.open(); // its creation is not part of what is compared
  await recordConversationSeen(db, { key, claim, agentName: 'Fin', billingNote: null, messages: [{ author: 'customer', authorName: 'C', at: 1, text: 'hi' }] }, null);
});
afterEach(async () => {
  await db.delete();
  await copy.delete();
});

const tag = (note: string) => recordVerdict(db, { key, verdict: 'genuine', reason: null, note, claim, suggested: null }, { id: crypto.randomUUID() });

/** Each change notice fired while `run` runs, as "table/part" → the ranges it names. */
async function noticesDuring(dbName: string, run: () => Promise<unknown>): Promise<Array<Record<string, Array<[unknown, unknown]>>>> {
  const heard: ObservabilitySet[] = [];
  const listener = (parts: ObservabilitySet) => heard.push(parts);
  Dexie.on('storagemutated', listener);
  try {
    await run();
  } finally {
    Dexie.on('storagemutated').unsubscribe(listener);
  }
  const prefix = `idb://${dbName}/`;
  // Notices of other databases (the tag journal's, here a database of its own) are not this one's.
  return heard
    .map((parts) =>
      Object.fromEntries(
        Object.entries(parts)
          .filter(([part]) => part.startsWith(prefix))
          .map(([part, tree]) => [part.slice(prefix.length), [...RangeSet(tree)].map((r) => [r.from, r.to] as [unknown, unknown])]),
      ),
    )
    .filter((notice) => Object.keys(notice).length > 0);
}

describe('a tag written in one native transaction', () => {
  it('tells open pages exactly what Dexie tells them for the same writes', async () => {
    await tag('first'); // the careful way: remembers the row and the chain head
    const oneRound = tagPaths.oneRound;
    let eventId = '';
    const heard = await noticesDuring(db.name, async () => {
      eventId = (await tag('second')).event.id;
    });
    expect(tagPaths.oneRound - oneRound).toBe(1);
    expect(heard).toHaveLength(1);
    // The same rows written through Dexie into a copy of the schema.
    const event = (await db.events.get(eventId))!;
    const row = (await db.conversations.get(event.convKey))!;
    const deltas = await db.tallies.where(':id').between('delta:', 'delta:\uffff').toArray();
    const delta = deltas.at(-1)!;
    const byDexie = await noticesDuring(copy.name, () =>
      copy.transaction('rw', [copy.events, copy.conversations, copy.tallies], () => Promise.all([copy.events.add(event), copy.conversations.put(row), copy.tallies.add(delta)])),
    );
    expect(byDexie).toHaveLength(1);
    expect(heard[0]).toEqual(byDexie[0]);
    // And what it names is this tag: its id, its conversation, its place in the chain.
    expect(heard[0]['events/']).toEqual([[eventId, eventId]]);
    expect(heard[0]['events/convKey']).toEqual([['intercom:w:1', 'intercom:w:1']]);
    expect(heard[0]['events/[chain+seq]']).toEqual([[[event.chain, event.seq], [event.chain, event.seq]]]);
  });

  it('a live query of the conversation’s events sees the tag', async () => {
    await tag('first');
    const counts: number[] = [];
    const subscription = liveQuery(() => db.events.where('convKey').equals('intercom:w:1').count()).subscribe((c) => counts.push(c));
    await expect.poll(() => counts).toEqual([1]);
    const oneRound = tagPaths.oneRound;
    await tag('second');
    expect(tagPaths.oneRound - oneRound).toBe(1);
    await expect.poll(() => counts).toEqual([1, 2]);
    subscription.unsubscribe();
  });

  it('a refused check writes nothing and tells no one', async () => {
    const heard = await noticesDuring(db.name, () =>
      writeInOneTransaction(db, ['events', 'settings'], [(tx) => tx.objectStore('settings').get('install')], [{ table: 'events', kind: 'put', value: { id: 'x', convKey: 'c', at: 1, chain: 'k', seq: 1 } }], () => false),
    );
    expect(heard).toEqual([]);
    expect(await db.events.get('x')).toBeUndefined();
  });

  it('a refused request (an id already there) writes none of the batch', async () => {
    await db.events.put({ id: 'taken' } as never);
    const committed = await writeInOneTransaction(
      db,
      ['events', 'settings'],
      [],
      [
        { table: 'settings', kind: 'put', value: { key: 'probe', value: 1 } },
        { table: 'events', kind: 'add', value: { id: 'taken' } },
      ],
      () => true,
    );
    expect(committed).toBe(false);
    expect(await db.settings.get('probe' as never)).toBeUndefined();
  });

  it('reads alone: the check gets each read’s result (a cursor’s value), nothing is told', async () => {
    await db.settings.put({ key: 'install', value: { chainId: 'c1' } });
    await db.tombstones.bulkPut([{ chain: 'c1', seq: 1, hash: 'h1' }, { chain: 'c1', seq: 2, hash: 'h2' }] as never);
    const seenByCheck: unknown[][] = [];
    const heard = await noticesDuring(db.name, async () => {
      const committed = await writeInOneTransaction(
        db,
        ['settings', 'tombstones'],
        [(tx) => tx.objectStore('settings').get('install'), (tx) => tx.objectStore('tombstones').openCursor(null, 'prev'), (tx) => tx.objectStore('settings').get('absent')],
        [],
        (results) => {
          seenByCheck.push(results);
          return true;
        },
      );
      expect(committed).toBe(true);
    });
    expect(seenByCheck).toEqual([[{ key: 'install', value: { chainId: 'c1' } }, { chain: 'c1', seq: 2, hash: 'h2' }, undefined]]);
    expect(heard).toEqual([]);
  });

  it('a value IndexedDB cannot take (a function inside) aborts the writes issued before it', async () => {
    const committed = await writeInOneTransaction(
      db,
      ['events', 'settings'],
      [],
      [
        { table: 'settings', kind: 'put', value: { key: 'probe', value: 1 } },
        { table: 'events', kind: 'put', value: { id: 'fn', run: () => 1 } },
      ],
      () => true,
    );
    expect(committed).toBe(false);
    expect(await db.settings.get('probe' as never)).toBeUndefined();
    expect(await db.events.get('fn')).toBeUndefined();
  });

  it('a closed database is declined, not thrown: the caller writes the careful way', async () => {
    db.close();
    await expect(writeInOneTransaction(db, ['events'], [], [{ table: 'events', kind: 'put', value: { id: 'y' } }], () => true)).resolves.toBe(false);
  });
});
