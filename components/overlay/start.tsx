import { render } from 'preact';
import { browser } from '@wxt-dev/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { VendorAdapter } from '../../utils/adapters/types';
import overlayCss from './overlay.css?inline';
import { VerdictBar } from './VerdictBar';
import { type BarState, type TagRequest } from './bar-state';
import { createPageController } from './controller';
import { isBroadcast, request, sendRequestsOnPort } from '../../utils/transport/protocol';
import { BAR_DOCK_DEFAULT, BAR_DOCKS, type BarDock, type Settings } from '../../utils/model/settings';

/**
 * The overlay's home: one element at the end of <body> with an open shadow root, so the vendor's styles can't
 * reach in (and ours can't leak out), with its CSS inlined (no fetch at mount). Hand-written rather than WXT's
 * createShadowRootUi, whose auto-mount machinery we don't use but would load into every helpdesk page.
 */
function mountShadowHost(ctx: ContentScriptContext) {
  const host = document.createElement('recount-verdict');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  // The reset first: the host page's inherited styles stop at our host.
  style.textContent = `:host{all:initial !important;}\n${overlayCss}`;
  const container = document.createElement('div');
  shadow.append(style, container);
  // Keystrokes typed in our bar must not reach the vendor's hotkey handlers.
  for (const type of ['keydown', 'keyup', 'keypress']) shadow.addEventListener(type, (event) => event.stopPropagation());
  const attach = () => {
    if (!host.isConnected) (document.body ?? document.documentElement).append(host);
  };
  attach();
  ctx.onInvalidated(() => {
    render(null, container);
    host.remove();
  });
  return { container, attach, host };
}

/**
 * The bar's corner on this helpdesk host, as saved in the settings (Move on the bar), followed when another tab
 * moves it; `next` moves it to the following corner and saves that.
 */
function dockOn(host: HTMLElement) {
  const key = location.hostname.toLowerCase();
  const show = (dock: BarDock) => host.setAttribute('data-dock', dock);
  const take = (settings: Settings) => show(settings.barDock?.[key] ?? BAR_DOCK_DEFAULT);
  show(BAR_DOCK_DEFAULT);
  request({ type: 'settings/get' }).then(take, () => undefined);
  browser.runtime.onMessage.addListener((message: unknown) => {
    if (isBroadcast(message) && message.type === 'settings/changed') take(message.settings);
  });
  return () => {
    const now = host.getAttribute('data-dock') as BarDock;
    const next = BAR_DOCKS[(BAR_DOCKS.indexOf(now) + 1) % BAR_DOCKS.length];
    show(next);
    void request({ type: 'settings/update', settings: { barDock: { [key]: next } } }).catch(() => undefined);
  };
}

/**
 * Everything a helpdesk content script does once it has its adapter: mount the shadow-root overlay and start
 * the page controller. Each vendor has its own small content script (entrypoints/*.content) that passes its
 * adapter, so a page loads only the code for its own helpdesk.
 */
export async function startHelpdesk(ctx: ContentScriptContext, resolveAdapter: () => Promise<VendorAdapter | null> | VendorAdapter | null) {
  // Injected twice (registered for a profile and injected into an open tab)? One instance is enough.
  const world = globalThis as { __recountLoaded?: boolean };
  if (world.__recountLoaded) return;
  world.__recountLoaded = true;
  sendRequestsOnPort();

  const adapter = await resolveAdapter();
  if (!adapter) return;

  const { container, attach, host } = mountShadowHost(ctx);
  const move = dockOn(host);
  let onTag: (tag: TagRequest) => void = () => undefined;
  let falsePickerRequest = 0;
  let lastState: BarState = { kind: 'hidden' };
  const outline = () => request({ type: 'page/outline' }).then((reply) => reply.outline);
  const draw = (state: BarState) => {
    lastState = state;
    // A single-page app may rebuild <body>'s children; put the overlay back if it went with them.
    if (state.kind !== 'hidden') attach();
    render(<VerdictBar state={state} onTag={onTag} falsePickerRequest={falsePickerRequest} onOutline={outline} onMove={move} />, container);
  };

  const controller = createPageController(ctx, adapter, {
    draw,
    openFalsePicker: () => {
      falsePickerRequest++;
      draw(lastState);
    },
  });
  onTag = controller.tag;
  draw(lastState);
}
