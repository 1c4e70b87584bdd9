import { defineContentScript } from 'wxt/utils/define-content-script';
import { startHelpdesk } from '../../components/overlay/start';
import { zendeskAdapter } from '../../utils/adapters/zendesk';

export default defineContentScript({
  // Registered by the background while the user grants Zendesk's hosts (ZENDESK_MATCHES): not in the manifest,
  // so installing grants nothing.
  registration: 'runtime',
  matches: [],
  // The overlay's CSS is inlined into the bundle and handed to the shadow root: no fetch at mount.
  cssInjectionMode: 'manual',
  main: (ctx) => startHelpdesk(ctx, () => zendeskAdapter),
});
