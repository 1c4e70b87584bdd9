import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import overlayCss from '../../components/overlay.css?inline';
import { VerdictBar, type BarState, type TagRequest } from '../../components/VerdictBar';
import { adapterForHost } from '../../utils/adapters';
import { HELPDESK_MATCHES } from '../../utils/adapters/hosts';
import { createPageController } from './controller';
import { createProfileAdapter, previewProfile } from '../../utils/profiles';
import { isTabRequest, sendRequest } from '../../utils/protocol';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** On a host the user added through a vendor profile, that profile is the adapter. */
async function profileAdapterFor(url: string) {
  const reply = await sendRequest((m) => browser.runtime.sendMessage(m), { type: 'profile/for-url', url }).catch(() => null);
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
  matches: [...HELPDESK_MATCHES],
  // The overlay's CSS is inlined into the bundle and handed to the shadow root: no fetch at mount.
  cssInjectionMode: 'manual',
  async main(ctx) {
    // Injected twice (registered for a profile and injected into an open tab)? One instance is enough.
    const world = globalThis as { __recountLoaded?: boolean };
    if (world.__recountLoaded) return;
    world.__recountLoaded = true;
    listenForTabRequests(ctx);

    const adapter = adapterForHost(location.hostname) ?? (await profileAdapterFor(location.href));
    if (!adapter) return;

    let container: HTMLElement | null = null;
    let onTag: (tag: TagRequest) => void = () => undefined;
    let falsePickerRequest = 0;
    let lastState: BarState = { kind: 'hidden' };
    const draw = (state: BarState) => {
      lastState = state;
      if (container) render(<VerdictBar state={state} onTag={onTag} falsePickerRequest={falsePickerRequest} />, container);
    };

    const ui = await createShadowRootUi(ctx, {
      name: 'recount-verdict',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      css: overlayCss,
      // Keystrokes typed in our bar must not reach the vendor's hotkey handlers.
      isolateEvents: ['keydown', 'keyup', 'keypress'],
      onMount(uiContainer) {
        container = uiContainer;
        draw(lastState);
      },
      onRemove() {
        if (container) render(null, container);
        container = null;
      },
    });
    ui.mount();

    const controller = createPageController(ctx, adapter, {
      draw,
      openFalsePicker: () => {
        falsePickerRequest++;
        draw(lastState);
      },
    });
    onTag = controller.tag;
    draw(lastState);
  },
});
