// The background's answers to protocol requests. Kept apart from the entrypoint so tests drive it directly.
import {
  currentVerdictFor,
  getSettings,
  recordConversationSeen,
  recordVerdict,
  updateSettings,
  type RecountDB,
} from './db';
import { parseRequest, type Broadcast, type Reply, type Request, type ResponseMap } from './protocol';

export type Broadcaster = (message: Broadcast) => void;

async function answer(db: RecountDB, request: Request, broadcast: Broadcaster): Promise<unknown> {
  switch (request.type) {
    case 'conversation/seen': {
      await recordConversationSeen(db, request.conversation, request.suggestion);
      const [current, settings] = await Promise.all([
        currentVerdictFor(db, request.conversation.key),
        getSettings(db),
      ]);
      return { current, settings } satisfies ResponseMap['conversation/seen'];
    }
    case 'verdict/record': {
      const { type: _type, ...input } = request;
      const result = await recordVerdict(db, input);
      broadcast({ type: 'verdict/changed', convKey: result.event.convKey, current: result.current });
      return result satisfies ResponseMap['verdict/record'];
    }
    case 'verdict/current':
      return { current: await currentVerdictFor(db, request.key) } satisfies ResponseMap['verdict/current'];
    case 'settings/get':
      return (await getSettings(db)) satisfies ResponseMap['settings/get'];
    case 'settings/update': {
      const settings = await updateSettings(db, request.settings);
      broadcast({ type: 'settings/changed', settings });
      return settings satisfies ResponseMap['settings/update'];
    }
  }
}

/** Validates, answers, and never throws: every failure becomes `{ ok: false, error }` for the sender. */
export async function handleMessage(db: RecountDB, message: unknown, broadcast: Broadcaster): Promise<Reply<unknown>> {
  const parsed = parseRequest(message);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  try {
    return { ok: true, data: await answer(db, parsed.request, broadcast) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
