import { ensureSigningKey } from '../utils/store/signing';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { BUILT_IN_HELPDESKS, HELPDESK_MATCHES } from '../utils/adapters/hosts';
import { RecountDB } from '../utils/store/db';
import { handleMessage, type Platform } from '../utils/transport/handlers';
import type { ProfilePreview, VendorProfile } from '../utils/adapters/profiles';
import { createIntercomWitness } from '../utils/io/intercom-witness';
import { createTeamSync } from '../utils/io/team-sync';
import { openOffscreenPullHelper } from '../utils/transport/offscreen-pull';
import { isBroadcast, PAGE_ONLY_REQUESTS, type Broadcast, type TabRequest } from '../utils/transport/protocol';
import { isRequestEnvelope, REQUEST_PORT, type ReplyEnvelope } from '../utils/transport/request-port';
import { foldJournal, foldJournalLeftovers, JOURNAL_STORAGE_PREFIX, UNANSWERED_TAB_ENTRY_MS, useJournal } from '../utils/store/tag-journal';

/** Registered at runtime for profile hosts only (entrypoints/profile.content). */
const CONTENT_SCRIPT = '/content-scripts/profile.js' as const;
const PROFILE_SCRIPT_PREFIX = 'recount-profile-';
/** The built-in helpdesks' content scripts, registered while their hosts are granted (utils/adapters/hosts.ts). */
const HELPDESK_SCRIPT_PREFIX = 'recount-helpdesk-';

