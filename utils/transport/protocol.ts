// The one message protocol between content scripts, extension pages and the background (which owns the DB).
// Every message is validated on receipt: a content script runs beside code we do not control.
// Long because it is the whole contract between pages and the background: one schema per request, response and
// broadcast, read as one list.
import * as v from 'valibot';
// The runtime namespace as the browser gives it (MV3 APIs return promises in Chrome and Firefox): the
// content scripts share this module and stay small without the webextension polyfill (~6 KB gzipped).
import { browser } from '@wxt-dev/browser';
import { AUTHOR_KINDS } from '../model/transcript';
import { LabelOverridesSchema, PageLabelsKeySchema } from '../model/page-labels';
import type { RowStatus } from '../store/tagging';
import { BilledItemSchema, DoubleReviewSchema, type BlindNote, type HealthRecord } from '../model/records';
import type { ProfileErrors, ProfilePreview, VendorProfile } from '../adapters/profiles';
import type { ProfileSuggestion } from '../adapters/profile-from-outline';
import { BarDockMapSchema, ProfileTermsPatchSchema, type Settings } from '../model/settings';
import type { BilledRead } from '../io/billed-list';
import type { ApiWitness, IntercomApiStatus } from '../io/intercom-witness';
import type { TeamPullProgress, TeamPullResult, TeamStatus } from '../io/team-sync';
import type { Suggestion } from '../model/suggest';
import type { SpotCheckPosition } from '../analysis/spot-check-position';
import { OwnDefinitionSchema, PRICING_MODELS } from '../model/contracts';
import { portRequester, REQUEST_PORT } from './request-port';
import { ConversationKeySchema, REASON_MISFIT, reasonFitsVerdict, TAG_INPUT_ENTRIES, VendorClaimSchema } from '../model/tag-intake';
import {
  FALSE_REASONS,
  RESOLUTION_KINDS,
  VENDORS,
  VERDICTS,
  type ConversationKey,
  type VerdictEvent,
} from '../model/verdict';

const MAX_TEXT = 1_000_000; // one message of a transcript; a hostile page can render anything

const TranscriptMessageSchema = v.object({
  author: v.picklist(AUTHOR_KINDS),
  authorName: v.pipe(v.string(), v.maxLength(500)),
  at: v.nullable(v.number()),
  text: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
});

const SuggestionSchema = v.object({
  verdict: v.picklist(VERDICTS),
  reason: v.nullable(v.picklist(FALSE_REASONS)),
  because: v.array(v.pipe(v.string(), v.maxLength(500))),
  unverified: v.boolean(),
});

const SeenSchema = v.object({
  type: v.literal('conversation/seen'),
  conversation: v.object({
    key: ConversationKeySchema,
    claim: VendorClaimSchema,
    agentName: v.pipe(v.string(), v.maxLength(200)),
    messages: v.pipe(v.array(TranscriptMessageSchema), v.maxLength(5000)),
    billingNote: v.nullable(v.pipe(v.string(), v.maxLength(500))),
    billing: v.optional(
      v.object({
        windows: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
        reopenedWindows: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
        actions: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
      }),
    ),
  }),
  suggestion: v.nullable(SuggestionSchema),
});

const RecordSchema = v.pipe(
  v.object({
    type: v.literal('verdict/record'),
    /** Chosen by the sender, so a retry after a lost answer records the tag once, not twice. */
    eventId: v.pipe(v.string(), v.uuid()),
    ...TAG_INPUT_ENTRIES,
  }),
  v.check((tag) => reasonFitsVerdict(tag), REASON_MISFIT),
);

const GetCurrentSchema = v.object({ type: v.literal('verdict/current'), key: ConversationKeySchema });

const GetSettingsSchema = v.object({ type: v.literal('settings/get') });

