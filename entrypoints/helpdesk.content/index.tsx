import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import overlayCss from '../../components/overlay.css?inline';
import { VerdictBar, type BarState, type TagRequest } from '../../components/VerdictBar';
import { adapterForHost } from '../../utils/adapters';
import { HELPDESK_MATCHES } from '../../utils/adapters/hosts';
import { createPageController } from './controller';

export default defineContentScript({
  matches: [...HELPDESK_MATCHES],
  // The overlay's CSS is inlined into the bundle and handed to the shadow root: no fetch at mount.
  cssInjectionMode: 'manual',
  async main(ctx) {
    const adapter = adapterForHost(location.hostname);
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
