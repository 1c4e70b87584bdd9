// The background's answers to protocol requests. Kept apart from the entrypoint so tests drive it directly.
// Long because it is the one table of every request's answer, grouped by domain: any message's handler is found here.
import { forgetSpotCheckPlans, spotCheckPositionOf } from '../analysis/spot-check-position';
import * as v from 'valibot';
import { BilledItemSchema, type BilledItem } from '../model/records';
import { healthId, installChainId, type RecountDB } from '../store/db';
import { deleteBilledList, saveBilledList } from '../store/billed';
import { restoreBackup } from '../store/restore';
import { compactNotes } from '../store/notes';
import { rotateSigningKey, signExport, signingKeyInfo } from '../store/signing';
import { deleteWhere } from '../store/deletion';
import { rebuildTallies, scheduleFold } from '../store/tallies';
import { reportHealth } from '../store/health';
import { currentVerdictFor, recordConversationSeen, recordVerdict, rowStatuses } from '../store/tagging';
import { getSettings, updateSettings } from '../store/settings';
import { deletionFilter, isEmptyFilter, matchesConversation, matchesEvent } from '../analysis/filters';
import { sliceChecker, validateImportedEvents } from '../model/event-schema';
import { applyMerge, MergeRefused } from '../store/merge';
import { validateProfile } from '../adapters/profile-validation';
import { hostPatternMatches, type ProfileErrors, type ProfilePreview, type VendorProfile } from '../adapters/profiles';
import { parseRequest, type ApiPullProgress, type Reply, type Request, type ResponseMap, type TeamProgress, type WriteProgress } from './protocol';
import type { IntercomWitness } from '../io/intercom-witness';
import type { TeamSync } from '../io/team-sync';
import { compareEvents, conversationKeyString, type Vendor, type VerdictEvent } from '../model/verdict';
import { finalVerdictNote } from '../model/final-verdict';
import { UploadStore } from './uploads';
import { blindStatuses, blindView, forgetBlindPlans } from './blindness';
import { gatheredChanges, tellChanged, type Broadcaster } from './change-notices';

/** The browser APIs the handlers need beyond the database; the background passes the real ones. */
export interface Platform {
  broadcast: Broadcaster;
  /** Whether the user granted access to a profile's host. */
  hasHostAccess(hostPattern: string): Promise<boolean>;
  /** Makes the registered content scripts match the profiles that have access. */
  syncProfileScripts(profiles: readonly VendorProfile[]): Promise<void>;
  /** Runs a profile against the open tab on its host. */
  previewInTab(profile: VendorProfile): Promise<ProfilePreview>;
  /** Tells extension pages (not helpdesk tabs) how far a long write or pull is. */
  notifyPages?(message: WriteProgress | ApiPullProgress | TeamProgress): void;
  /** The structure of a tab's page, or a profile draft from it (the page-tools script, injected on demand). */
  pageTool?(tabId: number, tool: 'outline' | 'suggest'): Promise<unknown>;
  /** The most recently used open tab on this URL's host, granted to Recount; null when there is none. */
  tabFor?(url: string): Promise<number | null>;
  /** Shows `url` in that tab (brought to the front), or in a new tab when there is none. */
  openInTab?(url: string, tabId: number | null): Promise<void>;
  /** Intercom's API as a second witness; absent where the platform has none (unit tests of other parts). */
  intercom?: IntercomWitness;
  /** The team log; absent where the platform has none (unit tests of other parts). */
  team?: TeamSync;
}

function teamOf(platform: Platform): TeamSync {
  if (!platform.team) throw new Error('The team log is not available here');
  return platform.team;
}

function intercomOf(platform: Platform): IntercomWitness {
  if (!platform.intercom) throw new Error('Intercom API is not available here');
  return platform.intercom;
}

/** Parts of large requests, held until the request that uses them (one background, one store). */
const uploads = new UploadStore();

/** A large request's rows: sent inline, or uploaded in parts (read by `fromUpload`). Exactly one of the two. */
function rowsOf<T, U>(request: { uploadId?: string }, inline: T | undefined, fromUpload: (uploadId: string) => U): T | U {
  if ((request.uploadId === undefined) === (inline === undefined)) throw new Error('Nothing written: send the rows or an upload id, one of the two');
  return request.uploadId !== undefined ? fromUpload(request.uploadId) : inline!;
}

class RefusedWithFields extends Error {
  constructor(readonly fieldErrors: ProfileErrors) {
    super(`Profile not saved: ${Object.entries(fieldErrors).map(([field, message]) => `${field}: ${message}`).join('; ')}`);
  }
}