const Price = v.pipe(v.number(), v.minValue(0), v.maxValue(10_000));
const ContractPatch = v.partial(
  v.object({
    pricingModel: v.picklist(PRICING_MODELS),
    billableClaims: v.pipe(v.array(v.picklist(RESOLUTION_KINDS)), v.maxLength(20)),
    recontactDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365)),
    tolerableFalseRate: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
    comparisonPrices: v.partial(v.object({ per_resolution: Price, per_conversation_window: Price, per_action: Price })),
    ownDefinition: v.nullable(OwnDefinitionSchema),
  }),
);

const UploadIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(60));
const BilledImportSchema = v.object({
  type: v.literal('billed/import'),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'name: give the list a name'), v.maxLength(120)),
  vendor: v.picklist(VENDORS),
  workspace: v.pipe(v.string(), v.maxLength(200)),
  format: v.pipe(v.string(), v.maxLength(40)),
  skipped: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The items inline, or an upload of them in parts (uploadId): a long list passes one message's 64 MiB. */
  items: v.optional(v.pipe(v.array(BilledItemSchema), v.maxLength(2_000_000))),
  uploadId: v.optional(UploadIdSchema),
});
const BilledDeleteSchema = v.object({ type: v.literal('billed/delete'), id: v.pipe(v.string(), v.maxLength(100)) });
const SpotCheckSaveSchema = v.object({
  type: v.literal('spotcheck/save'),
  plan: v.object({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
    createdAt: v.number(),
    vendor: v.picklist(VENDORS),
    workspace: v.pipe(v.string(), v.maxLength(200)),
    source: v.variant('kind', [
      v.object({ kind: v.literal('billed-list'), listId: v.string(), listName: v.string() }),
      v.object({ kind: v.literal('seen') }),
    ]),
    seed: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    algorithm: v.pipe(v.string(), v.maxLength(2000)),
    margin: v.pipe(v.number(), v.minValue(0.001), v.maxValue(0.5)),
    expectedRate: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
    strata: v.array(v.object({ stratum: v.string(), population: v.array(v.string()), sample: v.array(v.string()) })),
    populationUnits: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1e9))),
    doubleReview: v.optional(DoubleReviewSchema),
  }),
});
const SpotCheckDeleteSchema = v.object({ type: v.literal('spotcheck/delete'), id: v.pipe(v.string(), v.maxLength(100)) });

const UpdateSettingsSchema = v.object({
  type: v.literal('settings/update'),
  settings: v.partial(
    v.object({
      reviewerName: v.pipe(v.string(), v.trim(), v.maxLength(120)),
      keepTranscripts: v.boolean(),
      humanCost: v.nullable(v.object({ amount: Price, source: v.pipe(v.string(), v.trim(), v.maxLength(200)) })),
      barDock: BarDockMapSchema,
      unitPrices: v.partial(v.object({ intercom: Price, zendesk: Price, salesforce: Price, custom: Price })),
      contracts: v.partial(v.object({ intercom: ContractPatch, zendesk: ContractPatch, salesforce: ContractPatch, custom: ContractPatch })),
      profileTerms: ProfileTermsPatchSchema,
      pageLabels: v.pipe(v.record(PageLabelsKeySchema, v.nullable(LabelOverridesSchema)), v.check((r) => Object.keys(r).length <= 50, 'at most 50 page-label sets')),
    }),
  ),
});

const StatusSchema = v.object({
  type: v.literal('conversations/status'),
  convKeys: v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.maxLength(2000)),
});

const HealthSchema = v.object({
  type: v.literal('health/report'),
  vendor: v.picklist(VENDORS),
  adapter: v.pipe(v.string(), v.maxLength(100)),
  urlPattern: v.pipe(v.string(), v.maxLength(500)),
  missing: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(20)),
  /** The page words the adapter looked for (Settings › Page labels), for Diagnostics. */
  lookedFor: v.optional(v.pipe(v.string(), v.maxLength(500))),
});

