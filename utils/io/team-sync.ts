// The team log, owned by the background: this installation's events copied to the team's CouchDB-protocol server
// (push), and the team's events merged into this log (pull) through the same checks as a merged file.
// Long because joining, pushing with its retry schedule, and pulling with its checkpoints share one stored state
// and one status; apart, the status would be assembled from three places.
//
// The local log stays the source of truth: a tag is saved before anything is sent, and sync is a copy. Only
// events leave this browser (one document per event, `_id` = event id, the event's fields as its body), never
// transcripts or anything else of the database. Credentials live in browser.storage.local (never IndexedDB, so
// never in an export, backup or bundle) and are read here only.
import Dexie from 'dexie';
import type { RecountDB } from '../store/db';
import { installChainId } from '../store/db';
import { asBulkWrite } from '../store/tag-memory';
import type { VerdictEvent } from '../model/verdict';
import type { KeyValueStore } from './intercom-witness';
import type { TeamStatus } from '../model/team-status';

export type { TeamStatus };
import { createCouchClient, TeamServerError, type CouchClient, type TeamCredentials } from './couch';
import { checkServerUrl, DATABASE_NAME, inviteCode, type TeamServer } from '../model/team-status';
import { rememberSignatures, signatureDocumentFor, type VerifiedChainSignature } from './team-signatures';
import { backgroundPullHelper, type PageJob, type PullHelper } from './pull-page';

export { eventOfDocument } from './pull-page';

export const TEAM_LOG_STORAGE_KEY = 'recount.teamLog';
export const TEAM_STATE_STORAGE_KEY = 'recount.teamLogState';
/** Pull checkpoints apart from the push state: a push and a pull running together never overwrite each other. */
export const TEAM_CHECKPOINTS_STORAGE_KEY = 'recount.teamLogCheckpoints';
/** Events per `_bulk_docs` request and per pulled batch (each batch is merged all-or-nothing). */
export const PUSH_BATCH = 500;
export const PULL_BATCH = 2000;
/**
 * A tag this recent holds a pull's next write back: while an agent tags in this browser the pull waits, and it
 * goes on once they pause, so what a tag leads to (its fold into the log, the next conversation's read) does not
 * queue behind pulled pages (up to TAG_GIVE_WAY_MAX_MS). A tag that comes while a page is being written is saved to
 * the journal without waiting for it (store/tag-journal.ts).
 */
export const TAG_QUIET_MS = 2_000;
/**
 * A page gives way to tags for at most this long: an agent who tags without a pause (one every second or two) would
 * otherwise hold the pull back for as long as they work. Their tags do not wait for the page: each tab keeps its own.
 */
export const TAG_GIVE_WAY_MAX_MS = 5_000;
/**
 * A tag this recent means an agent is working in this browser: the pull then does one thing at a time (fetch a page,
 * check it, write it) instead of fetching and checking the next page while one is written. Those steps overlap
 * well on an idle machine, but together they take every core of a small one, and the agent's tab then waits for a
 * CPU to answer a tag (docs/architecture.md). With no tag for this long, the pull overlaps them again.
 */
export const AGENT_TAGGING_MS = 60_000;

/** First retry after this long, doubling to at most BACKOFF_MAX_MS, each with jitter. */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * How long to wait before retry number `attempt` (1, 2, …): doubling from BACKOFF_BASE_MS to BACKOFF_MAX_MS,
 * then a random point in its upper half, so a team's browsers do not all knock at once after an outage.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

interface StoredTeamLog {
  server: TeamServer;
  credentials: TeamCredentials;
  /** The name the server knows this agent by (from `_session`). */
  user: string;
}

/** Where a pull stands: `_changes` since a sequence (all events), or `_find` from a time (a date range). */
type Checkpoint = { since: string | number } | { at: number; idsAt: string[] };