function validProfileOrThrow(input: unknown): VendorProfile {
  const result = validateProfile(input);
  if (!result.ok) throw new RefusedWithFields(result.errors);
  return result.profile;
}

/** Uploaded billed lines, each checked as an inline request's would be; the first bad one refuses them all. */
function itemsOf(rows: readonly unknown[]): BilledItem[] {
  const items: BilledItem[] = [];
  for (const [i, row] of rows.entries()) {
    const result = v.safeParse(BilledItemSchema, row);
    if (!result.success) {
      const issue = result.issues[0];
      throw new Error(`Nothing imported: billed line ${i + 1}: ${v.getDotPath(issue) ?? 'line'}: ${issue.message}`);
    }
    items.push(result.output);
  }
  return items;
}

/** A request of one type, and the answer it gets. */
type Handler<T extends AnsweredType> = (request: Extract<Request, { type: T }>, context: { db: RecountDB; platform: Platform }) => Promise<ResponseMap[T]>;
/** The requests answered here; a tab's page outline and a profile draft need the sender (handleMessage). */
type AnsweredType = Exclude<Request['type'], 'page/outline' | 'profile/suggest'>;

/** Every request type's handler, grouped by what it is about. A type without one does not compile. */
const HANDLERS: { [T in AnsweredType]: Handler<T> } = {
  // Intercom's API as a second witness
  'api/witness': async (request, { platform }) => {
    return { witness: platform.intercom ? await platform.intercom.witness(request.conversationId) : null } satisfies ResponseMap['api/witness'];
  },
  'intercom-api/status': async (_request, { platform }) => {
    return (await intercomOf(platform).status()) satisfies ResponseMap['intercom-api/status'];
  },
  'intercom-api/connect': async (request, { platform }) => {
    return (await intercomOf(platform).connect(request.region, request.token)) satisfies ResponseMap['intercom-api/connect'];
  },
  'intercom-api/forget': async (_request, { platform }) => {
    await intercomOf(platform).forget();
    return { forgotten: true } satisfies ResponseMap['intercom-api/forget'];
  },
  'intercom-api/pull': async (request, { platform }) => {
    return (await intercomOf(platform).pull(request.from, request.to, (progress) =>
      platform.notifyPages?.({ type: 'api/progress', ...progress }),
    )) satisfies ResponseMap['intercom-api/pull'];
  },
  'intercom-api/cancel': async (_request, { platform }) => {
    return { cancelled: intercomOf(platform).cancelPull() } satisfies ResponseMap['intercom-api/cancel'];
  },
  // The team log
  'team/status': async (_request, { platform }) => {
    return (platform.team ? await platform.team.status() : { joined: false }) satisfies ResponseMap['team/status'];
  },
  'team/join': async (request, { platform }) => {
    return (await teamOf(platform).join({ url: request.url, db: request.db }, request.credentials)) satisfies ResponseMap['team/join'];
  },
  'team/leave': async (_request, { platform }) => {
    await teamOf(platform).leave();
    return { left: true } satisfies ResponseMap['team/leave'];
  },
  'team/sync': async (_request, { platform }) => {
    const team = teamOf(platform);
    await team.sync();
    return (await team.status()) satisfies ResponseMap['team/sync'];
  },
  'team/invite': async (_request, { platform }) => {
    return { code: await teamOf(platform).invite() } satisfies ResponseMap['team/invite'];
  },
  'team/pull': async (request, { db, platform }) => {
    // Told at most once a second while the pull runs (change-notices.ts), the rest at its end.
    const changes = gatheredChanges(db, platform.broadcast);
    try {
      return (await teamOf(platform).pull(
        request.range,
        (progress) => platform.notifyPages?.({ type: 'team/progress', ...progress }),
        (changed) => changes.add(changed),
      )) satisfies ResponseMap['team/pull'];
    } finally {
      changes.flush();
    }
  },
  'team/pull-cancel': async (_request, { platform }) => {
    return { cancelled: teamOf(platform).cancelPull() } satisfies ResponseMap['team/pull-cancel'];
  },
  'notes/compact': async (_request, { db }) => {
    return { compacted: await compactNotes(db) } satisfies ResponseMap['notes/compact'];
  },
  'signing/info': async (_request, { db }) => {
    return (await signingKeyInfo(db)) satisfies ResponseMap['signing/info'];
  },
  'signing/rotate': async (_request, { db }) => {
    await rotateSigningKey(db);
    return (await signingKeyInfo(db)) satisfies ResponseMap['signing/rotate'];
  },
  'export/sign': async (request, { db }) => {
    return { signature: await signExport(db, request.digest, request.chains) } satisfies ResponseMap['export/sign'];
  },
  'tallies/rebuild': async (_request, { db }) => {
    return (await rebuildTallies(db)) satisfies ResponseMap['tallies/rebuild'];
  },
  'verdict/final': async (request, { db, platform }) => {
    const settled = await db.events.bulkGet(request.settles);
    const missing = request.settles.filter((_, i) => !settled[i]);
    if (missing.length > 0) throw new Error(`Not recorded: no event ${missing[0]} in this log`);
    const events = settled.map((e) => e!);
    if (new Set(events.map((e) => e.convKey)).size > 1) throw new Error('Not recorded: the settled verdicts are about different conversations');
    const latest = events.reduce((a, b) => (compareEvents(a, b) >= 0 ? a : b));
    const result = await recordVerdict(db, {
      key: { vendor: latest.vendor, workspace: latest.workspace, conversationId: latest.conversationId },
      verdict: request.verdict,
      reason: request.reason,
      note: finalVerdictNote(events, request.note),
      claim: latest.claim,
      suggested: null,
    });
    await tellChanged(db, platform.broadcast, [{ convKey: result.event.convKey, after: result.current }]);
    platform.team?.sync().catch(() => undefined);
    return result satisfies ResponseMap['verdict/final'];
  },
  // What a helpdesk tab reads and tags
  'conversation/seen': async (request, { db }) => {
    await recordConversationSeen(db, request.conversation, request.suggestion);
    const convKey = conversationKeyString(request.conversation.key);
    const [seen, settings, spotCheck] = await Promise.all([
      currentVerdictFor(db, request.conversation.key).then((current) => blindView(db, convKey, current)),
      getSettings(db),
      spotCheckPositionOf(db, request.conversation.key),
    ]);
    return { ...seen, settings, spotCheck } satisfies ResponseMap['conversation/seen'];
  },
  'verdict/record': async (request, { db, platform }) => {
    const { broadcast } = platform;
    const { type: _type, eventId, ...input } = request;
    platform.team?.noteTag();
    const result = await recordVerdict(db, input, { id: eventId });
    scheduleFold(db);
    // Saved by this reviewer: never hidden from them; the note says what the other blind reviewers said.
    const { blind } = await blindView(db, result.event.convKey, result.current);
    broadcast({ type: 'verdict/changed', convKey: result.event.convKey, current: result.current, blind });
    // Copied to the team log after the reply: the tag never waits on the network.
    if (platform.team) setTimeout(() => void platform.team!.sync().catch(() => undefined), 0);
    return { ...result, blind } satisfies ResponseMap['verdict/record'];
  },
  'verdict/current': async (request, { db }) => {
    return (await blindView(db, conversationKeyString(request.key), await currentVerdictFor(db, request.key))) satisfies ResponseMap['verdict/current'];
  },
  'conversations/status': async (request, { db }) => {
    return { statuses: await blindStatuses(db, await rowStatuses(db, request.convKeys)) } satisfies ResponseMap['conversations/status'];
  },
  // Settings
  'settings/get': async (_request, { db }) => {
    return (await getSettings(db)) satisfies ResponseMap['settings/get'];
  },
  'settings/update': async (request, { db, platform }) => {
    const { broadcast } = platform;
    const settings = await updateSettings(db, request.settings);
    broadcast({ type: 'settings/changed', settings });
    return settings satisfies ResponseMap['settings/update'];
  },
  // Adapter health
  'health/report': async (request, { db }) => {
    const { type: _type, ...report } = request;
    await reportHealth(db, report);
    return { recorded: true } satisfies ResponseMap['health/report'];
  },
  'health/list': async (_request, { db }) => {
    return { health: await db.health.orderBy('id').toArray() } satisfies ResponseMap['health/list'];
  },
  // Vendor profiles
  'profile/list': async (_request, { db, platform }) => {
    const profiles = await db.profiles.orderBy('id').toArray();
    const access = await Promise.all(profiles.map((p) => platform.hasHostAccess(p.hostPattern)));
    return { profiles: profiles.map((p, i) => ({ ...p, access: access[i] })) } satisfies ResponseMap['profile/list'];
  },
  'profile/save': async (request, { db, platform }) => {
    const profile = validProfileOrThrow(request.profile);
    await db.profiles.put(profile);
    await platform.syncProfileScripts(await db.profiles.toArray());
    return { profile, access: await platform.hasHostAccess(profile.hostPattern) } satisfies ResponseMap['profile/save'];
  },
  'profile/delete': async (request, { db, platform }) => {
    await db.profiles.delete(request.id);
    await platform.syncProfileScripts(await db.profiles.toArray());
    return { deleted: true } satisfies ResponseMap['profile/delete'];
  },
  'helpdesk/open': async (request, { platform }) => {
    if (!platform.tabFor || !platform.openInTab) throw new Error('Opening helpdesk tabs is not available here');
    // Only a helpdesk the user granted: the page's own link does the rest (an ordinary navigation, not Recount's).
    if (!(await platform.hasHostAccess(`${new URL(request.url).origin}/*`))) throw new Error(`${new URL(request.url).host} is not a helpdesk Recount reads`);
    const tabId = await platform.tabFor(request.url);
    await platform.openInTab(request.url, tabId);
    return { reused: tabId !== null } satisfies ResponseMap['helpdesk/open'];
  },
  'profile/for-url': async (request, { db }) => {
    const url = new URL(request.url);
    const profiles = await db.profiles.toArray();
    const profile = profiles.find((p) => hostPatternMatches(p.hostPattern, url)) ?? null;
    return { profile } satisfies ResponseMap['profile/for-url'];
  },
  'profile/preview': async (request, { platform }) => {
    return { preview: await platform.previewInTab(validProfileOrThrow(request.profile)) } satisfies ResponseMap['profile/preview'];
  },
  // Large requests in parts, merges, deletion and restore
  'upload/part': async (request) => {
    return uploads.add(request) satisfies ResponseMap['upload/part'];
  },
  'upload/abandon': async (request) => {
    uploads.abandon(request.uploadId, request.reason);
    return { abandoned: true } satisfies ResponseMap['upload/abandon'];
  },
  'events/import': async (request, { db, platform }) => {
    const { broadcast } = platform;
    // An upload is read as its parts arrive: the write starts with the first.
    const raw = rowsOf(request, request.events, (id) => uploads.stream(id, 'events'));
    const uploadId = request.uploadId ?? '';
    const progress = (done: number, total: number) => platform.notifyPages?.({ type: 'write/progress', uploadId, done, total });
    let plan;
    try {
      // Checked slice by slice while the slices before are written (all in one transaction).
      plan = await applyMerge(db, raw, progress, sliceChecker());
    } catch (error) {
      if (!(error instanceof MergeRefused)) throw error;
      // Refused, nothing written: the whole file checked again, to name every problem (up to five).
      const { errors } = validateImportedEvents(Array.isArray(raw) ? raw : await raw.complete());
      throw new Error(`Not merged, nothing written: ${errors.length > 0 ? errors.slice(0, 5).join('; ') : 'the events did not pass their checks'}`);
    } finally {
      if (request.uploadId !== undefined) uploads.forget(request.uploadId);
    }
    await tellChanged(db, broadcast, plan.changedVerdicts);
    return {
      added: plan.added.length,
      alreadyPresent: plan.alreadyPresent,
      deletedHere: plan.deletedHere,
      changedVerdicts: plan.changedVerdicts.length,
    } satisfies ResponseMap['events/import'];
  },
  'events/delete': async (request, { db, platform }) => {
    const { broadcast } = platform;
    const filter = deletionFilter(request.filter);
    if (isEmptyFilter(filter)) throw new Error('Not deleted: choose a filter first (deleting everything is a restore from an empty backup).');
    // Exactly what the reviewer confirmed, or nothing: the same plan, checked by its digest in the deletion's transaction.
    const deleted = await deleteWhere(db, (e) => matchesEvent(e, filter), (c) => matchesConversation(c, filter), Date.now(), request.confirmed);
    broadcast({ type: 'data/changed' });
    return deleted satisfies ResponseMap['events/delete'];
  },
  'db/restore': async (request, { db, platform }) => {
    const { broadcast } = platform;
    const tables = rowsOf(request, request.tables, (id) => uploads.take(id));
    const counts = await restoreBackup(db, { tables }, (rows, tombstones, ownChain) => validateImportedEvents(rows, tombstones, ownChain).errors);
    forgetBlindPlans(db);
    forgetSpotCheckPlans(db);
    // A backup may bring vendor profiles: their pages get the reader (and hear broadcasts) like saved ones.
    await platform.syncProfileScripts(await db.profiles.toArray());
    broadcast({ type: 'data/changed' });
    platform.team?.sync().catch(() => undefined);
    // A chain this browser's key does not own is kept as it came; this installation's tags go on in a new one.
    const restoredChain = (tables.settings as Array<{ key: string; value: { chainId?: string } }> | undefined)?.find((r) => r.key === 'install')?.value.chainId;
    const newChain = restoredChain !== undefined && (await installChainId(db)) !== restoredChain;
    return { counts, newChain } satisfies ResponseMap['db/restore'];
  },
  // Billed lists and spot checks
  'billed/import': async (request, { db }) => {
    const { type: _type, items: inline, uploadId: _uploadId, ...meta } = request;
    // Uploaded parts arrive unchecked (the message schema saw only their id): every line is checked here.
    const items = rowsOf(request, inline, (id) => itemsOf(uploads.take(id).items ?? []));
    const list = await saveBilledList(
      db,
      { id: crypto.randomUUID(), ...meta, importedAt: Date.now(), items: items.length, units: items.reduce((s, i) => s + i.units, 0) },
      items,
    );
    return { id: list.id, items: items.length } satisfies ResponseMap['billed/import'];
  },
  'billed/delete': async (request, { db }) => {
    await deleteBilledList(db, request.id);
    return { deleted: true } satisfies ResponseMap['billed/delete'];
  },
  'spotcheck/save': async (request, { db, platform: { broadcast } }) => {
    await db.spotChecks.put(request.plan);
    forgetBlindPlans(db);
    forgetSpotCheckPlans(db);
    broadcast({ type: 'data/changed' });
    return { id: request.plan.id } satisfies ResponseMap['spotcheck/save'];
  },
  'spotcheck/delete': async (request, { db, platform: { broadcast } }) => {
    await db.spotChecks.delete(request.id);
    forgetBlindPlans(db);
    forgetSpotCheckPlans(db);
    broadcast({ type: 'data/changed' });
    return { deleted: true } satisfies ResponseMap['spotcheck/delete'];
  },
};