const HealthListSchema = v.object({ type: v.literal('health/list') });
const ProfileListSchema = v.object({ type: v.literal('profile/list') });
/** The profile itself is validated field by field by `validateProfile`, which names every bad field. */
const ProfileSaveSchema = v.object({ type: v.literal('profile/save'), profile: v.unknown() });
const ProfileDeleteSchema = v.object({ type: v.literal('profile/delete'), id: v.pipe(v.string(), v.maxLength(40)) });
const ProfileForUrlSchema = v.object({ type: v.literal('profile/for-url'), url: v.pipe(v.string(), v.url(), v.maxLength(4000)) });
/** A spot check's item opened in the helpdesk tab already open on its host (a new tab when there is none). */
const HelpdeskOpenSchema = v.object({ type: v.literal('helpdesk/open'), url: v.pipe(v.string(), v.url(), v.startsWith('https://', 'an https address'), v.maxLength(4000)) });
const ProfilePreviewSchema = v.object({ type: v.literal('profile/preview'), profile: v.unknown() });
/**
 * Events are checked one by one (line and field named) and chain by chain by the handler. `confirmed`: the digest
 * of the deletion the reviewer confirmed (store/deletion previewDeletion); the deletion is refused if it changed.
 */
const DeleteSchema = v.object({
  type: v.literal('events/delete'),
  filter: v.record(v.string(), v.pipe(v.string(), v.maxLength(200))),
  confirmed: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))),
});
/** A large request's rows arrive in parts (uploads.ts); the request then names its upload instead. */
const UploadPartSchema = v.object({
  type: v.literal('upload/part'),
  uploadId: UploadIdSchema,
  table: v.pipe(v.string(), v.maxLength(40)),
  part: v.pipe(v.number(), v.integer(), v.minValue(0)),
  parts: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
  totalRows: v.pipe(v.number(), v.integer(), v.minValue(0)),
  rows: v.pipe(v.array(v.unknown()), v.maxLength(20_000)),
});
/** The page sending an upload gave up (a part was refused): a write reading it stops, nothing written. */
const UploadAbandonSchema = v.object({
  type: v.literal('upload/abandon'),
  uploadId: UploadIdSchema,
  reason: v.pipe(v.string(), v.maxLength(2000)),
});
const RestoreSchema = v.object({
  type: v.literal('db/restore'),
  tables: v.optional(v.record(v.string(), v.array(v.unknown()))),
  uploadId: v.optional(UploadIdSchema),
});
const ImportSchema = v.object({
  type: v.literal('events/import'),
  events: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(500_000))),
  uploadId: v.optional(UploadIdSchema),
});

// Intercom's API as a second witness. Token, connect, forget and pull come from extension pages only (the
// background checks the sender); a helpdesk tab may only ask what the API says of one conversation.
const ApiWitnessSchema = v.object({ type: v.literal('api/witness'), conversationId: v.pipe(v.string(), v.regex(/^\d{1,40}$/, 'a conversation id is digits')) });
const ApiStatusSchema = v.object({ type: v.literal('intercom-api/status') });
const ApiConnectSchema = v.object({
  type: v.literal('intercom-api/connect'),
  region: v.picklist(['us', 'eu', 'au']),
  token: v.pipe(v.string(), v.trim(), v.minLength(1, 'the token is empty'), v.maxLength(500, 'the token is longer than 500 characters')),
});
const ApiForgetSchema = v.object({ type: v.literal('intercom-api/forget') });
const Instant = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));
const ApiPullSchema = v.pipe(
  v.object({ type: v.literal('intercom-api/pull'), from: Instant, to: Instant }),
  v.check((m) => m.from < m.to, 'to: the period must end after it starts'),
);
const ApiCancelSchema = v.object({ type: v.literal('intercom-api/cancel') });
/** The page outline of the sender's own tab (its "can't read this page" chip); answered by the background. */
const PageOutlineSchema = v.object({ type: v.literal('page/outline') });
/** A vendor-profile draft from the open tab at this URL (Vendor profiles › Start from an open page). */
const ProfileSuggestSchema = v.object({ type: v.literal('profile/suggest'), url: v.pipe(v.string(), v.url(), v.maxLength(4000)) });

