import { defineContentScript } from 'wxt/utils/define-content-script';
import { startHelpdesk } from '../../components/overlay/start';
import { salesforceAdapter } from '../../utils/adapters/salesforce';
import { SALESFORCE_MATCHES } from '../../utils/adapters/hosts';

export default defineContentScript({
  matches: [...SALESFORCE_MATCHES],
  // The overlay's CSS is inlined into the bundle and handed to the shadow root: no fetch at mount.
  cssInjectionMode: 'manual',
  main: (ctx) => startHelpdesk(ctx, () => salesforceAdapter),
});
