import { defineContentScript } from 'wxt/utils/define-content-script';
import { startHelpdesk } from '../../components/overlay/start';
import { zendeskAdapter } from '../../utils/adapters/zendesk';
import { ZENDESK_MATCHES } from '../../utils/adapters/hosts';

export default defineContentScript({
  matches: [...ZENDESK_MATCHES],
  // The overlay's CSS is inlined into the bundle and handed to the shadow root: no fetch at mount.
  cssInjectionMode: 'manual',
  main: (ctx) => startHelpdesk(ctx, () => zendeskAdapter),
});