// The team log. A helpdesk tab may ask the sync status (it holds no credentials); everything else comes from
// extension pages only.
const TeamStatusSchema = v.object({ type: v.literal('team/status') });
const TeamCredentialsSchema = v.variant('kind', [
  v.object({
    kind: v.literal('password'),
    name: v.pipe(v.string(), v.trim(), v.minLength(1, 'your user name is empty'), v.maxLength(200)),
    password: v.pipe(v.string(), v.minLength(1, 'the password is empty'), v.maxLength(1000)),
  }),
  v.object({ kind: v.literal('jwt'), token: v.pipe(v.string(), v.trim(), v.minLength(1, 'the token is empty'), v.maxLength(8000)) }),
]);
const TeamJoinSchema = v.object({
  type: v.literal('team/join'),
  url: v.pipe(v.string(), v.maxLength(2000)),
  db: v.pipe(v.string(), v.maxLength(238)),
  credentials: TeamCredentialsSchema,
});
const TeamLeaveSchema = v.object({ type: v.literal('team/leave') });
const TeamSyncSchema = v.object({ type: v.literal('team/sync') });
const TeamInviteSchema = v.object({ type: v.literal('team/invite') });
const TeamPullSchema = v.pipe(
  v.object({ type: v.literal('team/pull'), range: v.nullable(v.object({ from: Instant, to: Instant })) }),
  v.check((m) => !m.range || m.range.from < m.range.to, 'range.to: the period must end after it starts'),
);
const TeamPullCancelSchema = v.object({ type: v.literal('team/pull-cancel') });
/** The dashboard found its figures' counts missing or counted in another time zone: count them again. */
const TalliesRebuildSchema = v.object({ type: v.literal('tallies/rebuild') });
/** This installation's signing key: its fingerprint, and a new key endorsed by the old one. */
/** The dashboard read a long log of the notes' index: compact it. */
const NotesCompactSchema = v.object({ type: v.literal('notes/compact') });
const SigningInfoSchema = v.object({ type: v.literal('signing/info') });
const SigningRotateSchema = v.object({ type: v.literal('signing/rotate') });
const Hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'));
/** An export's digest and chain heads, to be signed with this installation's key. */
const ExportSignSchema = v.object({
  type: v.literal('export/sign'),
  digest: Hex64,
  chains: v.record(v.pipe(v.string(), v.maxLength(200)), v.object({ lastSeq: v.pipe(v.number(), v.integer(), v.minValue(0)), head: v.union([Hex64, v.literal('')]) })),
});
/** A lead's final verdict on a disagreement: a new event naming the events it settles. */
const FinalVerdictSchema = v.pipe(
  v.object({
    type: v.literal('verdict/final'),
    settles: v.pipe(v.array(v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,100}$/, 'an event id'))), v.minLength(2, 'a final verdict settles two or more verdicts'), v.maxLength(20)),
    verdict: v.picklist(VERDICTS),
    reason: v.nullable(v.picklist(FALSE_REASONS)),
    note: v.pipe(v.string(), v.maxLength(2000)),
  }),
  v.check((m) => (m.verdict === 'false') === (m.reason !== null), 'reason: a false verdict needs a reason, others none'),
);

/** Requests only an extension page may send. */
export const PAGE_ONLY_REQUESTS: readonly string[] = [
  'profile/suggest',
  'intercom-api/status',
  'intercom-api/connect',
  'intercom-api/forget',
  'intercom-api/pull',
  'intercom-api/cancel',
  'team/join',
  'team/leave',
  'team/sync',
  'team/invite',
  'team/pull',
  'team/pull-cancel',
  'verdict/final',
  'tallies/rebuild',
  'signing/info',
  'signing/rotate',
  'export/sign',
  'notes/compact',
  'helpdesk/open',
];

