// Intercom's own API as a second witness to Fin's claim, owned by the background. The buyer's access token
// lives in browser.storage.local (never IndexedDB, so never in an export, backup or bundle) and only this
// module reads it. Nothing is sent anywhere until the user saved a token; then only to the chosen region's
// host, which the user granted at that moment (optional host permission).
import type { BilledRead } from './billed-list';
import {
  billedReadFromSearch,
  createIntercomApi,
  INTERCOM_API_HOSTS,
  isIntercomApiError,
  type ApiConversationClaim,
  type IntercomApi,
  type IntercomRegion,
  type IntercomWait,
  type SearchProgress,
} from './intercom-api';

/** The storage.local key; its value is `StoredIntercomApi`. */
export const INTERCOM_API_STORAGE_KEY = 'recount.intercomApi';
/** The API version asked for: its `resolution_state` words include procedure handoffs (billed since March 2026). */
const WITNESS_API_VERSION = '2.15';
/** A conversation's API answer is reused this long: opening it again soon asks nothing. */
export const WITNESS_CACHE_MS = 60_000;

interface StoredIntercomApi {
  region: IntercomRegion;
  token: string;
  workspaceName: string;
}

export interface IntercomApiStatus {
  configured: boolean;
  region: IntercomRegion | null;
  host: string | null;
  workspaceName: string | null;
}

/** The API's word on one conversation, or why there is none. */
export type ApiWitness = { ok: true; claim: ApiConversationClaim } | { ok: false; error: string };

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

interface WitnessDeps {
  store: KeyValueStore;
  fetch: typeof fetch;
  /** Whether the user granted this origin pattern (e.g. https://api.intercom.io/*). */
  hasAccess(originPattern: string): Promise<boolean>;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  timeoutMs?: number;
}

const originPatternOf = (region: IntercomRegion) => `${INTERCOM_API_HOSTS[region]}/*`;

function isStored(value: unknown): value is StoredIntercomApi {
  const v = value as Partial<StoredIntercomApi> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.token === 'string' && typeof v.workspaceName === 'string' && typeof v.region === 'string' && v.region in INTERCOM_API_HOSTS
  );
}

/** An error's message, which the API client already keeps free of the token. */
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createIntercomWitness(deps: WitnessDeps) {
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { at: number; witness: ApiWitness }>();
  const inFlight = new Map<string, Promise<ApiWitness | null>>();
  let pull: AbortController | null = null;

  const stored = async (): Promise<StoredIntercomApi | null> => {
    const value = await deps.store.get(INTERCOM_API_STORAGE_KEY);
    return isStored(value) ? value : null;
  };

  const apiFor = (region: IntercomRegion, token: string, onWait?: (wait: IntercomWait) => void): IntercomApi =>
    createIntercomApi({ region, token, fetch: deps.fetch, now, sleep: deps.sleep, timeoutMs: deps.timeoutMs, version: WITNESS_API_VERSION, onWait });

  /** The API for the saved token, after checking the user still grants its host. */
  const connected = async (onWait?: (wait: IntercomWait) => void): Promise<IntercomApi | null> => {
    const config = await stored();
    if (!config) return null;
    if (!(await deps.hasAccess(originPatternOf(config.region)))) {
      throw new Error(`Recount has no access to ${INTERCOM_API_HOSTS[config.region]}: grant it again in Settings › Intercom API.`);
    }
    return apiFor(config.region, config.token, onWait);
  };

  return {
    async status(): Promise<IntercomApiStatus> {
      const config = await stored();
      return config
        ? { configured: true, region: config.region, host: INTERCOM_API_HOSTS[config.region], workspaceName: config.workspaceName }
        : { configured: false, region: null, host: null, workspaceName: null };
    },

    /** Tests the token with GET /me and keeps it only if Intercom accepts it. */
    async connect(region: IntercomRegion, token: string): Promise<IntercomApiStatus> {
      if (!(await deps.hasAccess(originPatternOf(region)))) {
        throw new Error(`Recount has no access to ${INTERCOM_API_HOSTS[region]}: allow it when the browser asks.`);
      }
      const me = await apiFor(region, token.trim()).me();
      await deps.store.set(INTERCOM_API_STORAGE_KEY, { region, token: token.trim(), workspaceName: me.workspaceName } satisfies StoredIntercomApi);
      cache.clear();
      return { configured: true, region, host: INTERCOM_API_HOSTS[region], workspaceName: me.workspaceName };
    },

    async forget(): Promise<void> {
      pull?.abort();
      await deps.store.remove(INTERCOM_API_STORAGE_KEY);
      cache.clear();
    },

    /**
     * The API's claim for one conversation: null when no token is set; cached a minute; one request in flight
     * per conversation, however many tabs ask.
     */
    async witness(conversationId: string): Promise<ApiWitness | null> {
      const cached = cache.get(conversationId);
      if (cached && now() - cached.at < WITNESS_CACHE_MS) return cached.witness;
      const running = inFlight.get(conversationId);
      if (running) return running;
      const ask = (async (): Promise<ApiWitness | null> => {
        let api: IntercomApi | null;
        try {
          api = await connected();
        } catch (error) {
          return { ok: false, error: messageOf(error) };
        }
        if (!api) return null;
        let witness: ApiWitness;
        try {
          witness = { ok: true, claim: await api.getConversation(conversationId) };
        } catch (error) {
          witness = { ok: false, error: isIntercomApiError(error) ? error.message : 'Intercom API: the request failed' };
        }
        cache.set(conversationId, { at: now(), witness });
        return witness;
      })().finally(() => inFlight.delete(conversationId));
      inFlight.set(conversationId, ask);
      return ask;
    },

    /**
     * The vendor's own list of billed outcomes for a period, read like an uploaded Intercom API file. One pull
     * at a time; `cancelPull` stops it and nothing is kept.
     */
    async pull(
      from: number,
      to: number,
      onProgress: (progress: SearchProgress & { waitingUntil: number | null }) => void,
    ): Promise<BilledRead> {
      if (pull) throw new Error('A pull from Intercom is already running.');
      const controller = new AbortController();
      pull = controller;
      let last: SearchProgress = { page: 0, totalPages: null, fetched: 0 };
      try {
        const api = await connected((wait) => onProgress({ ...last, waitingUntil: wait.until }));
        if (!api) throw new Error('No Intercom API token is set: add one in Settings › Intercom API.');
        const result = await api.searchBilled({
          from,
          to,
          signal: controller.signal,
          onProgress: (progress) => {
            last = progress;
            onProgress({ ...progress, waitingUntil: null });
          },
        });
        return billedReadFromSearch(result.conversations);
      } finally {
        pull = null;
      }
    },

    cancelPull(): boolean {
      if (!pull) return false;
      pull.abort();
      return true;
    },
  };
}

export type IntercomWitness = ReturnType<typeof createIntercomWitness>;