export default defineBackground(() => {
  // Dexie opens lazily on first use, so a worker woken by a message reopens the DB by itself.
  const db = new RecountDB();
  // The signing key exists from the first run, before any restore could bring another installation's chain.
  ensureSigningKey(db).catch((error) => console.error('[Recount] could not make the signing key', error));
  // The tag journal in storage.local (utils/store/tag-journal.ts): a helpdesk tab's tags, kept there by the tab
  // until their request reaches this worker, and tags saved while a pull or an import holds the log (another
  // engine than IndexedDB, which works through the bulk write's requests first). A stopped worker's go in now.
  const journalEntries = (stored: Record<string, unknown>) =>
    Object.entries(stored)
      .filter(([key]) => key.startsWith(JOURNAL_STORAGE_PREFIX))
      .map(([key, value]) => ({ id: key.slice(JOURNAL_STORAGE_PREFIX.length), value }));
  useJournal(db, {
    add: (entry) => browser.storage.local.set({ [`${JOURNAL_STORAGE_PREFIX}${entry.id}`]: entry }),
    all: async () => journalEntries(await browser.storage.local.get(null)),
    some: async (ids) => journalEntries(await browser.storage.local.get(ids.map((id) => `${JOURNAL_STORAGE_PREFIX}${id}`))),
    remove: (ids) => browser.storage.local.remove(ids.map((id) => `${JOURNAL_STORAGE_PREFIX}${id}`)),
  });
  void foldJournalLeftovers(db);
  // A tab's tag whose request never came (the tab closed the moment it saved it): still there a little later, it
  // is folded then. Its request, when it comes, records it and drops the entry first.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    const added = Object.keys(changes).filter((key) => key.startsWith(JOURNAL_STORAGE_PREFIX) && changes[key]?.oldValue === undefined && changes[key]?.newValue !== undefined);
    if (added.length === 0) return;
    const ids = added.map((key) => key.slice(JOURNAL_STORAGE_PREFIX.length));
    setTimeout(() => void foldJournal(db, undefined, ids), UNANSWERED_TAB_ENTRY_MS);
  });

  const hasHostAccess = (hostPattern: string) => browser.permissions.contains({ origins: [hostPattern] });

  // The helpdesks' URL patterns, read again after the profiles change (syncProfileScripts below): not on every tag.
  let helpdeskPatterns: Promise<string[]> | null = null;
  // Stateless fan-out (no ports to keep alive): every helpdesk tab, then every extension page.
  const broadcast = async (message: Broadcast) => {
    helpdeskPatterns ??= db.profiles.toArray().then((profiles) => [...HELPDESK_MATCHES, ...profiles.map((p) => p.hostPattern)]);
    const patterns = await helpdeskPatterns.catch(() => {
      helpdeskPatterns = null;
      return [...HELPDESK_MATCHES];
    });
    const tabs = await browser.tabs.query({ url: patterns }).catch(() => []);
    for (const tab of tabs) {
      if (tab.id !== undefined) browser.tabs.sendMessage(tab.id, message).catch(() => undefined);
    }
    browser.runtime.sendMessage(message).catch(() => undefined); // no extension page open: nothing to tell
  };

  /** One registered content script per profile whose host the user granted; none for the others. */
  const syncProfileScripts = async (profiles: readonly VendorProfile[]) => {
    helpdeskPatterns = Promise.resolve([...HELPDESK_MATCHES, ...profiles.map((p) => p.hostPattern)]);
    const registered = await browser.scripting.getRegisteredContentScripts();
    const ours = registered.filter((s) => s.id.startsWith(PROFILE_SCRIPT_PREFIX)).map((s) => s.id);
    if (ours.length > 0) await browser.scripting.unregisterContentScripts({ ids: ours });
    const granted: VendorProfile[] = [];
    for (const profile of profiles) if (await hasHostAccess(profile.hostPattern)) granted.push(profile);
    if (granted.length === 0) return;
    await browser.scripting.registerContentScripts(
      granted.map((profile) => ({
        id: `${PROFILE_SCRIPT_PREFIX}${profile.id}`,
        matches: [profile.hostPattern],
        js: [CONTENT_SCRIPT],
        runAt: 'document_idle' as const,
        persistAcrossSessions: true,
      })),
    );
    // Tabs already open on a newly granted host get the script now, not at their next load.
    for (const profile of granted) {
      const tabs = await browser.tabs.query({ url: profile.hostPattern });
      for (const tab of tabs) {
        if (tab.id === undefined) continue;
        const alreadyThere = await browser.tabs.sendMessage(tab.id, { type: 'recount/ping' }).catch(() => false);
        if (!alreadyThere) {
          await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [CONTENT_SCRIPT] }).catch(() => undefined);
        }
      }
    }
  };

  const previewInTab = async (profile: VendorProfile): Promise<ProfilePreview> => {
    if (!(await hasHostAccess(profile.hostPattern))) {
      throw new Error(`Recount has no access to ${profile.hostPattern} yet: grant it first.`);
    }
    const tabs = await browser.tabs.query({ url: profile.hostPattern });
    const tab = tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
    if (tab?.id === undefined) throw new Error(`Open a conversation on ${profile.hostPattern} in a tab, then preview again.`);
    const request: TabRequest = { type: 'profile/preview-run', profile };
    let reply = await browser.tabs.sendMessage(tab.id, request).catch(() => undefined);
    if (!reply) {
      await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [CONTENT_SCRIPT] });
      reply = await browser.tabs.sendMessage(tab.id, request);
    }
    return reply as ProfilePreview;
  };

  const intercom = createIntercomWitness({
    store: {
      get: async (key) => (await browser.storage.local.get(key))[key],
      set: (key, value) => browser.storage.local.set({ [key]: value }),
      remove: (key) => browser.storage.local.remove(key),
    },
    fetch: (input, init) => fetch(input, init),
    hasAccess: (origin) => browser.permissions.contains({ origins: [origin] }),
  });

  const storage = {
    get: async (key: string) => (await browser.storage.local.get(key))[key],
    set: (key: string, value: unknown) => browser.storage.local.set({ [key]: value }),
    remove: (key: string) => browser.storage.local.remove(key),
  };
  const team = createTeamSync({
    db,
    store: storage,
    fetch: (input, init) => fetch(input, init),
    hasAccess: (origin) => browser.permissions.contains({ origins: [origin] }),
    onStatus: (status) => void broadcast({ type: 'team/status-changed', status }),
    // Chrome: a pull's pages are checked in a worker (tags meanwhile are answered at once); elsewhere here.
    pullHelper: openOffscreenPullHelper,
  });
  // A tick while the worker sleeps: events saved while the server was away go out once it is back, with no tag
  // or open page needed to wake the sync. (Chrome's shortest alarm period is 30 s; a minute is plenty.)
  const TEAM_ALARM = 'recount-team-sync';
  void browser.alarms.create(TEAM_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TEAM_ALARM) void team.tick().catch((e) => console.warn('[Recount] team log:', e instanceof Error ? e.message : e));
  });

  const PAGE_TOOLS = '/content-scripts/page-tools.js' as const;
  const platform: Platform = {
    intercom,
    team,
    async pageTool(tabId, tool) {
      await browser.scripting.executeScript({ target: { tabId }, func: (name: string) => void ((globalThis as { __recountPageTool?: string }).__recountPageTool = name), args: [tool] });
      const [result] = await browser.scripting.executeScript({ target: { tabId }, files: [PAGE_TOOLS] });
      return result?.result ?? null;
    },
    async tabFor(url) {
      const { origin } = new URL(url);
      if (!(await hasHostAccess(`${origin}/*`))) return null;
      const tabs = await browser.tabs.query({ url: `${origin}/*` });
      const exact = tabs.find((t) => t.url === url);
      return (exact ?? tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0])?.id ?? null;
    },
    async openInTab(url, tabId) {
      if (tabId === null) return void (await browser.tabs.create({ url }));
      const tab = await browser.tabs.update(tabId, { url, active: true });
      if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
    },
    // After the reply: the tab that tagged hears "saved" first, the other tabs a moment later.
    broadcast: (message) => void setTimeout(() => void broadcast(message), 0),
    hasHostAccess,
    syncProfileScripts,
    previewInTab,
    // Progress goes to extension pages only: helpdesk tabs have no use for it.
    notifyPages: (message) => void browser.runtime.sendMessage(message).catch(() => undefined),
  };

  /**
   * Each built-in helpdesk's content script registered exactly while all its hosts are granted. Tabs already open
   * on a newly granted helpdesk get it now (a second injection is a no-op: startHelpdesk runs once per page).
   */
  const syncHelpdeskScripts = async () => {
    const registered = new Set((await browser.scripting.getRegisteredContentScripts()).map((s) => s.id));
    for (const helpdesk of BUILT_IN_HELPDESKS) {
      const id = `${HELPDESK_SCRIPT_PREFIX}${helpdesk.id}`;
      const granted = await browser.permissions.contains({ origins: [...helpdesk.matches] });
      if (granted && !registered.has(id)) {
        await browser.scripting.registerContentScripts([{ id, matches: [...helpdesk.matches], js: [helpdesk.script], runAt: 'document_idle', persistAcrossSessions: true }]);
        for (const tab of await browser.tabs.query({ url: [...helpdesk.matches] })) {
          if (tab.id !== undefined) await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [helpdesk.script] }).catch(() => undefined);
        }
      } else if (!granted && registered.has(id)) await browser.scripting.unregisterContentScripts({ ids: [id] });
    }
  };
  // One at a time: two permission events in a row must not both register the same script.
  let syncing: Promise<void> = Promise.resolve();
  const syncHelpdesks = () => (syncing = syncing.then(syncHelpdeskScripts).catch((e) => console.warn('[Recount]', e)));
  void syncHelpdesks();

  // Access granted or withdrawn (by our prompt or in the browser's settings): follow it.
  const resync = () => {
    void syncHelpdesks();
    void db.profiles.toArray().then(syncProfileScripts).catch((e) => console.warn('[Recount]', e));
  };
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
  browser.runtime.onInstalled.addListener((details) => {
    resync();
    // A new installation starts at the welcome page: name, helpdesks, shortcuts, what is stored where.
    if (details.reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });

  // Upload parts from extension pages arrive by postMessage, structured-cloned (see partSender in
  // utils/transport/uploads.ts). Only our own pages can reach this worker; only parts come this way.
  interface PartMessageEvent extends MessageEvent {
    waitUntil(promise: Promise<unknown>): void;
  }
  self.addEventListener('message', (event) => {
    const message = event as PartMessageEvent;
    const port = message.ports[0];
    if (!port || message.origin !== location.origin || (message.data as { type?: unknown } | null)?.type !== 'upload/part') return;
    message.waitUntil(handleMessage(db, message.data, platform).then((reply) => port.postMessage(reply)));
  });

  const extensionPage = browser.runtime.getURL('/');
  interface Sender {
    url?: string;
    tab?: { id?: number };
  }
  const answer = (message: unknown, sender: Sender | undefined): Promise<unknown> => {
    // The token and the pull are the dashboard's business: a content script (its sender URL is the helpdesk
    // page's) cannot reach them. An extension page opened in a tab has a tab too, so the URL decides.
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && PAGE_ONLY_REQUESTS.includes(type) && !sender?.url?.startsWith(extensionPage)) {
      return Promise.resolve({ ok: false, error: 'Refused: only Recount’s own pages may do that' });
    }
    return handleMessage(db, message, platform, { tabId: sender?.tab?.id ?? null });
  };
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender, sendResponse: (r: unknown) => void) => {
    if (isBroadcast(message)) return false; // our own broadcasts echo here; they are not requests
    void answer(message, sender).then(sendResponse);
    return true; // keeps the channel open until the transaction has committed
  });
  // Helpdesk tabs' requests (utils/transport/request-port.ts): the same answers, by id on the tab's port.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== REQUEST_PORT) return;
    port.onMessage.addListener((envelope: unknown) => {
      if (!isRequestEnvelope(envelope)) return;
      void answer(envelope.message, port.sender).then((reply) => {
        try {
          port.postMessage({ id: envelope.id, reply } satisfies ReplyEnvelope);
        } catch {
          // The tab closed or navigated before its answer: nobody is waiting for it.
        }
      });
    });
  });
});
