import * as v from 'valibot';
import { DEFAULT_CONTRACTS, OwnDefinitionSchema, PRICING_MODELS, type ContractTerms } from './contracts';
import type { LabelOverrides } from './page-labels';
import { RESOLUTION_KINDS, VENDORS, type Vendor } from './verdict';

/** A contract's terms, less the unit price (kept in unitPrices, which the dashboard's figures use too). */
export type ContractSettings = Omit<ContractTerms, 'unitPrice'>;

/** Default unit prices (USD), the contracts' own; every one is editable. */
// Built by calls marked pure (with nothing read in their arguments): a content script that imports this module for
// something else then drops the defaults whole.
const unitPricesOf = (contracts: Record<Vendor, ContractTerms>) => Object.fromEntries(VENDORS.map((vendor) => [vendor, contracts[vendor].unitPrice])) as Record<Vendor, number>;
export const DEFAULT_UNIT_PRICES = /* @__PURE__ */ unitPricesOf(DEFAULT_CONTRACTS);

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
   * Each vendor profile's own unit price and contract terms, by profile id (a profile's conversations are vendor
   * `custom`, workspace = the profile's id). A profile without an entry, or a field its entry lacks, takes the
   * `custom` defaults above (`unitPrices.custom`, `contracts.custom`): see contractFor.
   */
  profileTerms: Record<string, ProfileTerms>;
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
  /** Where the verdict bar sits on each helpdesk host (Move on the bar); absent: BAR_DOCK_DEFAULT. */
  barDock: Record<string, BarDock>;
}

/** The corners the verdict bar can be docked in. */
export const BAR_DOCKS = ['bottom-left', 'top-left', 'top-right', 'bottom-right'] as const;
export type BarDock = (typeof BAR_DOCKS)[number];
/**
 * Bottom left by default: every supported helpdesk puts the reply composer's Send button at its bottom right, and
 * the bar must not cover it.
 */
export const BAR_DOCK_DEFAULT: BarDock = 'bottom-left';
/** Helpdesk host names (as location.hostname gives them) to corners: what the bar saves, and restore accepts. */
export const BarDockMapSchema = v.pipe(
  v.record(v.pipe(v.string(), v.regex(/^[a-z0-9.-]{1,253}$/, 'a host name')), v.picklist(BAR_DOCKS)),
  v.check((r) => Object.keys(r).length <= 50, 'at most 50 helpdesk hosts'),
);

/** A profile's id, as the profile form checks it (utils/adapters/profile-validation.ts): the key of its terms. */
export const PROFILE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

const Price = v.pipe(v.number(), v.minValue(0, 'expected at least 0'), v.maxValue(10_000, 'expected at most 10000'));
const whole = (min: number, max: number) => v.pipe(v.number(), v.integer('expected a whole number'), v.minValue(min, `expected at least ${min}`), v.maxValue(max, `expected at most ${max}`));

/**
 * One vendor profile's own terms: each field optional (absent: the `custom` default's). The one schema for them,
 * used by the settings/update message (utils/transport/protocol.ts) and by a restore (utils/store/backup-schema.ts),
 * so both refuse a bad value naming its field (`profileTerms.<id>.unitPrice`). Strict: a field Recount never
 * writes is refused; an array is not an object here (an all-optional object schema would take one).
 */
export const ProfileTermsSchema = v.pipe(
  v.unknown(),
  v.check((x) => !Array.isArray(x), 'expected an object, found an array'),
  v.strictObject({
    unitPrice: v.optional(Price),
    pricingModel: v.optional(v.picklist(PRICING_MODELS)),
    billableClaims: v.optional(v.pipe(v.array(v.picklist(RESOLUTION_KINDS)), v.maxLength(20, 'expected at most 20 claims'))),
    recontactDays: v.optional(whole(0, 365)),
    tolerableFalseRate: v.optional(v.pipe(v.number(), v.minValue(0, 'expected at least 0'), v.maxValue(1, 'expected at most 1'))),
    comparisonPrices: v.optional(v.strictObject({ per_resolution: v.optional(Price), per_conversation_window: v.optional(Price), per_action: v.optional(Price) })),
    ownDefinition: v.optional(v.nullable(OwnDefinitionSchema)),
  }),
);
/** A profile's own terms: a unit price and contract terms, any of them absent (then the `custom` default's). */
export type ProfileTerms = Partial<ContractTerms>;

