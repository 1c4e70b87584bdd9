// Benchmark hooks for bench/run.mjs: Recount's own code paths beside raw Dexie/papaparse baselines, in the
// extension's origin, on the same database engine. Test build only (see wxt.config.ts).
import Papa from 'papaparse';
import { eventHash, GENESIS } from '../../utils/model/chain.mjs';
import { RecountDB } from '../../utils/store/db';
import { type ConversationRecord } from '../../utils/model/records';
import { eventToRow } from '../../utils/io/export';
import { sha256hex } from '../../utils/model/hash';
import { importInParts } from '../../utils/transport/uploads';
import { exportEventsOffPage } from '../../utils/analysis/events-export-off-page';
import { EMPTY_FILTER } from '../../utils/analysis/filters';
import type { VerdictEvent } from '../../utils/model/verdict';
import Dexie from 'dexie';
import { PULL_BATCH } from '../../utils/io/team-sync';

const REASONS = ['abandoned', 'recontacted', 'human_needed', 'wrong_answer', 'not_billable', 'other'] as const;

/** n events of one chain; `offset` places them in a longer series (event i of the series is the offset + i-th). */
function makeEvents(n: number, chain: string, conversations: number, start = Date.parse('2026-10-01T00:00:00Z'), firstConversation = 0, offset = 0): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  let prevHash = GENESIS;
  for (let k = 0; k < n; k++) {
    const i = offset + k;
    const conversationId = String(400000000000 + firstConversation + (i % conversations));
    const verdict = i % 5 === 0 ? 'false' : i % 7 === 0 ? 'unsure' : 'genuine';
    const e = {
      id: `${chain}-${i}`,
      convKey: `intercom:bench:${conversationId}`,
      vendor: 'intercom' as const,
      workspace: 'bench',
      conversationId,
      verdict: verdict as VerdictEvent['verdict'],
      reason: verdict === 'false' ? REASONS[i % REASONS.length] : null,
      note: i % 3 === 0 ? `Customer wrote back about order ${i}, "not fixed", see ticket ${i * 7}` : '',
      reviewer: ['Ana', 'Bo', 'Chen', 'Dita'][i % 4],
      at: start + i * 25_000,
      claim: { state: 'closed' as const, resolution: (i % 3 ? 'assumed' : 'confirmed') as VerdictEvent['claim']['resolution'], resolutionLabel: 'Assumed Resolution', url: `https://app.intercom.com/a/inbox/bench/inbox/conversation/${conversationId}` },
      suggested: null,
      chain,
      seq: k + 1,
      prevHash,
      hash: '',
    } as VerdictEvent;
    e.hash = eventHash(e, sha256hex);
    prevHash = e.hash;
    events.push(e);
  }
  return events;
}

/** A conversation row as a merge writes it for a conversation known only from its events. */
const projectionOf = (e: VerdictEvent): ConversationRecord => ({
  convKey: e.convKey, vendor: e.vendor, workspace: e.workspace, conversationId: e.conversationId, agentName: '', claim: e.claim,
  messageCounts: { customer: 0, ai_agent: 0, teammate: 0, note: 0 }, billingNote: null, billing: null, firstSeenAt: e.at, lastSeenAt: e.at,
  suggestion: null, transcriptDigest: '', transcript: null, current: e,
});

const time = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const result = await fn();
  return [performance.now() - t0, result];
};

const db = new RecountDB();

/**
 * The baseline for a team pull: the same documents read the same way (`_changes` pages of PULL_BATCH with their
 * documents) and written with a bare bulkPut into a bare database — a replication with no checks at all.
 */
async function rawReplicate(url: string, database: string, authorization: string): Promise<{ ms: number; docs: number }> {
  const replica = new Dexie(`bench-replica-${Date.now()}`);
  replica.version(1).stores({ docs: '_id' });
  const t0 = performance.now();
  let since: string | number = 0;
  let docs = 0;
  for (;;) {
    const query = new URLSearchParams({ since: String(since), limit: String(PULL_BATCH), include_docs: 'true', style: 'main_only' });
    const response = await fetch(`${url}/${database}/_changes?${query}`, { headers: { authorization, accept: 'application/json' }, credentials: 'omit' });
    const page = (await response.json()) as { results: Array<{ id: string; doc?: object }>; last_seq: string | number };
    if (page.results.length === 0) break;
    const rows = page.results.filter((r) => r.doc && !r.id.startsWith('_design/')).map((r) => r.doc!);
    await replica.table('docs').bulkPut(rows);
    docs += rows.length;
    since = page.last_seq;
  }
  const ms = performance.now() - t0;
  await replica.delete();
  return { ms, docs };
}

