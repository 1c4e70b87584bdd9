// Adapter health from a helpdesk tab: a failure once per page kind and marker set, a success once per page kind
// and whenever it heals, so Diagnostics learns what broke without a message per read.
import type { VendorAdapter } from '../../utils/adapters/types';
import type { Request } from '../../utils/transport/protocol';

/** The page's path with ids folded, e.g. /a/inbox/:id/inbox/shared/all/conversation/:id */
function urlPatternOf(pathname: string): string {
  return pathname.replace(/\/[^/]*\d[^/]*/g, '/:id');
}

export function createHealthReporter(adapter: VendorAdapter, lookedFor: () => string | undefined, send: (report: Extract<Request, { type: 'health/report' }>) => Promise<unknown>) {
  const said = new Map<string, string>();
  return (missing: string[]) => {
    const urlPattern = urlPatternOf(location.pathname);
    const markers = missing.join('|');
    if (said.get(urlPattern) === markers) return;
    said.set(urlPattern, markers);
    const words = lookedFor();
    send({ type: 'health/report', vendor: adapter.vendor, adapter: adapter.label, urlPattern, missing, ...(words ? { lookedFor: words } : {}) }).catch(() => undefined);
  };
}