function answer(db: RecountDB, request: Request, platform: Platform): Promise<unknown> {
  const handler = HANDLERS[request.type as AnsweredType] as Handler<AnsweredType> | undefined;
  if (!handler) throw new Error(`No handler for ${request.type}`);
  return handler(request as Extract<Request, { type: AnsweredType }>, { db, platform });
}

/** The outline of the sender's tab, kept on its failing health record too (for Diagnostics). */
async function outlineOf(db: RecountDB, sender: Sender, platform: Platform): Promise<ResponseMap['page/outline']> {
  if (sender.tabId === null || !platform.pageTool) throw new Error('Only a helpdesk tab can ask for its page outline');
  const reply = (await platform.pageTool(sender.tabId, 'outline')) as { outline: string } | null;
  if (!reply) throw new Error('The page did not answer: reload it and try again.');
  return { outline: reply.outline };
}

/** A failing page's outline, kept on its health record so Diagnostics can hand it over later; best effort. */
function keepOutline(db: RecountDB, report: { vendor: Vendor; adapter: string; urlPattern: string }, sender: Sender, platform: Platform) {
  if (sender.tabId === null || !platform.pageTool) return;
  platform
    .pageTool(sender.tabId, 'outline')
    .then((reply) => {
      const outline = (reply as { outline?: unknown } | null)?.outline;
      if (typeof outline === 'string') return db.health.update(healthId(report.vendor, report.adapter, report.urlPattern), { outline });
    })
    .catch(() => undefined);
}

