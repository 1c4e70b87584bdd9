// Reconciliation: the vendor's billed list against the buyer's verdicts, under the contract's terms.
import type { BilledItem } from '../model/records';
import type { ConversationRecord } from '../model/records';
import { comparisonPricesOf, type ContractTerms, type PricingModel } from '../model/contracts';
import { isBillableClaim, REASON_LABELS, type FalseReason, type ResolutionKind, type Vendor } from '../model/verdict';

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
  deducted_after_return: 'Billed, though the customer came back to it after the outcome (should be deducted)',
  billed_untagged: 'Billed, not tagged yet (to check)',
  billed_unsure: 'Billed, tagged unsure (to check)',
  billed_genuine: 'Billed and genuine',
  tagged_not_billed: 'Tagged billable, but not on the bill',
};

export const DISPUTABLE: ReadonlySet<Category> = new Set(['billed_false', 'billed_not_billable', 'billed_twice', 'deducted_after_return']);

interface ReconciledItem {
  item: BilledItem;
  category: Category;
  conversation: ConversationRecord | null;
  /** Why, in words: the verdict's reason, the duplicate's line, the return's time. */
  detail: string;
  /** The reviewer's verdict says otherwise than the category (a genuine tag on a conversation the customer came back to): both are shown. */
  conflict: boolean;
  money: number;
}

export interface Reconciliation {
  items: ReconciledItem[];
  /** The bill's period (from its own dates unless given), and the conversations tagged billable in it that are not on it. */
  period: { from: number; to: number } | null;
  taggedNotBilled: ConversationRecord[];
  totals: Record<Category, { items: number; units: number; money: number }>;
  billed: { items: number; units: number; money: number };
  disputed: { items: number; units: number; money: number };
  /** What the same month would cost under each pricing model, at `prices`, from what Recount saw. */
  models: Record<PricingModel, { units: number; money: number; known: boolean; price: number; unread: number }>;
}

interface ReconcileScope {
  vendor: Vendor;
  workspace: string | null;
  /** Earlier bills of the same vendor: a conversation they already charged is charged twice here. */
  earlierBills?: ReadonlyArray<{ name: string; items: readonly BilledItem[] }>;
  /** The bill's period; by default from its first to its last billed time. */
  period?: { from: number; to: number } | null;
}

/** Our conversation id as the vendor's exports write it (Agentforce: the record id without its type, 15 chars). */
export function billedIdOf(c: Pick<ConversationRecord, 'vendor' | 'conversationId'>): string {
  if (c.vendor === 'salesforce') return (c.conversationId.split('/').pop() ?? '').slice(0, 15);
  return c.conversationId;
}

function normaliseBilledId(vendor: Vendor, id: string): string {
  return vendor === 'salesforce' ? id.slice(0, 15) : id;
}

const WINDOW_MS = 24 * 3600e3;
const DAY_MS = 24 * 3600e3;

/** Sorted by billed time, then line: every rule below is a function of the set of lines, not of the file's order. */
const byTimeThenLine = (a: BilledItem, b: BilledItem) => (a.billedAt ?? -Infinity) - (b.billedAt ?? -Infinity) || a.line - b.line;

/**
 * 24 h windows over lines sorted by time: a line opens a window unless it falls inside the open one (starting
 * less than 24 h after it opened); those inside are the same window again. Lines without a time share one.
 */
function sameWindowAs(lines: readonly BilledItem[]): Map<BilledItem, BilledItem> {
  const repeats = new Map<BilledItem, BilledItem>();
  let opener: BilledItem | null = null;
  for (const line of [...lines].sort(byTimeThenLine)) {
    const inside = opener !== null && (line.billedAt === null ? opener.billedAt === null : opener.billedAt !== null && line.billedAt - opener.billedAt < WINDOW_MS);
    if (inside) repeats.set(line, opener!);
    else opener = line;
  }
  return repeats;
}

/** "ok thanks", "that worked!", "👍": the customer closing the exchange, not coming back for more help. */
const ACKNOWLEDGEMENT = /^(?:(?:ok(?:ay)?|k|thanks?|thank you|thx|ty|cheers|great|perfect|cool|nice|awesome|got it|that worked|it worked|works(?: now)?|solved|sorted|all good|bye|goodbye|yes|yep|no|nope|much appreciated|appreciated)(?:\s+(?:so much|a lot|again|you|very much|for (?:the|your) help))*[\s!.,🙂😊👍🙏❤️]*)+$/iu;

