// The one message protocol between content scripts, extension pages and the background (which owns the DB).
// Every message is validated on receipt: a content script runs beside code we do not control.
import * as v from 'valibot';
import { AUTHOR_KINDS } from './adapters/types';
import type { Settings } from './settings';
import type { Suggestion } from './suggest';
import {
  CONVERSATION_STATES,
  FALSE_REASONS,
  RESOLUTION_KINDS,
  VENDORS,
  VERDICTS,
  type ConversationKey,
  type VerdictEvent,
} from './verdict';

const MAX_TEXT = 1_000_000; // one message of a transcript; a hostile page can render anything
const MAX_NOTE = 10_000;

const ConversationKeySchema = v.object({
  vendor: v.picklist(VENDORS),
  workspace: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  conversationId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

const VendorClaimSchema = v.object({
  state: v.picklist(CONVERSATION_STATES),
  resolution: v.picklist(RESOLUTION_KINDS),
  resolutionLabel: v.pipe(v.string(), v.maxLength(200)),
  url: v.pipe(v.string(), v.maxLength(4000)),
});

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
    key: ConversationKeySchema,
    verdict: v.picklist(VERDICTS),
    reason: v.nullable(v.picklist(FALSE_REASONS)),
    note: v.pipe(v.string(), v.maxLength(MAX_NOTE)),
    claim: VendorClaimSchema,
    suggested: v.nullable(v.picklist(VERDICTS)),
  }),
  v.check((m) => (m.verdict === 'false') === (m.reason !== null), 'reason: a false verdict needs a reason, others none'),
);

const GetCurrentSchema = v.object({ type: v.literal('verdict/current'), key: ConversationKeySchema });

const GetSettingsSchema = v.object({ type: v.literal('settings/get') });

const UpdateSettingsSchema = v.object({
  type: v.literal('settings/update'),
  settings: v.partial(
    v.object({
      reviewerName: v.pipe(v.string(), v.trim(), v.maxLength(120)),
      keepTranscripts: v.boolean(),
    }),
  ),
});

export const RequestSchema = v.variant('type', [
  SeenSchema,
  RecordSchema,
  GetCurrentSchema,
  GetSettingsSchema,
  UpdateSettingsSchema,
]);
export type Request = v.InferOutput<typeof RequestSchema>;
export type SeenRequest = v.InferOutput<typeof SeenSchema>;
export type RecordRequest = v.InferOutput<typeof RecordSchema>;

/** What each request answers, by type. */
export interface ResponseMap {
  'conversation/seen': { current: VerdictEvent | null; settings: Settings };
  'verdict/record': { event: VerdictEvent; current: VerdictEvent };
  'verdict/current': { current: VerdictEvent | null };
  'settings/get': Settings;
  'settings/update': Settings;
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: string };

/** Pushed by the background to helpdesk tabs and extension pages after a commit. */
export type Broadcast =
  | { type: 'verdict/changed'; convKey: string; current: VerdictEvent }
  | { type: 'settings/changed'; settings: Settings };

export function parseRequest(message: unknown): { ok: true; request: Request } | { ok: false; error: string } {
  const result = v.safeParse(RequestSchema, message);
  if (result.success) return { ok: true, request: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, error: `Invalid message${path ? ` at ${path}` : ''}: ${issue.message}` };
}

export function isBroadcast(message: unknown): message is Broadcast {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'verdict/changed' || type === 'settings/changed';
}

type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

/** Sends a request to the background; rejects with the background's message when it refuses. */
export async function sendRequest<T extends Request['type']>(
  sendMessage: (message: unknown) => Promise<unknown>,
  request: RequestOf<T>,
): Promise<ResponseMap[T]> {
  const reply = (await sendMessage(request)) as Reply<ResponseMap[T]> | undefined;
  if (!reply) throw new Error('Recount background did not answer');
  if (!reply.ok) throw new Error(reply.error);
  return reply.data;
}

export type { ConversationKey, Suggestion };
