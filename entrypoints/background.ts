import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { HELPDESK_MATCHES } from '../utils/adapters/hosts';
import { RecountDB } from '../utils/db';
import { handleMessage } from '../utils/handlers';
import { isBroadcast, type Broadcast } from '../utils/protocol';

export default defineBackground(() => {
  // Dexie opens lazily on first use, so a worker woken by a message reopens the DB by itself.
  const db = new RecountDB();

  // Stateless fan-out (no ports to keep alive): every helpdesk tab, then every extension page.
  const broadcast = (message: Broadcast) => {
    void browser.tabs.query({ url: [...HELPDESK_MATCHES] }).then((tabs) => {
      for (const tab of tabs) {
        if (tab.id !== undefined) browser.tabs.sendMessage(tab.id, message).catch(() => undefined);
      }
    });
    browser.runtime.sendMessage(message).catch(() => undefined); // no extension page open: nothing to tell
  };

  browser.runtime.onMessage.addListener((message: unknown, _sender: unknown, sendResponse: (r: unknown) => void) => {
    if (isBroadcast(message)) return false; // our own broadcasts echo here; they are not requests
    void handleMessage(db, message, broadcast).then(sendResponse);
    return true; // keeps the channel open until the transaction has committed
  });
});
