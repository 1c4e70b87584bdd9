import { defineContentScript } from 'wxt/utils/define-content-script';
import { startHelpdesk } from '../../components/overlay/start';
import { intercomAdapter } from '../../utils/adapters/intercom';

export default defineContentScript({
  // Registered by the background while the user grants Intercom's hosts (INTERCOM_MATCHES): not in the manifest,
  // so installing grants nothing.
  registration: 'runtime',
  matches: [],
  // The overlay's CSS is inlined into the bundle and handed to the shadow root: no fetch at mount.
  cssInjectionMode: 'manual',
  main: (ctx) => startHelpdesk(ctx, () => intercomAdapter),
});
