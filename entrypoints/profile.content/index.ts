// The content script for hosts of user-defined vendor profiles. Not in the manifest: the background registers
// it for each profile host the user granted (scripting.registerContentScripts), and injects it into open tabs.
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startHelpdesk } from '../../components/overlay/start';
import { createProfileAdapter, previewProfile } from '../../utils/adapters/profiles';
import { isTabRequest, request } from '../../utils/transport/protocol';

/** On a host the user added through a vendor profile, that profile is the adapter. */
async function profileAdapterFor(url: string) {
  const reply = await request({ type: 'profile/for-url', url }).catch(() => null);
  return reply?.profile ? createProfileAdapter(reply.profile) : null;
}

/** The background asks: "are you there?" and "what does this profile read on your page?" (live preview). */
function listenForTabRequests(ctx: ContentScriptContext) {
  const listener = (message: unknown) => {
    if ((message as { type?: string } | null)?.type === 'recount/ping') return Promise.resolve(true);
    if (isTabRequest(message)) return Promise.resolve(previewProfile(message.profile, document, new URL(location.href)));
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}

export default defineContentScript({
  registration: 'runtime',
  matches: [],
  cssInjectionMode: 'manual',
  main(ctx) {
    const world = globalThis as { __recountProfileListener?: boolean };
    if (!world.__recountProfileListener) {
      world.__recountProfileListener = true;
      listenForTabRequests(ctx);
    }
    return startHelpdesk(ctx, () => profileAdapterFor(location.href));
  },
});
