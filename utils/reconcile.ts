// Reconciliation: the vendor's billed list against the buyer's verdicts, under the contract's terms.
import type { BilledItem } from './billed-list';
import type { ConversationRecord } from './db';
import { isBillableClaim, type ResolutionKind, type Vendor } from './verdict';

export const PRICING_MODELS = ['per_resolution', 'per_conversation_window', 'per_action'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

export interface ContractTerms {
  pricingModel: PricingModel;
  unitPrice: number;
  /** The vendor claims the contract bills. */
  billableClaims: ResolutionKind[];
  /** A customer returning about the same issue within this many days voids the resolution. */
  recontactDays: number;
  /** The false-resolution rate the contract tolerates (0.05 = 5%). */
  tolerableFalseRate: number;
}

/** Defaults from the vendors' public terms (docs/vendor-facts.md); every one is shown and editable. */
export const DEFAULT_CONTRACTS: Record<Vendor, ContractTerms> = {
  intercom: { pricingModel: 'per_resolution', unitPrice: 0.99, billableClaims: ['confirmed', 'assumed', 'procedure_handoff'], recontactDays: 7, tolerableFalseRate: 0.05 },
  zendesk: { pricingModel: 'per_resolution', unitPrice: 1.5, billableClaims: ['automated_resolution'], recontactDays: 3, tolerableFalseRate: 0.05 },
  salesforce: { pricingModel: 'per_conversation_window', unitPrice: 2, billableClaims: ['conversation_window'], recontactDays: 1, tolerableFalseRate: 0.05 },
  custom: { pricingModel: 'per_resolution', unitPrice: 0, billableClaims: ['resolved'], recontactDays: 7, tolerableFalseRate: 0.05 },
};

/** The prices used to show what the same month would cost under the other models. */
export const MODEL_PRICES: Record<PricingModel, number> = { per_resolution: 0.99, per_conversation_window: 2, per_action: 0.1 };

export const CATEGORIES = [
  'billed_false',
  'billed_not_billable',
  'billed_twice',
  'deducted_after_return',
  'billed_untagged',
  'billed_unsure',
  'billed_genuine',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category | 'tagged_not_billed', string> = {
  billed_false: 'Billed, tagged false (disputable)',
  billed_not_billable: 'Billed, but the claim the contract bills was not shown (disputable)',
  billed_twice: 'Billed twice (disputable)',
  deducted_after_return: 'Billed, though the customer came back (should be deducted)',
  billed_untagged: 'Billed, not tagged yet (to check)',
  billed_unsure: 'Billed, tagged unsure (to check)',
  billed_genuine: 'Billed and genuine',
  tagged_not_billed: 'Tagged billable, but not on the bill',
};

export const DISPUTABLE: ReadonlySet<Category> = new Set(['billed_false', 'billed_not_billable', 'billed_twice', 'deducted_after_return']);

export interface ReconciledItem {
  item: BilledItem;
  category: Category;
  conversation: ConversationRecord | null;
  /** Why, in words: the verdict's reason, the duplicate's line, the return's time. */
  detail: string;
  money: number;
}

export interface Reconciliation {
  items: ReconciledItem[];
  taggedNotBilled: ConversationRecord[];
  totals: Record<Category, { items: number; units: number; money: number }>;
  billed: { items: number; units: number; money: number };
  disputed: { items: number; units: number; money: number };
  /** What the same month would cost under each pricing model, from what Recount saw. */
  models: Record<PricingModel, { units: number; money: number; known: boolean }>;
}

/** Our conversation id as the vendor's exports write it (Agentforce: the record id without its type, 15 chars). */
export function billedIdOf(c: Pick<ConversationRecord, 'vendor' | 'conversationId'>): string {
  if (c.vendor === 'salesforce') return (c.conversationId.split('/').pop() ?? '').slice(0, 15);
  return c.conversationId;
}

function normaliseBilledId(vendor: Vendor, id: string): string {
  return vendor === 'salesforce' ? id.slice(0, 15) : id;
}

export function reconcile(
  items: readonly BilledItem[],
  conversations: readonly ConversationRecord[],
  terms: ContractTerms,
  scope: { vendor: Vendor; workspace: string | null },
): Reconciliation {
  const ours = conversations.filter((c) => c.vendor === scope.vendor && (!scope.workspace || c.workspace === scope.workspace));
  const byId = new Map(ours.map((c) => [billedIdOf(c), c]));
  const firstLine = new Map<string, number>();
  const customerWindows = new Map<string, number[]>();
  const windowMs = 24 * 3600e3;
  const result: ReconciledItem[] = items.map((item) => {
    const id = normaliseBilledId(item.vendor, item.conversationId);
    const conversation = byId.get(id) ?? null;
    const money = item.units * terms.unitPrice;
    const make = (category: Category, detail: string): ReconciledItem => ({ item, category, conversation, detail, money });
    // Per-resolution vendors bill a conversation at most once; per-window vendors bill one row per window.
    const duplicateKey = terms.pricingModel === 'per_conversation_window' ? `${id}|${item.billedAt}` : id;
    if (firstLine.has(duplicateKey)) return make('billed_twice', `same conversation as line ${firstLine.get(duplicateKey)}`);
    firstLine.set(duplicateKey, item.line);
    if (item.customerId && item.billedAt !== null && terms.pricingModel === 'per_conversation_window') {
      const times = customerWindows.get(item.customerId) ?? [];
      const overlapping = times.find((t) => Math.abs(t - item.billedAt!) < windowMs);
      times.push(item.billedAt);
      customerWindows.set(item.customerId, times);
      if (overlapping !== undefined) return make('billed_twice', `same customer within one 24 h window`);
    }
    const current = conversation?.current ?? null;
    if (current?.verdict === 'false') {
      return make('billed_false', current.reason ?? 'false');
    }
    if (conversation && conversation.claim.resolution !== 'none' && !terms.billableClaims.includes(conversation.claim.resolution)) {
      return make('billed_not_billable', `the page showed "${conversation.claim.resolutionLabel || conversation.claim.resolution}"`);
    }
    // A customer writing again in the same conversation after the billed time, within the re-contact window.
    const returned = item.billedAt !== null
      ? conversation?.transcript?.find((m) => m.author === 'customer' && m.at !== null && m.at > item.billedAt! && m.at - item.billedAt! <= terms.recontactDays * 24 * 3600e3)
      : undefined;
    if (returned) return make('deducted_after_return', `the customer wrote again on ${new Date(returned.at!).toISOString()}`);
    if (!current) return make('billed_untagged', conversation ? 'read, not tagged' : 'never opened in Recount');
    if (current.verdict === 'unsure') return make('billed_unsure', current.note);
    return make('billed_genuine', '');
  });

  const sum = (list: ReconciledItem[]) => ({
    items: list.length,
    units: list.reduce((s, r) => s + r.item.units, 0),
    money: Math.round(list.reduce((s, r) => s + r.money, 0) * 100) / 100,
  });
  const totals = Object.fromEntries(CATEGORIES.map((c) => [c, sum(result.filter((r) => r.category === c))])) as Reconciliation['totals'];
  const billedIds = new Set(items.map((i) => normaliseBilledId(i.vendor, i.conversationId)));
  const taggedNotBilled = ours.filter((c) => c.current && c.current.verdict !== 'false' && isBillableClaim(c.claim) && !billedIds.has(billedIdOf(c)));

  const seen = [...new Map(result.filter((r) => r.conversation).map((r) => [r.conversation!.convKey, r.conversation!])).values()];
  const resolutions = new Set(items.map((i) => normaliseBilledId(i.vendor, i.conversationId))).size;
  const windows = seen.reduce((s, c) => s + Math.max(1, c.billing?.windows ?? 1), 0) + (resolutions - seen.length);
  const actionsKnown = seen.length > 0 && seen.every((c) => c.billing?.actions !== undefined && c.billing !== null);
  const actions = seen.reduce((s, c) => s + (c.billing?.actions ?? 0), 0);
  return {
    items: result,
    taggedNotBilled,
    totals,
    billed: sum(result),
    disputed: sum(result.filter((r) => DISPUTABLE.has(r.category))),
    models: {
      per_resolution: { units: resolutions, money: Math.round(resolutions * MODEL_PRICES.per_resolution * 100) / 100, known: true },
      per_conversation_window: { units: windows, money: Math.round(windows * MODEL_PRICES.per_conversation_window * 100) / 100, known: seen.length === resolutions },
      per_action: { units: actions, money: Math.round(actions * MODEL_PRICES.per_action * 100) / 100, known: actionsKnown },
    },
  };
}
