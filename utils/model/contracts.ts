// A contract's terms: how the vendor bills, at what price, which of its claims it bills, and what the buyer
// tolerates. The one source of default prices (the settings' unit prices are read from here).
import * as v from 'valibot';
import type { ResolutionKind, Vendor } from './verdict';

/**
 * The buyer's own definition of a resolution, from signals Recount can see, counted beside the vendor's billed
 * claims. Each rule is on or off; a conversation meets the definition when it passes every rule that is on.
 */
export const OwnDefinitionSchema = v.strictObject({
  /** The customer did not come back for more help within this many days of the AI agent's last answer; null: rule off. */
  returnDays: v.nullable(v.pipe(v.number(), v.integer('expected whole days'), v.minValue(1, 'expected at least 1 day'), v.maxValue(365, 'expected at most 365 days'))),
  /** No negative rating (the vendor's page marked negative feedback) and no complaint from the customer after the AI's answer. */
  noNegative: v.boolean(),
  /** No teammate answered after the AI agent (nor did the vendor mark it handed to one). */
  noTeammateAfterAI: v.boolean(),
  /** Where a reviewer gave a verdict, it is genuine. */
  genuineWhenReviewed: v.boolean(),
});
export type OwnDefinition = v.InferOutput<typeof OwnDefinitionSchema>;

export const PRICING_MODELS = ['per_resolution', 'per_conversation_window', 'per_action'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

export interface ContractTerms {
  pricingModel: PricingModel;
  unitPrice: number;
  /** The vendor claims the contract bills. */
  billableClaims: ResolutionKind[];
  /**
   * Your contract's re-contact term, in days: a customer who comes back to the same conversation within it after
   * the outcome voids a resolution. Intercom's own rule needs none (a return deducts with no time limit), and an
   * Agentforce return opens a new billed window instead; so it applies to the other per-resolution vendors.
   */
  recontactDays: number;
  /** The false-resolution rate the contract tolerates (0.05 = 5%). */
  tolerableFalseRate: number;
  /** What the same month would cost under each pricing model: the prices to compare at (list prices by default). */
  comparisonPrices?: Partial<Record<PricingModel, number>>;
  /** The buyer's own definition of a resolution, counted beside the vendor's; absent or null: not set. */
  ownDefinition?: OwnDefinition | null;
}

/** Defaults from the vendors' public terms (docs/vendors.md); every one is shown and editable. */
export const DEFAULT_CONTRACTS: Record<Vendor, ContractTerms> = {
  intercom: { pricingModel: 'per_resolution', unitPrice: 0.99, billableClaims: ['confirmed', 'assumed', 'procedure_handoff'], recontactDays: 7, tolerableFalseRate: 0.05 },
  // Zendesk: per automated resolution, committed ($2.00 pay-as-you-go).
  zendesk: { pricingModel: 'per_resolution', unitPrice: 1.5, billableClaims: ['automated_resolution'], recontactDays: 3, tolerableFalseRate: 0.05 },
  salesforce: { pricingModel: 'per_conversation_window', unitPrice: 2, billableClaims: ['conversation_window'], recontactDays: 1, tolerableFalseRate: 0.05 },
  custom: { pricingModel: 'per_resolution', unitPrice: 0, billableClaims: ['resolved'], recontactDays: 7, tolerableFalseRate: 0.05 },
};

/**
 * Public list prices of each model, the default for comparing: Intercom's per outcome, Agentforce's per window and
 * per action. A function, not a constant: reading the contracts at load would keep them in every content script.
 */
const listPrices = (): Record<PricingModel, number> => ({
  per_resolution: DEFAULT_CONTRACTS.intercom.unitPrice,
  per_conversation_window: DEFAULT_CONTRACTS.salesforce.unitPrice,
  per_action: 0.1,
});

/** The prices a month is compared at under this contract: its own price for its own model, its comparison prices, then list prices. */
export function comparisonPricesOf(terms: ContractTerms): Record<PricingModel, number> {
  return { ...listPrices(), ...terms.comparisonPrices, [terms.pricingModel]: terms.unitPrice };
}