const bench = {
  rawReplicate,

  /** Fills the real database with n events over n/2 conversations (what the dashboard then shows). */
  async seed(n: number) {
    const events = makeEvents(n, 'seed-chain', Math.ceil(n / 2));
    const latest = new Map<string, VerdictEvent>();
    for (const e of events) latest.set(e.convKey, e);
    const conversations: ConversationRecord[] = [...latest.values()].map((e) => ({ ...projectionOf(e), agentName: 'Fin', messageCounts: { customer: 2, ai_agent: 1, teammate: 0, note: 0 }, transcriptDigest: 'd' }));
    // Written raw, as a database from before the figures' day counts holds them: the counts are cleared, and
    // the dashboard has them built once.
    await db.transaction('rw', db.events, db.conversations, db.tallies, async () => {
      await db.events.bulkPut(events);
      await db.conversations.bulkPut(conversations);
      await db.tallies.clear();
    });
    return { events: await db.events.count(), conversations: await db.conversations.count() };
  },

  /**
   * Fills the real database through the import path — n events over n/2 conversations, handed to the background
   * in parts of `part` events (one chain each), checked and merged as a lead's merge or team pull is — beside a
   * raw bulkPut of as many rows into a bare database with the same indexes, part by part in alternating order.
   */
  async seedByImport(n: number, part = 100_000) {
    const raw = new Dexie(`bench-raw-${Date.now()}`);
    raw.version(1).stores({ events: 'id, convKey, at, [chain+seq]' });
    const conversations = Math.ceil(n / 2);
    let ours = 0;
    let rawMs = 0;
    const parts: Array<{ ours: number; raw: number }> = [];
    for (let from = 0, k = 0; from < n; from += part, k++) {
      const size = Math.min(part, n - from);
      const oursOnce = async () => {
        const events = makeEvents(size, `seed-${k}`, conversations, undefined, 0, from);
        const [ms, result] = await time(() => importInParts(events));
        if (result.added !== size) throw new Error(`imported ${result.added} of ${size}`);
        ours += ms;
        (parts[k] ??= { ours: 0, raw: 0 }).ours = ms;
      };
      const rawOnce = async () => {
        const events = makeEvents(size, `raw-${k}`, conversations, undefined, 0, from);
        const [ms] = await time(() => raw.table('events').bulkPut(events));
        rawMs += ms;
        (parts[k] ??= { ours: 0, raw: 0 }).raw = ms;
      };
      if (k % 2 === 0) {
        await oursOnce();
        await rawOnce();
      } else {
        await rawOnce();
        await oursOnce();
      }
    }
    await raw.delete();
    return { ours, raw: rawMs, parts, events: await db.events.count() };
  },

  /** Merges n events over n/2 conversations through the real path (what a team lead's browser holds). */
  async merge(n: number) {
    const events = makeEvents(n, 'merged-chain', Math.ceil(n / 2));
    return importInParts(events);
  },

  /**
   * One CSV export of every event: Recount's streamed export, or the raw baseline (the same events read 10,000 at a
   * time by key, each page through papaparse, the pages kept as Blob parts). Returns its time and the long tasks
   * (over 50 ms) the page ran meanwhile: is the page responsive while it exports? The runner collects the garbage
   * between runs, so that neither pays for the other's.
   */
  async exportCsvOnce(which: 'ours' | 'raw') {
    const longTasks: number[] = [];
    const longTaskStarts: number[] = []; // ms since timeOrigin, for lining a task up with the thread's own accounting
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longTasks.push(entry.duration);
        longTaskStarts.push(entry.startTime);
      }
    });
    observer.observe({ type: 'longtask' });
    const [ms, blob] =
      which === 'ours'
        ? await time(async () => (await exportEventsOffPage(db, 'csv', EMPTY_FILTER, undefined)).blob)
        : await time(async () => {
            const parts: string[] = [];
            let last: string | null = null;
            for (;;) {
              const page: VerdictEvent[] = await (last === null ? db.events.orderBy(':id') : db.events.where(':id').above(last)).limit(10_000).toArray();
              if (page.length === 0) break;
              parts.push(Papa.unparse(page.map(eventToRow), { quotes: true, header: last === null }), '\r\n');
              last = page[page.length - 1].id;
            }
            return new Blob(parts);
          });
    if (blob.size === 0) throw new Error('empty export');
    // A long task's entry arrives after the task: a moment for the last one.
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer.disconnect();
    return { ms, longTasks, longTaskStarts, timeOrigin: performance.timeOrigin };
  },

  /**
   * Recount's import as the dashboard runs it — the events handed to the background in parts, checked field by
   * field and chain by chain there, merged in one transaction with progress — vs. a raw bulkPut of as many rows
   * into the same database, interleaved. Every event is new, in a conversation of its own that no earlier run
   * or arm wrote (each gets its own range of conversation ids): the worst case.
   */
  async importEvents(n: number, runs: number) {
    const ours: number[] = [];
    const raw: number[] = [];
    const rawWithProjection: number[] = [];
    let progressMessages = 0;
    for (let r = 0; r < runs; r++) {
      const range = (arm: number) => (3 * r + arm + 1) * 10_000_000;
      const oursOnce = async () => {
        const events = makeEvents(n, `import-${r}-${Date.now()}`, n, Date.parse('2026-09-01T00:00:00Z'), range(0));
        const [a, result] = await time(() =>
          importInParts(events, (phase) => {
            if (phase === 'writing') progressMessages++;
          }),
        );
        if (result.added !== n) throw new Error(`imported ${result.added} of ${n}`);
        ours.push(a);
      };
      const rawOnce = async () => {
        const rawEvents = makeEvents(n, `raw-${r}-${Date.now()}`, n, Date.parse('2026-08-01T00:00:00Z'), range(1));
        raw.push((await time(() => db.events.bulkPut(rawEvents)))[0]);
      };
      // In alternating order: a large write leaves the database work to do afterwards (compaction), which
      // slows whichever write comes next.
      if (r % 2 === 0) {
        await oursOnce();
        await rawOnce();
      } else {
        await rawOnce();
        await oursOnce();
      }
      // What a merge wrote before database version 7: the events and a row per new conversation.
      const projected = makeEvents(n, `rawp-${r}-${Date.now()}`, n, Date.parse('2026-07-01T00:00:00Z'), range(2));
      const [c] = await time(() =>
        db.transaction('rw', db.events, db.conversations, async () => {
          await db.events.bulkPut(projected);
          await db.conversations.bulkPut(projected.map(projectionOf));
        }),
      );
      rawWithProjection.push(c);
    }
    return { ours, raw, rawWithProjection, progressMessages };
  },
};

(window as unknown as { recountBench: typeof bench }).recountBench = bench;
document.body.dataset.ready = 'true';
