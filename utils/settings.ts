import type { Vendor } from './verdict';

/** Default unit prices from the vendors' public terms (shared/vendors.md), in USD; every one is editable. */
export const DEFAULT_UNIT_PRICES: Record<Vendor, number> = {
  intercom: 0.99, // per outcome
  zendesk: 1.5, // per automated resolution, committed ($2.00 pay-as-you-go)
  salesforce: 2, // per 24 h conversation window
  custom: 0, // set it for your contract
};

export interface Settings {
  /** Name saved on every tag; empty until the reviewer sets it ("unnamed reviewer" is saved meanwhile). */
  reviewerName: string;
  /** Keep the transcript text of conversations read; off keeps only its digest and counts. */
  keepTranscripts: boolean;
  /** Price of one billed unit per vendor, for "money at stake". */
  unitPrices: Record<Vendor, number>;
}

export const DEFAULT_SETTINGS: Settings = { reviewerName: '', keepTranscripts: true, unitPrices: DEFAULT_UNIT_PRICES };

export type SettingsPatch = Partial<Omit<Settings, 'unitPrices'>> & { unitPrices?: Partial<Record<Vendor, number>> };
