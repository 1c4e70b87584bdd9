import { render } from 'preact';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import overlayCss from '../overlay.css?inline';
import { VerdictBar, type BarState, type TagRequest } from '../VerdictBar';
import type { VendorAdapter } from '../../utils/adapters/types';
import { createPageController } from './controller';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

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

    const adapter = await resolveAdapter();
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
}
