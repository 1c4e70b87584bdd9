import { DEFAULT_CONTRACTS, type ContractTerms } from './contracts';
import type { LabelOverrides } from './page-labels';
import { VENDORS, type Vendor } from './verdict';

/** A contract's terms, less the unit price (kept in unitPrices, which the dashboard's figures use too). */
export type ContractSettings = Omit<ContractTerms, 'unitPrice'>;

/** Default unit prices (USD), the contracts' own; every one is editable. */
export const DEFAULT_UNIT_PRICES = Object.fromEntries(VENDORS.map((vendor) => [vendor, DEFAULT_CONTRACTS[vendor].unitPrice])) as Record<Vendor, number>;

export interface Settings {
  /** Name saved on every tag; empty until the reviewer sets it ("unnamed reviewer" is saved meanwhile). */
  reviewerName: string;
  /** Keep the transcript text of conversations read; off keeps only its digest and counts. */
  keepTranscripts: boolean;
  /** Price of one billed unit per vendor, for "money at stake". */
  unitPrices: Record<Vendor, number>;
  /** Contract terms per vendor, for reconciliation and spot checks. */
  contracts: Record<Vendor, ContractSettings>;
  /**
   * Page words read by the built-in adapters, overridden for a console in another language or a renamed AI
   * agent. Keyed `vendor:*` (every workspace) or `vendor:workspace`; see utils/adapters/labels.ts.
   */
  pageLabels: Record<string, LabelOverrides>;
  /**
   * What a conversation a person handles costs the buyer (USD), and where that figure comes from (e.g. "BPO
   * contract, $2.80"): the spot checks set the AI's cost per genuine resolution beside it. Null until given.
   */
  humanCost: { amount: number; source: string } | null;
}

const withoutPrice = ({ unitPrice: _price, ...terms }: ContractTerms): ContractSettings => terms;

export const DEFAULT_SETTINGS: Settings = {
  reviewerName: '',
  keepTranscripts: true,
  unitPrices: DEFAULT_UNIT_PRICES,
  contracts: {
    intercom: withoutPrice(DEFAULT_CONTRACTS.intercom),
    zendesk: withoutPrice(DEFAULT_CONTRACTS.zendesk),
    salesforce: withoutPrice(DEFAULT_CONTRACTS.salesforce),
    custom: withoutPrice(DEFAULT_CONTRACTS.custom),
  },
  pageLabels: {},
  humanCost: null,
};

/** The terms reconciliation works with: the contract and the unit price together. */
export function contractFor(settings: Settings, vendor: Vendor): ContractTerms {
  return { ...settings.contracts[vendor], unitPrice: settings.unitPrices[vendor] };
}

export type SettingsPatch = Partial<Omit<Settings, 'unitPrices' | 'contracts' | 'pageLabels'>> & {
  /** One key's overrides replaced; null removes the key. */
  pageLabels?: Record<string, LabelOverrides | null>;
  unitPrices?: Partial<Record<Vendor, number>>;
  contracts?: Partial<Record<Vendor, Partial<ContractSettings>>>;
};