interface TeamState {
  /** The server and database this state belongs to: a new team starts from nothing. */
  team: string;
  /** This installation's chain positions up to here are on the server. */
  pushedThrough: number;
  /** The chain `pushedThrough` counts in: a restore can move this installation to a new chain, pushed from its start. */
  pushedChain?: string;
  unreachableSince: number | null;
  refused: string | null;
  lastSyncedAt: number | null;
  /** The last chain signature sent: which chain, through which seq, when. */
  signed?: { chain: string; seq: number; at: number };
}

/**
 * A chain signature goes with the first push, then once the head has moved this many events or this long after
 * the last one (a push or the alarm's minute tick sends it): one signature per tag would double the team log.
 */
export const SIGN_EVERY_EVENTS = 500;
export const SIGN_EVERY_MS = 10 * 60_000;

interface TeamCheckpoints {
  team: string;
  checkpoints: Record<string, Checkpoint>;
}

export interface PullRange {
  /** Inclusive, ms since the epoch. */
  from: number;
  /** Exclusive. */
  to: number;
}

export interface TeamPullProgress {
  /** Documents read from the server so far in this pull. */
  done: number;
  /** Documents on the server (an upper bound for a date range); null when unknown. */
  total: number | null;
  added: number;
  /** The last word of a pull, however it ended (a page opened meanwhile learns it is over). */
  finished?: boolean;
}

export interface TeamPullResult {
  /** Events read (signature documents not counted). */
  read: number;
  /** Chains whose agent's signature over their head was checked in this pull: chain → the furthest one. */
  signed: Record<string, VerifiedChainSignature>;
  added: number;
  alreadyPresent: number;
  deletedHere: number;
  /** Conversations whose current verdict moved. */
  changed: number;
  /** Where the pages were checked: a worker of their own, or the background's thread (pull-page.ts). */
  checkedIn: PullHelper['where'];
}

interface TeamSyncDeps {
  db: RecountDB;
  store: KeyValueStore;
  fetch: typeof fetch;
  /** Whether the user granted this origin pattern (e.g. https://couch.example.com/*). */
  hasAccess(originPattern: string): Promise<boolean>;
  /** Told whenever the status may have changed (the background broadcasts it). */
  onStatus?(status: TeamStatus): void;
  now?: () => number;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  timeoutMs?: number;
  /** Waits `ms` (a pull giving way to tags); a test passes one that moves its clock. */
  pause?: (ms: number) => Promise<void>;
  /** Where a pull's pages are checked and written; the background's thread when not given or when it fails. */
  pullHelper?: () => Promise<PullHelper | null>;
}

export const originPatternOf = (url: string) => `${new URL(url).origin}/*`;
const teamOf = (server: TeamServer) => `${server.url}/${server.db}`;
const checkpointKey = (range: PullRange | null) => (range ? `${range.from}-${range.to}` : 'all');

function isStoredTeamLog(value: unknown): value is StoredTeamLog {
  const v = value as Partial<StoredTeamLog> | null;
  return typeof v === 'object' && v !== null && typeof v.user === 'string' && typeof v.server?.url === 'string' && typeof v.server?.db === 'string' && typeof v.credentials?.kind === 'string';
}

/** An event as the server stores it: one document, `_id` = event id, the event's fields and nothing else. */
export function documentOf(event: VerdictEvent): Record<string, unknown> {
  return { _id: event.id, ...event };
}