export function isAcknowledgement(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 60 && ACKNOWLEDGEMENT.test(t);
}

/** When the vendor's outcome was recorded, as far as the transcript shows: the AI agent's last answer. */
function outcomeAt(c: ConversationRecord): number | null {
  const answers = (c.transcript ?? []).filter((m) => m.author === 'ai_agent' && m.at !== null);
  return answers.length > 0 ? Math.max(...answers.map((m) => m.at!)) : null;
}

/** The customer's first message after the outcome that asks for more (not a thanks), within `withinMs` of it. */
export function returnAfterOutcome(c: ConversationRecord, withinMs = Infinity): { at: number; text: string } | null {
  const outcome = outcomeAt(c);
  if (outcome === null) return null;
  const back = (c.transcript ?? []).find((m) => m.author === 'customer' && m.at !== null && m.at > outcome && m.at - outcome <= withinMs && !isAcknowledgement(m.text));
  return back ? { at: back.at!, text: back.text } : null;
}

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const reasonWords = (reason: FalseReason | null) => (reason ? REASON_LABELS[reason] : 'false');

export function reconcile(items: readonly BilledItem[], conversations: readonly ConversationRecord[], terms: ContractTerms, scope: ReconcileScope): Reconciliation {
  const ours = conversations.filter((c) => c.vendor === scope.vendor && (!scope.workspace || c.workspace === scope.workspace));
  const byId = new Map(ours.map((c) => [billedIdOf(c), c]));
  const perWindow = terms.pricingModel === 'per_conversation_window';
  const idOf = (i: BilledItem) => normaliseBilledId(i.vendor, i.conversationId);

  // Billed twice: the same conversation (per resolution), or the same conversation within one 24 h window and
  // the same customer within one 24 h window (per window) — each a function of the set of lines.
  const twice = new Map<BilledItem, string>();
  const byConversation = new Map<string, BilledItem[]>();
  for (const i of items) byConversation.set(idOf(i), [...(byConversation.get(idOf(i)) ?? []), i]);
  for (const lines of byConversation.values()) {
    if (perWindow) for (const [line, first] of sameWindowAs(lines)) twice.set(line, `same conversation and 24 h window as line ${first.line}`);
    else {
      const [first, ...rest] = [...lines].sort((a, b) => a.line - b.line);
      for (const line of rest) twice.set(line, `same conversation as line ${first.line}`);
    }
  }
  if (perWindow) {
    const byCustomer = new Map<string, BilledItem[]>();
    for (const i of items) if (i.customerId && i.billedAt !== null && !twice.has(i)) byCustomer.set(i.customerId, [...(byCustomer.get(i.customerId) ?? []), i]);
    for (const lines of byCustomer.values()) for (const [line, first] of sameWindowAs(lines)) twice.set(line, `same customer within the 24 h window of line ${first.line}`);
  }
  // A conversation an earlier bill already charged: a per-resolution vendor charges one at most once (a
  // per-window vendor bills each window, so a later window on a later bill is no repeat).
  const earlier = new Map<string, string>();
  if (!perWindow) for (const bill of scope.earlierBills ?? []) for (const i of bill.items) if (!earlier.has(idOf(i))) earlier.set(idOf(i), `${bill.name}, line ${i.line}`);

  const result: ReconciledItem[] = items.map((item) => {
    const id = idOf(item);
    const conversation = byId.get(id) ?? null;
    const money = item.units * terms.unitPrice;
    const make = (category: Category, detail: string, conflict = false): ReconciledItem => ({ item, category, conversation, detail, conflict, money });
    const duplicate = twice.get(item);
    if (duplicate) return make('billed_twice', duplicate);
    const before = earlier.get(id);
    if (before) return make('billed_twice', `already billed on ${before}`);
    const current = conversation?.current ?? null;
    if (current?.verdict === 'false') return make('billed_false', reasonWords(current.reason));
    if (conversation && conversation.claim.resolution !== 'none' && !terms.billableClaims.includes(conversation.claim.resolution)) {
      return make('billed_not_billable', `the page showed "${conversation.claim.resolutionLabel || conversation.claim.resolution}"`);
    }
    // The customer came back to the same conversation after the outcome was recorded.
    let back: { at: number; text: string } | null = null;
    let rule = '';
    if (conversation && scope.vendor === 'intercom') {
      back = returnAfterOutcome(conversation);
      rule = "Intercom deducts a return to the same conversation, with no time limit";
    } else if (conversation && !perWindow && terms.recontactDays > 0) {
      back = returnAfterOutcome(conversation, terms.recontactDays * DAY_MS);
      rule = `within your contract's ${terms.recontactDays}-day re-contact term`;
    }
    if (back) {
      const reviewer = current ? `; the reviewer ${current.reviewer} tagged it ${current.verdict}` : '';
      return make('deducted_after_return', `the customer came back on ${when(back.at)} after the AI agent's last answer (${rule})${reviewer}`, Boolean(reviewer));
    }
    // Agentforce: a return opens a new billed window; on this one it is evidence of "came back about the same issue".
    const windowEnd = item.billedAt !== null ? item.billedAt + WINDOW_MS : null;
    const cameBack =
      perWindow && conversation && windowEnd !== null ? conversation.transcript?.find((m) => m.author === 'customer' && m.at !== null && m.at >= windowEnd) : undefined;
    const evidence = cameBack ? `the customer came back on ${when(cameBack.at!)}, after this window (a new billed window): evidence for "${REASON_LABELS.recontacted}"` : '';
    if (!current) return make('billed_untagged', [conversation ? 'read, not tagged' : 'never opened in Recount', evidence].filter(Boolean).join('; '));
    if (current.verdict === 'unsure') return make('billed_unsure', [current.note, evidence].filter(Boolean).join('; '));
    return make('billed_genuine', evidence);
  });

  const sum = (list: ReconciledItem[]) => ({
    items: list.length,
    units: list.reduce((s, r) => s + r.item.units, 0),
    money: Math.round(list.reduce((s, r) => s + r.money, 0) * 100) / 100,
  });
  const totals = Object.fromEntries(CATEGORIES.map((c) => [c, sum(result.filter((r) => r.category === c))])) as Reconciliation['totals'];

  // Missing from the bill: tagged billable, started inside the bill's period, and not on it.
  const times = items.map((i) => i.billedAt).filter((t): t is number => t !== null);
  const period = scope.period ?? (times.length > 0 ? { from: Math.min(...times), to: Math.max(...times) } : null);
  const startOf = (c: ConversationRecord) => (c.transcript ?? []).find((m) => m.at !== null)?.at ?? c.firstSeenAt;
  const billedIds = new Set(items.map(idOf));
  const taggedNotBilled = period
    ? ours.filter((c) => c.current && c.current.verdict !== 'false' && isBillableClaim(c.claim) && !billedIds.has(billedIdOf(c)) && startOf(c) >= period.from && startOf(c) <= period.to)
    : [];

  const prices = comparisonPricesOf(terms);
  const seen = [...new Map(result.filter((r) => r.conversation).map((r) => [r.conversation!.convKey, r.conversation!])).values()];
  const resolutions = billedIds.size;
  const unread = resolutions - seen.length;
  const windows = seen.reduce((s, c) => s + Math.max(1, c.billing?.windows ?? 1), 0) + unread;
  const actionsKnown = unread === 0 && seen.every((c) => c.billing?.actions !== undefined && c.billing !== null);
  const actions = seen.reduce((s, c) => s + (c.billing?.actions ?? 0), 0);
  const model = (units: number, m: PricingModel, known: boolean) => ({ units, money: Math.round(units * prices[m] * 100) / 100, known, price: prices[m], unread });
  return {
    items: result,
    period,
    taggedNotBilled,
    totals,
    billed: sum(result),
    disputed: sum(result.filter((r) => DISPUTABLE.has(r.category))),
    models: {
      per_resolution: model(resolutions, 'per_resolution', true),
      per_conversation_window: model(windows, 'per_conversation_window', unread === 0),
      per_action: model(actions, 'per_action', actionsKnown),
    },
  };
}