/** Validates, answers, and never throws: every failure becomes `{ ok: false, error }` for the sender. */
/** Where a request came from: the tab of a content script (null for extension pages and tests). */
interface Sender {
  tabId: number | null;
}

export async function handleMessage(db: RecountDB, message: unknown, platform: Platform, sender: Sender = { tabId: null }): Promise<Reply<unknown>> {
  const parsed = parseRequest(message);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  try {
    if (parsed.request.type === 'page/outline') return { ok: true, data: await outlineOf(db, sender, platform) };
    if (parsed.request.type === 'profile/suggest') {
      const tabId = await platform.tabFor?.(parsed.request.url);
      if (tabId === null || tabId === undefined) throw new Error(`Open a conversation on ${new URL(parsed.request.url).host} in a tab, grant access, then try again.`);
      const reply = (await platform.pageTool!(tabId, 'suggest')) as { suggestion: ResponseMap['profile/suggest'] } | null;
      if (!reply) throw new Error('The page did not answer: reload it and try again.');
      return { ok: true, data: reply.suggestion };
    }
    const data = await answer(db, parsed.request, platform);
    if (parsed.request.type === 'health/report' && parsed.request.missing.length > 0) keepOutline(db, parsed.request, sender, platform);
    return { ok: true, data };
  } catch (error) {
    if (error instanceof RefusedWithFields) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
