// Injected on demand by the background (scripting.executeScript), never listed in the manifest: the page
// outline for a "can't read this page" report, and a vendor-profile draft from the page. Kept out of the
// helpdesk content scripts so they stay small; what it returns is structure only (see utils/adapters/page-outline.ts).
import { defineContentScript } from 'wxt/utils/define-content-script';
import { pageOutline } from '../../utils/adapters/page-outline';
import { suggestProfileFromPage } from '../../utils/adapters/profile-from-outline';

/** Set by the background in the same isolated world just before this file runs. */
type PageTool = 'outline' | 'suggest';

export default defineContentScript({
  registration: 'runtime',
  matches: [],
  main() {
    const tool = (globalThis as { __recountPageTool?: PageTool }).__recountPageTool;
    const url = new URL(location.href);
    if (tool === 'outline') return { outline: pageOutline(document, { url }) };
    if (tool === 'suggest') return { suggestion: suggestProfileFromPage(document, url) };
    return null;
  },
});