const RequestSchema = v.variant('type', [
  PageOutlineSchema,
  ProfileSuggestSchema,
  ApiWitnessSchema,
  ApiStatusSchema,
  ApiConnectSchema,
  ApiForgetSchema,
  ApiPullSchema,
  ApiCancelSchema,
  TeamStatusSchema,
  TeamJoinSchema,
  TeamLeaveSchema,
  TeamSyncSchema,
  TeamInviteSchema,
  TeamPullSchema,
  TeamPullCancelSchema,
  TalliesRebuildSchema,
  NotesCompactSchema,
  SigningInfoSchema,
  SigningRotateSchema,
  ExportSignSchema,
  FinalVerdictSchema,
  SeenSchema,
  RecordSchema,
  GetCurrentSchema,
  GetSettingsSchema,
  UpdateSettingsSchema,
  StatusSchema,
  HealthSchema,
  HealthListSchema,
  ProfileListSchema,
  ProfileSaveSchema,
  ProfileDeleteSchema,
  ProfileForUrlSchema,
  HelpdeskOpenSchema,
  ProfilePreviewSchema,
  UploadPartSchema,
  UploadAbandonSchema,
  ImportSchema,
  DeleteSchema,
  RestoreSchema,
  BilledImportSchema,
  BilledDeleteSchema,
  SpotCheckSaveSchema,
  SpotCheckDeleteSchema,
]);
export type Request = v.InferOutput<typeof RequestSchema>;

/** What each request answers, by type. */
export interface ResponseMap {
  'page/outline': { outline: string };
  'profile/suggest': ProfileSuggestion;
  'api/witness': { witness: ApiWitness | null };
  'intercom-api/status': IntercomApiStatus;
  'intercom-api/connect': IntercomApiStatus;
  'intercom-api/forget': { forgotten: true };
  'intercom-api/pull': BilledRead;
  'intercom-api/cancel': { cancelled: boolean };
  'team/status': TeamStatus;
  'team/join': TeamStatus;
  'team/leave': { left: true };
  'team/sync': TeamStatus;
  'team/invite': { code: string | null };
  'team/pull': TeamPullResult;
  'team/pull-cancel': { cancelled: boolean };
  'verdict/final': { event: VerdictEvent; current: VerdictEvent };
  'tallies/rebuild': { days: number; zone: string };
  'conversation/seen': { current: VerdictEvent | null; settings: Settings; blind: BlindNote | null; spotCheck: SpotCheckPosition | null };
  'verdict/record': { event: VerdictEvent; current: VerdictEvent; blind: BlindNote | null };
  'verdict/current': { current: VerdictEvent | null; blind: BlindNote | null };
  'settings/get': Settings;
  'settings/update': Settings;
  'conversations/status': { statuses: Record<string, RowStatus> };
  'health/report': { recorded: true };
  'health/list': { health: HealthRecord[] };
  'profile/list': { profiles: Array<VendorProfile & { access: boolean }> };
  'profile/save': { profile: VendorProfile; access: boolean };
  'profile/delete': { deleted: true };
  'profile/for-url': { profile: VendorProfile | null };
  'helpdesk/open': { reused: boolean };
  'profile/preview': { preview: ProfilePreview };
  'upload/part': { received: number; parts: number };
  'upload/abandon': { abandoned: true };
  'events/import': { added: number; alreadyPresent: number; deletedHere: number; changedVerdicts: number };
  'events/delete': { events: number; conversations: number };
  'db/restore': { counts: Record<string, number>; newChain: boolean };
  'signing/info': { fingerprint: string; createdAt: string; ownChain: string; replaced: string[] };
  'signing/rotate': ResponseMap['signing/info'];
  'notes/compact': { compacted: boolean };
  'export/sign': { signature: import('../model/signature.mjs').ExportSignature };
  'billed/import': { id: string; items: number };
  'billed/delete': { deleted: true };
  'spotcheck/save': { id: string };
  'spotcheck/delete': { deleted: true };
}

export type Reply<T> =
  | { ok: true; data: T }
  /** fieldErrors: for a form, the message for each bad field. */
  | { ok: false; error: string; fieldErrors?: ProfileErrors };