const MAX_PROFILE_TERMS = 200;
const ProfileIdKey = v.pipe(v.string(), v.regex(PROFILE_ID_PATTERN, 'expected a profile id (2–40 lowercase letters, digits or dashes)'));
/** Settings.profileTerms as stored (and restored). */
export const ProfileTermsMapSchema = v.pipe(
  v.record(ProfileIdKey, ProfileTermsSchema),
  v.check((r) => Object.keys(r).length <= MAX_PROFILE_TERMS, 'expected at most ' + MAX_PROFILE_TERMS + " profiles' terms"),
);
/** A settings/update's profileTerms: each profile's fields to change (the others kept); null removes its entry. */
export const ProfileTermsPatchSchema = v.pipe(
  v.record(ProfileIdKey, v.nullable(ProfileTermsSchema)),
  v.check((r) => Object.keys(r).length <= MAX_PROFILE_TERMS, 'expected at most ' + MAX_PROFILE_TERMS + " profiles' terms"),
);

const withoutPrice = ({ unitPrice: _price, ...terms }: ContractTerms): ContractSettings => terms;
const withoutPrices = (contracts: Record<Vendor, ContractTerms>): Record<Vendor, ContractSettings> => ({
  intercom: withoutPrice(contracts.intercom),
  zendesk: withoutPrice(contracts.zendesk),
  salesforce: withoutPrice(contracts.salesforce),
  custom: withoutPrice(contracts.custom),
});

export const DEFAULT_SETTINGS: Settings = {
  reviewerName: '',
  keepTranscripts: true,
  unitPrices: DEFAULT_UNIT_PRICES,
  contracts: /* @__PURE__ */ withoutPrices(DEFAULT_CONTRACTS),
  pageLabels: {},
  humanCost: null,
  barDock: {},
  profileTerms: {},
};

/** A profile's own entry in Settings.profileTerms, or null (none, or no profile named). */
export function profileTermsOf(settings: Pick<Settings, 'profileTerms'>, profileId: string | null | undefined): ProfileTerms | null {
  const all = settings.profileTerms;
  return profileId && all && Object.hasOwn(all, profileId) ? all[profileId] : null;
}

/**
 * The terms reconciliation, spot checks and your own definition work with: the contract and the unit price
 * together. For a vendor profile (vendor `custom`, `workspace` its id), the profile's own terms over the `custom`
 * defaults; without a workspace, or for a profile with no entry, the `custom` defaults.
 */
export function contractFor(settings: Settings, vendor: Vendor, workspace?: string | null): ContractTerms {
  const terms: ContractTerms = { ...settings.contracts[vendor], unitPrice: settings.unitPrices[vendor] };
  const own = vendor === 'custom' ? profileTermsOf(settings, workspace) : null;
  if (own) for (const [field, value] of Object.entries(own)) if (value !== undefined) (terms as unknown as Record<string, unknown>)[field] = value;
  return terms;
}

/** Each profile's own unit price, by profile id: the profiles with one (the others cost `unitPrices.custom`). */
export function profileUnitPrices(settings: Pick<Settings, 'profileTerms'>): Record<string, number> {
  const prices: Record<string, number> = {};
  for (const [id, terms] of Object.entries(settings.profileTerms ?? {})) if (typeof terms.unitPrice === 'number') prices[id] = terms.unitPrice;
  return prices;
}

/** The price of one billed unit of a conversation: its vendor's, or for a profile's (custom, workspace = id) the profile's own. */
export function unitPriceFor(prices: Readonly<Record<Vendor, number>>, profilePrices: Readonly<Record<string, number>>, vendor: Vendor, workspace: string | null | undefined): number {
  if (vendor === 'custom' && workspace && Object.hasOwn(profilePrices, workspace)) return profilePrices[workspace];
  return prices[vendor] ?? 0;
}

/**
 * The settings patch that changes one vendor's terms (`unitPrice` in unitPrices, the rest in contracts), or, for a
 * vendor profile (custom with its id), that profile's own entry — never the other profiles'.
 */
export function termsPatch(vendor: Vendor, profileId: string | null | undefined, patch: Partial<ContractTerms>): SettingsPatch {
  if (vendor === 'custom' && profileId) return { profileTerms: { [profileId]: patch } };
  const { unitPrice, ...contract } = patch;
  return {
    ...(unitPrice !== undefined ? { unitPrices: { [vendor]: unitPrice } } : {}),
    ...(Object.keys(contract).length > 0 ? { contracts: { [vendor]: contract } } : {}),
  };
}

export type SettingsPatch = Partial<Omit<Settings, 'unitPrices' | 'contracts' | 'pageLabels' | 'barDock' | 'profileTerms'>> & {
  /** One profile's fields changed (its other fields kept); null removes its entry (back to the `custom` defaults). */
  profileTerms?: Record<string, ProfileTerms | null>;
  /** One host's corner set (the others kept). */
  barDock?: Record<string, BarDock>;
  /** One key's overrides replaced; null removes the key. */
  pageLabels?: Record<string, LabelOverrides | null>;
  unitPrices?: Partial<Record<Vendor, number>>;
  contracts?: Partial<Record<Vendor, Partial<ContractSettings>>>;
};