export function createTeamSync(deps: TeamSyncDeps) {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const pause = deps.pause ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  let running: Promise<void> | null = null;
  let again = false;
  let attempt = 0;
  let retryTimer: unknown = null;
  let nextAttemptAt = 0;
  let pulling: AbortController | null = null;
  let lastTagAt = -Infinity;

  const config = async (): Promise<StoredTeamLog | null> => {
    const value = await deps.store.get(TEAM_LOG_STORAGE_KEY);
    return isStoredTeamLog(value) ? value : null;
  };

  const stateFor = async (team: StoredTeamLog): Promise<TeamState> => {
    const value = (await deps.store.get(TEAM_STATE_STORAGE_KEY)) as TeamState | undefined;
    if (value && value.team === teamOf(team.server)) return value;
    return { team: teamOf(team.server), pushedThrough: 0, unreachableSince: null, refused: null, lastSyncedAt: null };
  };
  const checkpointsFor = async (team: StoredTeamLog): Promise<TeamCheckpoints> => {
    const value = (await deps.store.get(TEAM_CHECKPOINTS_STORAGE_KEY)) as TeamCheckpoints | undefined;
    return value && value.team === teamOf(team.server) ? value : { team: teamOf(team.server), checkpoints: {} };
  };
  // Written whole each time: one key, so a reader never sees half a state.
  const saveState = (state: TeamState) => deps.store.set(TEAM_STATE_STORAGE_KEY, state);

  const clientFor = (team: StoredTeamLog): CouchClient =>
    createCouchClient({ server: team.server, credentials: team.credentials, fetch: deps.fetch, timeoutMs: deps.timeoutMs });

  /** This installation's events the server does not have yet, in chain order. */
  const notPushed = (chain: string, pushedThrough: number) => db.events.where('[chain+seq]').between([chain, pushedThrough + 1], [chain, Dexie.maxKey]);
  /** Where this installation's own chain stands on the server (from its start if the chain is not the one pushed). */
  const pushedIn = (state: TeamState, chain: string) => (state.pushedChain === undefined || state.pushedChain === chain ? state.pushedThrough : 0);
  const ownWaiting = async (state: TeamState) => {
    const chain = await installChainId(db);
    return notPushed(chain, pushedIn(state, chain)).count();
  };

  async function status(): Promise<TeamStatus> {
    const team = await config();
    if (!team) return { joined: false };
    const state = await stateFor(team);
    const waiting = await ownWaiting(state);
    return {
      joined: true,
      url: team.server.url,
      db: team.server.db,
      user: team.user,
      waiting,
      state: state.refused ? 'refused' : state.unreachableSince !== null ? 'unreachable' : waiting > 0 ? 'waiting' : 'synced',
      unreachableSince: state.unreachableSince,
      refused: state.refused,
      lastSyncedAt: state.lastSyncedAt,
    };
  }

  // Told only when it changed: a sync runs after every tag, and each telling reaches every open tab and page
  // (which ask for it themselves when they open).
  // One after another, so that a sync's first word ("1 waiting") is never told after its last ("synced").
  let lastTold = '';
  let telling: Promise<void> = Promise.resolve();
  const tell = () => {
    if (!deps.onStatus) return;
    telling = telling.then(() =>
      status().then((now) => {
        const told = JSON.stringify(now);
        if (told === lastTold) return;
        lastTold = told;
        deps.onStatus!(now);
      }),
    ).catch(() => undefined); // one failed telling never stops the ones after it
  };

  /** Sends every event of this installation's chain the server does not have yet, in batches. */
  async function pushOnce(): Promise<void> {
    const team = await config();
    if (!team) return;
    const state = await stateFor(team);
    try {
      if (!(await deps.hasAccess(originPatternOf(team.server.url)))) {
        throw new TeamServerError(`Recount has no access to ${team.server.url} any more: join the team again to allow it`, 'refused');
      }
      const client = clientFor(team);
      const chain = await installChainId(db);
      state.pushedThrough = pushedIn(state, chain);
      state.pushedChain = chain;
      const signatureDue = (seq: number) => {
        const last = state.signed?.chain === chain ? state.signed : null;
        return !last || (seq > last.seq && (seq - last.seq >= SIGN_EVERY_EVENTS || now() - last.at >= SIGN_EVERY_MS));
      };
      const signed = (event: VerdictEvent) => {
        state.signed = { chain, seq: event.seq, at: now() };
      };
      for (;;) {
        const batch = await notPushed(chain, state.pushedThrough).limit(PUSH_BATCH).toArray();
        if (batch.length === 0) break;
        const last = batch[batch.length - 1];
        // The last batch carries this key's signature over the chain's head when one is due, in the same request.
        const signature = batch.length < PUSH_BATCH && signatureDue(last.seq) ? await signatureDocumentFor(db, last) : null;
        const results = await client.bulkDocs(signature ? [...batch.map(documentOf), signature] : batch.map(documentOf));
        // A conflict is the same id already on the server (an earlier push whose answer was lost): done. A server
        // set up before signatures refuses the signature document: the events still count as sent.
        const refused = results.find((r) => !r.ok && r.error !== 'conflict' && r.id !== signature?._id);
        if (refused && !refused.ok) throw new TeamServerError(`event ${refused.id}: ${refused.reason}`, 'refused');
        state.pushedThrough = last.seq;
        if (signature) signed(last);
        await saveState(state);
      }
      // A head left unsigned (not due at its push) is signed once due, by a later push or the alarm's tick.
      const head = state.pushedThrough > 0 ? await db.events.where('[chain+seq]').equals([chain, state.pushedThrough]).first() : undefined;
      if (head && signatureDue(head.seq)) {
        const signature = await signatureDocumentFor(db, head);
        await client.bulkDocs([signature]);
        signed(head);
      }
      state.unreachableSince = null;
      state.refused = null;
      state.lastSyncedAt = now();
      attempt = 0;
      await saveState(state);
    } catch (error) {
      if (!(error instanceof TeamServerError)) throw error;
      if (error.kind === 'refused') {
        state.refused = error.message;
        state.unreachableSince = null;
      } else {
        state.unreachableSince ??= now();
        state.refused = null;
        // Tried again on its own, sooner at first; the alarm tick covers a worker that slept meanwhile.
        attempt++;
        const delay = backoffDelay(attempt, deps.random);
        nextAttemptAt = now() + delay;
        if (retryTimer !== null) clearTimer(retryTimer);
        retryTimer = setTimer(() => {
          retryTimer = null;
          void sync().catch(() => undefined);
        }, delay);
      }
      await saveState(state);
    }
  }

  /** Pushes now; a push already running runs once more after it, so no event saved meanwhile waits. */
  function sync(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    // Told as it starts too: a tag just saved is "1 waiting" until its push is done, not "synced".
    tell();
    running = (async () => {
      try {
        do {
          again = false;
          await pushOnce();
        } while (again);
      } finally {
        running = null;
        tell();
      }
    })();
    return running;
  }

  /** Checks the server accepts these credentials and lets us read the database, then keeps them. */
  async function join(server: TeamServer, credentials: TeamCredentials): Promise<TeamStatus> {
    const url = checkServerUrl(server.url);
    if (!url.ok) throw new Error(`Not joined: server: ${url.error}`);
    if (!DATABASE_NAME.test(server.db)) throw new Error('Not joined: database: lowercase letters, digits and _$()+-/ only, starting with a letter');
    const clean: TeamServer = { url: url.url, db: server.db };
    if (!(await deps.hasAccess(originPatternOf(clean.url)))) throw new Error(`Not joined: Recount has no access to ${clean.url}: allow it when the browser asks.`);
    const client = createCouchClient({ server: clean, credentials, fetch: deps.fetch, timeoutMs: deps.timeoutMs });
    let name: string | null;
    try {
      ({ name } = await client.session());
      if (name === null) throw new TeamServerError('the server did not accept these credentials', 'refused', 401);
      await client.info();
    } catch (error) {
      throw new Error(`Not joined: ${error instanceof Error ? error.message : String(error)}`);
    }
    await deps.store.set(TEAM_LOG_STORAGE_KEY, { server: clean, credentials, user: name } satisfies StoredTeamLog);
    attempt = 0;
    void sync().catch(() => undefined);
    return status();
  }

  async function leave(): Promise<void> {
    pulling?.abort();
    if (retryTimer !== null) clearTimer(retryTimer);
    retryTimer = null;
    await deps.store.remove(TEAM_LOG_STORAGE_KEY);
    await deps.store.remove(TEAM_STATE_STORAGE_KEY);
    await deps.store.remove(TEAM_CHECKPOINTS_STORAGE_KEY);
    tell();
  }

  type OnMerged = (changed: Array<{ convKey: string; after: VerdictEvent }>) => void;

  /**
   * Merges the team's events (all, or those tagged in a date range, selected by the server) a page at a time, the
   * next page fetched while this one is merged (one step at a time while an agent tags here: AGENT_TAGGING_MS).
   * Each page is checked whole before anything of it is written, like a merged file (fields, ids, hashes, links,
   * chain positions against this log): a page with a changed or forged event is refused by name, nothing of it is
   * merged, and the pull stops there. A checked page is written in one
   * transaction, held back while an agent is tagging here; the checkpoint moves once the page is in, so a pull cut
   * short resumes where it stopped.
   *
   * A bulk write from start to end: a tag meanwhile goes to the journal, whatever the pull is doing (store/tag-journal.ts).
   */
  function pull(range: PullRange | null, onProgress: (p: TeamPullProgress) => void = () => undefined, onMerged: OnMerged = () => undefined): Promise<TeamPullResult> {
    return asBulkWrite(db, () => pullPages(range, onProgress, onMerged));
  }

  async function pullPages(range: PullRange | null, onProgress: (p: TeamPullProgress) => void, onMerged: OnMerged): Promise<TeamPullResult> {
    const team = await config();
    if (!team) throw new Error('Join a team first (Settings › Team log).');
    if (pulling) throw new Error('A pull is already running.');
    if (!(await deps.hasAccess(originPatternOf(team.server.url)))) throw new Error(`Recount has no access to ${team.server.url} any more: join the team again to allow it.`);
    const controller = (pulling = new AbortController());
    const client = clientFor(team);
    const key = checkpointKey(range);
    const helper = (await deps.pullHelper?.().catch(() => null)) ?? backgroundPullHelper(db);
    const result: TeamPullResult = { read: 0, signed: {}, added: 0, alreadyPresent: 0, deletedHere: 0, changed: 0, checkedIn: helper.where };
    let upcoming: ReturnType<typeof nextPage> | null = null;
    try {
      const total = (await client.info()).docCount;
      onProgress({ done: 0, total, added: 0 });
      const saved = await checkpointsFor(team);
      upcoming = nextPage(helper, team, client, saved.checkpoints[key] ?? (range ? { at: range.from, idsAt: [] } : { since: 0 }), range, controller.signal);
      for (;;) {
        const page: Awaited<ReturnType<typeof nextPage>> = await upcoming!;
        const fetchNext = () => {
          upcoming = page.done ? null : nextPage(helper, team, client, page.next, range, controller.signal);
          upcoming?.catch(() => undefined); // awaited next round; if this page is refused first, that is the answer
        };
        upcoming = null;
        const overlap = !agentTagging();
        if (overlap) fetchNext();
        if (page.count > 0) await mergePage(page.job, result, onMerged);
        else page.job.drop();
        if (!overlap) fetchNext();
        // Saved after the page is in: a pull stopped here starts after it next time.
        const latest = await checkpointsFor(team);
        latest.checkpoints[key] = page.next;
        await deps.store.set(TEAM_CHECKPOINTS_STORAGE_KEY, latest);
        onProgress({ done: result.read, total, added: result.added });
        if (page.done) break;
        if (controller.signal.aborted) throw new Error('Pull stopped: what was merged stays; pull again to go on from there.');
      }
      return result;
    } catch (error) {
      if (controller.signal.aborted && error instanceof TeamServerError) throw new Error('Pull stopped: what was merged stays; pull again to go on from there.');
      if (error instanceof TeamServerError) throw new Error(`Pull stopped: ${error.message}`);
      throw error;
    } finally {
      controller.abort();
      upcoming?.then((page) => page.job.drop(), () => undefined);
      helper.close();
      pulling = null;
      onProgress({ done: result.read, total: null, added: result.added, finished: true });
    }
  }

  const agentTagging = () => now() - lastTagAt < AGENT_TAGGING_MS;

  /** Waits while an agent is tagging (a tag in the last TAG_QUIET_MS), for at most TAG_GIVE_WAY_MAX_MS. */
  async function giveWayToTags(): Promise<void> {
    const since = now();
    for (;;) {
      const quietIn = TAG_QUIET_MS - (now() - lastTagAt);
      const givenUpIn = TAG_GIVE_WAY_MAX_MS - (now() - since);
      if (quietIn <= 0 || givenUpIn <= 0) return;
      await pause(Math.max(10, Math.min(quietIn, givenUpIn)));
    }
  }

  /**
   * One page after the checkpoint, handed to the helper as fetched, and the checkpoint after it (the helper reads
   * where the feed stands first, so the next page is asked for while this one is checked).
   */
  async function nextPage(
    helper: PullHelper,
    team: StoredTeamLog,
    client: CouchClient,
    checkpoint: Checkpoint,
    range: PullRange | null,
    signal: AbortSignal,
  ): Promise<{ job: PageJob; count: number; next: Checkpoint; done: boolean }> {
    const serverUrl = team.server.url;
    if (!range || 'since' in checkpoint) {
      const since = 'since' in checkpoint ? checkpoint.since : 0;
      const job = helper.take({ kind: 'changes', bytes: await client.changesBytes(since, PULL_BATCH, signal), serverUrl });
      const meta = await job.meta;
      if (meta.kind !== 'changes') throw new Error('Pull stopped: the page checker answered for another kind of page');
      return { job, count: meta.count, next: { since: meta.lastSeq }, done: meta.rows === 0 || meta.pending === 0 };
    }
    // By time, oldest first: the page starts at the last time seen, skipping the events already read at it.
    const limit = PULL_BATCH + new Set(checkpoint.idsAt).size;
    const bytes = await client.findBytes({ at: { $gte: checkpoint.at, $lt: range.to } }, [{ at: 'asc' }], limit, signal);
    const job = helper.take({ kind: 'find', bytes, serverUrl, skipIds: checkpoint.idsAt });
    const meta = await job.meta;
    if (meta.kind !== 'find') throw new Error('Pull stopped: the page checker answered for another kind of page');
    const { found } = meta;
    const last = found[found.length - 1];
    const lastAt = typeof last?.at === 'number' ? last.at : checkpoint.at;
    const idsAt = found.filter((d) => d.at === lastAt).map((d) => d.id);
    const next = lastAt === checkpoint.at ? { at: lastAt, idsAt: [...new Set([...checkpoint.idsAt, ...idsAt])] } : { at: lastAt, idsAt };
    return { job, count: meta.count, next, done: found.length < limit };
  }

  /**
   * A page checked whole (nothing written if any of it is refused), then written in one merge once no agent is
   * tagging here. A tag that comes while it is written does not wait for it: it goes to the journal
   * (store/tag-journal.ts) and into the log right after the page.
   */
  async function mergePage(job: PageJob, result: TeamPullResult, onMerged: (changed: Array<{ convKey: string; after: VerdictEvent }>) => void): Promise<void> {
    await job.checked;
    await giveWayToTags();
    const merged = await job.write();
    result.read += merged.read;
    for (const v of Object.values(await rememberSignatures(deps.store, merged.verified))) if (merged.verified.some((s) => s.chain === v.chain)) result.signed[v.chain] = v;
    result.added += merged.added;
    result.alreadyPresent += merged.alreadyPresent;
    result.deletedHere += merged.deletedHere;
    result.changed += merged.changedVerdicts.length;
    if (merged.changedVerdicts.length > 0) onMerged(merged.changedVerdicts);
  }

  return {
    status,
    join,
    leave,
    sync,
    pull,
    /** A tag was just saved: a running pull holds its writes back a moment. */
    noteTag(): void {
      lastTagAt = now();
    },
    /** Stops a running pull after its current batch. */
    cancelPull(): boolean {
      if (!pulling) return false;
      pulling.abort();
      return true;
    },
    /** The alarm's tick: push if something waits and no retry is due later. */
    async tick(): Promise<void> {
      if (now() < nextAttemptAt || !(await config())) return;
      await sync();
    },
    /** The invite code for this team (the server and database only). */
    async invite(): Promise<string | null> {
      const team = await config();
      return team ? inviteCode(team.server) : null;
    },
    hasTeam: async () => (await config()) !== null,
  };
}

export type TeamSync = ReturnType<typeof createTeamSync>;