/** Sent by the background to one tab's content script; answered there. */
export type TabRequest = { type: 'profile/preview-run'; profile: VendorProfile };

export function isTabRequest(message: unknown): message is TabRequest {
  return (message as { type?: unknown } | null)?.type === 'profile/preview-run';
}

/**
 * The background answered and refused (bad input): retrying the same request cannot help. `fieldErrors`: for a
 * form, the message for each bad field, so the dashboard can show each beside its field.
 */
export class RefusedError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: ProfileErrors,
  ) {
    super(message);
  }
}

/** Pushed by the background to helpdesk tabs and extension pages after a commit. */
export type Broadcast =
  /** current: null when this browser's reviewer may not see it yet (blind double review: see `blind`). */
  | { type: 'verdict/changed'; convKey: string; current: VerdictEvent | null; blind: BlindNote | null }
  | { type: 'settings/changed'; settings: Settings }
  /** Many conversations changed at once (a deletion or a restore): re-read what is on screen. */
  | { type: 'data/changed' }
  /** The team log's sync status moved (pushed, waiting, unreachable, refused). */
  | { type: 'team/status-changed'; status: TeamStatus };

/** Sent to extension pages while a team pull runs. */
export interface TeamProgress extends TeamPullProgress {
  type: 'team/progress';
}

export function isTeamProgress(message: unknown): message is TeamProgress {
  return (message as { type?: unknown } | null)?.type === 'team/progress';
}

/** Sent to extension pages only, while a long write runs: how far it is. */
export interface WriteProgress {
  type: 'write/progress';
  uploadId: string;
  done: number;
  total: number;
}

/** Sent to extension pages while a pull from Intercom's API runs. */
export interface ApiPullProgress {
  type: 'api/progress';
  page: number;
  totalPages: number | null;
  fetched: number;
  /** Rate-limited or backing off until then (ms since the epoch); null while fetching. */
  waitingUntil: number | null;
}

export function isApiPullProgress(message: unknown): message is ApiPullProgress {
  return (message as { type?: unknown } | null)?.type === 'api/progress';
}

export function isWriteProgress(message: unknown): message is WriteProgress {
  return (message as { type?: unknown } | null)?.type === 'write/progress';
}

export function parseRequest(message: unknown): { ok: true; request: Request } | { ok: false; error: string } {
  const result = v.safeParse(RequestSchema, message);
  if (result.success) return { ok: true, request: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, error: `Invalid message${path ? ` at ${path}` : ''}: ${issue.message}` };
}

export function isBroadcast(message: unknown): message is Broadcast {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'verdict/changed' || type === 'settings/changed' || type === 'data/changed' || type === 'team/status-changed';
}

export type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

/** Sends a request to the background; rejects with the background's message when it refuses. */
export async function sendRequest<T extends Request['type']>(
  sendMessage: (message: unknown) => Promise<unknown>,
  request: RequestOf<T>,
): Promise<ResponseMap[T]> {
  const reply = (await sendMessage(request)) as Reply<ResponseMap[T]> | undefined;
  if (!reply) throw new Error('Recount background did not answer');
  if (!reply.ok) throw new RefusedError(reply.error, reply.fieldErrors);
  return reply.data;
}

export type { ConversationKey, Suggestion };

let sendOnPort: ((message: unknown) => Promise<unknown>) | undefined;
/**
 * Called once by a content script: its requests go on one port to the background (see request-port.ts).
 * Extension pages keep runtime.sendMessage, whose open channel keeps the worker alive through a long request.
 */
export function sendRequestsOnPort(): void {
  sendOnPort ??= portRequester(() => browser.runtime.connect({ name: REQUEST_PORT }));
}

/** A request to the background from any extension context. */
export function request<T extends Request['type']>(message: RequestOf<T>): Promise<ResponseMap[T]> {
  return sendRequest(sendOnPort ?? ((m) => browser.runtime.sendMessage(m)), message);
}
