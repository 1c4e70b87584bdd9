import { intercomAdapter } from './intercom';
import { salesforceAdapter } from './salesforce';
import { zendeskAdapter } from './zendesk';
import type { VendorAdapter } from './types';

/** Every vendor adapter; adding a vendor is one file and one line here. */
export const ADAPTERS: readonly VendorAdapter[] = [intercomAdapter, zendeskAdapter, salesforceAdapter];

export function adapterForHost(hostname: string): VendorAdapter | null {
  return ADAPTERS.find((adapter) => adapter.matchesHost(hostname)) ?? null;
}
