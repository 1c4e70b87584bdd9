// Data flows one way: page → adapter → overlay → message → background DB, and back as a broadcast.
// The runtime namespace as the browser gives it, without the webextension polyfill: see utils/transport/protocol.ts.
// Long because the page controller's observer, navigation and tagging share one page's state (see its sections).
import type { SpotCheckPosition } from '../../utils/analysis/spot-check-position';
import { browser } from '@wxt-dev/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { barStateOf, type BarState, type SaveStatus, type TagRequest } from './bar-state';
import { createChangeSorter } from './change-sorting';
import { createHealthReporter } from './health';
import { createUrlTracker } from './navigation';
import type { VendorAdapter } from '../../utils/adapters/types';
import type { ConversationRead } from '../../utils/model/transcript';
import { observeRoots, shownRank } from '../../utils/adapters/dom';
import { describeLabels, labelsFor } from '../../utils/adapters/labels';
import type { ApiWitness } from '../../utils/io/intercom-witness';
import { readFromApi, withApiWitness, type WitnessNote } from './witness';
import { createListBadges } from './badges';
import { isBroadcast, RefusedError, request, type Request } from '../../utils/transport/protocol';
import type { Settings } from '../../utils/model/settings';
import type { BlindNote } from '../../utils/model/records';
import { verdictForChord } from '../../utils/model/shortcuts';
import { suggestVerdict, type Suggestion } from '../../utils/model/suggest';
import { conversationKeyString, isBillableClaim, type ConversationKey, type VerdictEvent } from '../../utils/model/verdict';
import { TAG_JOURNAL_PREFIX, type TagInput, type TagIntake } from '../../utils/model/tag-intake';
import { describeTeamStatus, type TeamStatus } from '../../utils/model/team-status';

/** Vendor apps render late: markers missing for this long mean we can't read the page. */
const UNREADABLE_AFTER_MS = 3000;
/** A save that takes longer than this shows "Saving…" (sooner, nobody could see it: a tag is usually saved in a few ms). */
const SAVING_SHOWN_AFTER_MS = 100;
/** After single-page navigation, the old conversation may stay on screen this long before the new one renders. */
const STALE_RENDER_MS = 1500;

interface View {
  draw(state: BarState): void;
  openFalsePicker(): void;
}

const send = request;

/**
 * The browser stops the service worker when idle and may stop it mid-request; a message can then get no
 * answer. Requests are idempotent (a tag carries its own event id), so we retry transport failures — never a
 * refusal, which would fail the same way again.
 */
async function sendWithRetry<T extends Request['type']>(request: Extract<Request, { type: T }>, attempts = 4) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(request);
    } catch (error) {
      if (error instanceof RefusedError || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** The page's path with ids folded, so health is recorded per kind of page, not per conversation. */

/** One message can be huge (a pasted log); what we store of it is capped, and says so. */
const MAX_STORED_TEXT = 100_000;
function withCappedText(conversation: ConversationRead): ConversationRead {
  if (!conversation.messages.some((m) => m.text.length > MAX_STORED_TEXT)) return conversation;
  return {
    ...conversation,
    messages: conversation.messages.map((m) =>
      m.text.length > MAX_STORED_TEXT ? { ...m, text: `${m.text.slice(0, MAX_STORED_TEXT)} …[cut by Recount at 100,000 characters]` } : m,
    ),
  };
}

function contentFingerprint(conversation: ConversationRead): string {
  return JSON.stringify([conversation.claim.resolutionLabel, conversation.claim.state, conversation.messages]);
}

export function createPageController(ctx: ContentScriptContext, adapter: VendorAdapter, view: View) {
  let conversation: ConversationRead | null = null;
  let suggestion: Suggestion | null = null;
  /** undefined while the background has not answered for this conversation yet. */
  let current: VerdictEvent | null | undefined;
  /** The blind double review this conversation is under, as the background tells it; null: none. */
  let blind: BlindNote | null = null;
  /** The running spot check this conversation is sampled in, as the background said when it was read. */
  let spotCheck: SpotCheckPosition | null = null;
  let settings: Settings | null = null;
  let save: SaveStatus = { kind: 'idle' };
  let lastSignature = '';
  let unreadable: string[] | null = null;
  let missingSince: number | null = null;
  let navigation: { fingerprint: string; convKey: string; at: number } | null = null;
  /** The vendor API's word per conversation (Intercom with a token set); 'asking' while the request runs. */
  const witnesses = new Map<string, ApiWitness | null | 'asking'>();
  let witnessNote: WitnessNote | null = null;
  /** The bar shows a conversation read from the API alone: nothing to store, the page gave no transcript. */
  let apiOnly = false;
  /** The team log's status, for the bar's footer (not joined: no footer line). */
  let team: TeamStatus = { joined: false };
  void send({ type: 'team/status' }).then((status) => {
    team = status;
    redraw();
  }, () => undefined);
  const badges = createListBadges(adapter, (convKeys) =>
    send({ type: 'conversations/status', convKeys }).then((reply) => reply.statuses),
  );

  const reportHealth = createHealthReporter(
    adapter,
    () => {
      const labels = readingLabelsFor(new URL(url.href));
      return labels ? describeLabels(labels) : undefined;
    },
    (report) => send(report),
  );

  const barState = (): BarState => barStateOf({ unreadable, conversation, witnessNote, suggestion, current, blind, spotCheck, settings, save, teamLine: describeTeamStatus(team) });
  const redraw = () => view.draw(barState());

  let recheckTimer: number | undefined;
  const recheckIn = (ms: number) => {
    if (recheckTimer !== undefined) clearTimeout(recheckTimer);
    recheckTimer = ctx.setTimeout(() => {
      recheckTimer = undefined;
      evaluate();
    }, ms);
  };

  const forget = () => {
    witnessNote = null;
    apiOnly = false;
    conversation = null;
    suggestion = null;
    current = undefined;
    save = { kind: 'idle' };
    lastSignature = '';
  };

  const url = createUrlTracker(adapter);
  /** Whether the URL moved since last asked; what was on screen then is remembered to tell a stale render. */
  const syncHref = (): boolean => {
    if (!url.sync()) return false;
    // What was on screen when the URL moved: still there under the new URL a moment later, it is a stale render.
    navigation = conversation ? { fingerprint: contentFingerprint(conversation), convKey: conversationKeyString(conversation.key), at: Date.now() } : null;
    return true;
  };

  /** The page words this workspace is read by (Settings › Page labels); the adapter's defaults until settings come. */
  const readingLabelsFor = (url: URL) => {
    if (adapter.vendor === 'custom') return undefined;
    return labelsFor(adapter.vendor, adapter.conversationKeyFromUrl(url)?.workspace ?? null, settings?.pageLabels);
  };
  /** New settings that change the page words mean a fresh read of what is on screen. */
  const takeSettings = (next: Settings) => {
    const labelsChanged = JSON.stringify(next.pageLabels) !== JSON.stringify(settings?.pageLabels ?? {});
    settings = next;
    if (labelsChanged) {
      lastSignature = '';
      evaluate();
    }
  };

  /**
   * Asks the background what the vendor's API says of this conversation, once per page visit; never waited
   * for: the bar shows the page's claim at once and adds the API's when it comes.
   */
  const askWitness = (key: ConversationKey) => {
    const convKey = conversationKeyString(key);
    if (adapter.vendor !== 'intercom' || witnesses.has(convKey)) return;
    witnesses.set(convKey, 'asking');
    send({ type: 'api/witness', conversationId: key.conversationId })
      .then((reply) => reply.witness)
      .catch((error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }))
      .then((witness) => {
        witnesses.set(convKey, witness);
        if (!witness) return;
        lastSignature = '';
        evaluate();
      });
  };

  function evaluate() {
    syncHref();
    const here = new URL(url.href);
    let read = adapter.read(document, here, readingLabelsFor(here));
    // Data under the wrong key is the worst failure: nothing read from a region that is not on screen is kept.
    // (Attributes and classes here: the adapter asked the style sheets where candidates compete or, for
    // Salesforce, always.)
    if (read.status === 'conversation' && read.region && (!read.region.isConnected || shownRank(read.region, undefined, false) === 0)) {
      read = { status: 'missing-markers', key: read.conversation.key, missing: ['the conversation on screen'] };
    }
    const key = read.status === 'conversation' ? read.conversation.key : read.status === 'missing-markers' ? read.key : null;
    if (key) askWitness(key);
    const witness = key ? witnesses.get(conversationKeyString(key)) : undefined;
    const api = witness && witness !== 'asking' && witness.ok ? witness.claim : null;
    let note: WitnessNote | null = witness && witness !== 'asking' && !witness.ok ? { text: `Intercom API: ${witness.error}`, disagree: false } : null;
    let fromApi = false;
    if (read.status === 'missing-markers' && key && api) {
      const viaApi = readFromApi(key, api, here.href, read.missing);
      read = { status: 'conversation', conversation: viaApi.conversation };
      note = viaApi.note;
      fromApi = true;
    } else if (read.status === 'conversation' && api) {
      const both = withApiWitness(read.conversation, api);
      read = { ...read, conversation: both.conversation };
      note = both.note;
    }
    if (read.status === 'not-conversation') {
      forget();
      unreadable = null;
      missingSince = null;
      return redraw();
    }
    if (read.status === 'missing-markers') {
      // Never a verdict bar on a conversation we could not read; after a grace period, say so.
      forget();
      missingSince ??= Date.now();
      const waited = Date.now() - missingSince;
      if (waited >= UNREADABLE_AFTER_MS) {
        // Shown on the page (the "can't read" chip) and recorded for the dashboard's adapter health; nothing goes to
        // the vendor page's console.
        unreadable = read.missing;
        reportHealth(read.missing);
      } else {
        unreadable = null;
        recheckIn(UNREADABLE_AFTER_MS - waited + 20);
      }
      return redraw();
    }
    missingSince = null;
    unreadable = null;
    const next = read.conversation;
    if (!fromApi) reportHealth([]);
    const nextKey = conversationKeyString(next.key);
    const fingerprint = contentFingerprint(next);
    // Checked against what was on screen when the URL moved, not against `conversation`, which a first stale
    // read clears: a second read in the same window (a late answer, a mutation) must be refused too.
    if (navigation && navigation.convKey !== nextKey) {
      const age = Date.now() - navigation.at;
      if (age < STALE_RENDER_MS && fingerprint === navigation.fingerprint) {
        // The previous conversation is still on screen under the new URL: wait for the new one.
        forget();
        recheckIn(STALE_RENDER_MS - age + 20);
        return redraw();
      }
    }
    navigation = null;
    const signature = nextKey + fingerprint;
    if (signature === lastSignature) return;
    lastSignature = signature;
    if (!conversation || conversationKeyString(conversation.key) !== nextKey) {
      current = undefined;
      blind = null;
      spotCheck = null;
      save = { kind: 'idle' };
    }
    conversation = next;
    witnessNote = note;
    apiOnly = fromApi;
    suggestion = isBillableClaim(next.claim) && !fromApi
      ? (adapter.suggest?.(next) ?? suggestVerdict(next.messages, next.claim.resolution))
      : null;
    redraw();
    if (apiOnly) {
      // Nothing read from the page to store; the bar still shows this conversation's current verdict.
      sendWithRetry({ type: 'verdict/current', key: next.key })
        .then((reply) => {
          if (conversation && conversationKeyString(conversation.key) === nextKey) ({ current, blind } = reply);
          redraw();
        })
        .catch((error) => console.warn('[Recount] could not read the current verdict:', error));
      return;
    }
    sendWithRetry({ type: 'conversation/seen', conversation: withCappedText(next), suggestion })
      .then((reply) => {
        takeSettings(reply.settings);
        if (conversation && conversationKeyString(conversation.key) === nextKey) ({ current, blind, spotCheck } = reply);
        badges.set(nextKey, {
          billable: isBillableClaim(next.claim),
          verdict: reply.current?.verdict ?? null,
          suggested: suggestion?.verdict ?? null,
        });
        redraw();
      })
      .catch((error) => console.warn('[Recount] could not record this conversation:', error));
  }

  async function tag(request: TagRequest) {
    const tagged = conversation;
    if (!tagged || !isBillableClaim(tagged.claim)) return;
    const convKey = conversationKeyString(tagged.key);
    const onIt = () => conversation && conversationKeyString(conversation.key) === convKey;
    const id = crypto.randomUUID();
    const input: TagInput = { ...request, key: tagged.key, claim: tagged.claim, suggested: suggestion?.verdict ?? null };
    // Saved once the tag is in the extension's own storage: a write there goes to the browser and back, while the
    // background may be asleep or busy (a team pull). The request that follows adds it to the log and answers with
    // the verdict as the log has it; if it never comes, the background finds the entry (utils/store/tag-journal.ts).
    const kept = browser.storage.local.set({ [TAG_JOURNAL_PREFIX + id]: { id, at: Date.now(), input } satisfies TagIntake }).then(
      () => true,
      () => false,
    );
    save = { kind: 'saving', verdict: request.verdict };
    // "Saving…" is drawn only when saving takes long enough to be seen. Drawn at once, its frame held up the
    // storage's answer on this tab's thread: during a team pull, p50 13.6 against 4.0 ms without it.
    const slow = setTimeout(redraw, SAVING_SHOWN_AFTER_MS);
    const safe = await kept;
    clearTimeout(slow);
    if (safe && onIt()) save = { kind: 'saved', tag: id };
    redraw();
    try {
      const reply = await sendWithRetry({ type: 'verdict/record', eventId: id, ...input });
      if (onIt()) {
        ({ current, blind } = reply);
        save = { kind: 'saved', tag: id };
      }
    } catch (error) {
      // Refused: the background refuses the entry too (the same checks) and drops it. Unanswered: the entry is
      // safe where it is, and goes into the log when the background finds it.
      if ((!safe || error instanceof RefusedError) && onIt()) save = { kind: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    redraw();
  }

  // Alt+Shift chords anywhere on the page; capture phase so we act before the vendor's handlers.
  ctx.addEventListener(
    window,
    'keydown',
    (event) => {
      const verdict = verdictForChord(event);
      if (!verdict || !conversation || !isBillableClaim(conversation.claim)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (verdict === 'false') view.openFalsePicker();
      else void tag({ verdict, reason: null, note: '' });
    },
    { capture: true },
  );

  const onBroadcast = (message: unknown) => {
    if (!isBroadcast(message)) return;
    if (message.type === 'settings/changed') takeSettings(message.settings);
    else if (message.type === 'data/changed') {
      // Ask again for what is on screen: the next pass re-reports the conversation and re-badges the list.
      lastSignature = '';
      badges.reset();
      onPageChange();
    } else if (message.type === 'team/status-changed') {
      if (JSON.stringify(message.status) === JSON.stringify(team)) return;
      team = message.status;
    } else {
      badges.set(message.convKey, message.current ? { verdict: message.current.verdict, billable: isBillableClaim(message.current.claim) } : { verdict: null });
      // This tab's own tag comes back too, already shown from its reply: the bar is drawn again only for news.
      if (!conversation || conversationKeyString(conversation.key) !== message.convKey) return;
      if (current !== undefined && (message.current?.id ?? null) === (current?.id ?? null) && JSON.stringify(message.blind) === JSON.stringify(blind)) return;
      ({ current, blind } = message);
    }
    redraw();
  };
  browser.runtime.onMessage.addListener(onBroadcast);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onBroadcast));

  const reading = () => conversation !== null || unreadable !== null || missingSince !== null || url.isConversation;
  const { touchesConversation, triage } = createChangeSorter(adapter, { reading, waitingForMarkers: () => missingSince !== null, navigated: () => url.navigated });
  const onMutations = (records: readonly MutationRecord[]) => {
    // Where navigation events are polled (Firefox), a new pane's elements still bring us here within a frame.
    const moved = syncHref();
    if (moved || (reading() && touchesConversation(records) !== false)) evaluate();
    badges.update(records);
  };
  const onPageChange = () => {
    syncHref();
    evaluate();
    badges.update();
  };
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    url.markNavigated();
    requestAnimationFrame(onPageChange);
  });
  ctx.onInvalidated(observeRoots(document, adapter.shadowHosts, onMutations, triage));
  onPageChange();

  return { tag, evaluate };
}
