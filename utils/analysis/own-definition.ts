// The buyer's own definition of a resolution, counted beside the vendor's billed claims: which billed
// conversations meet it (and by which rule the others fail), per month of the bill and in total, in money.
import type { BilledItem, ConversationRecord } from '../model/records';
import type { OwnDefinition } from '../model/contracts';
import { isComplaint } from '../model/suggest';
import { returnAfterOutcome } from './reconcile';

export const OWN_RULES = ['returned', 'negative', 'teammate', 'not_genuine'] as const;
export type OwnRule = (typeof OWN_RULES)[number];

export const OWN_RULE_LABELS: Record<OwnRule, string> = {
  returned: 'the customer came back within the days set',
  negative: 'a negative rating or a complaint',
  teammate: 'a teammate after the AI',
  not_genuine: 'reviewed, not genuine',
};

export type OwnJudgement =
  | { meets: true }
  | { meets: false; failed: OwnRule[] }
  /** Recount never read it, or kept no transcript where a rule needs one: not judged either way. */
  | { meets: null; why: 'never read' | 'no transcript kept' };

const DAY_MS = 24 * 3600e3;

/** What follows the AI agent's last visible answer (notes left out); null when it never answered. */
function afterLastAnswer(c: ConversationRecord) {
  const visible = (c.transcript ?? []).filter((m) => m.author !== 'note');
  const last = visible.map((m) => m.author).lastIndexOf('ai_agent');
  return last < 0 ? null : visible.slice(last + 1);
}

export function judgeByOwnDefinition(c: ConversationRecord | null, definition: OwnDefinition): OwnJudgement {
  if (!c) return { meets: null, why: 'never read' };
  const needsTranscript = definition.returnDays !== null || definition.noNegative || definition.noTeammateAfterAI;
  if (needsTranscript && c.transcript === null) return { meets: null, why: 'no transcript kept' };
  const failed: OwnRule[] = [];
  const after = afterLastAnswer(c) ?? [];
  if (definition.returnDays !== null && (returnAfterOutcome(c, definition.returnDays * DAY_MS) !== null || (c.billing?.reopenedWindows ?? 0) > 0)) failed.push('returned');
  if (definition.noNegative && (c.claim.resolution === 'negative_feedback' || after.some((m) => m.author === 'customer' && isComplaint(m.text)))) failed.push('negative');
  if (definition.noTeammateAfterAI && (c.claim.resolution === 'handled_by_teammate' || c.claim.resolution === 'escalated' || after.some((m) => m.author === 'teammate'))) {
    failed.push('teammate');
  }
  if (definition.genuineWhenReviewed && c.current && c.current.verdict !== 'genuine') failed.push('not_genuine');
  return failed.length === 0 ? { meets: true } : { meets: false, failed };
}

interface Money {
  count: number;
  money: number;
}

export interface OwnPeriod {
  /** "YYYY-MM" of the billed time in this browser's time zone; "no date" for lines without one. */
  period: string;
  /** The vendor's billed lines and their amount. */
  vendor: Money & { units: number };
  /** Distinct billed conversations that meet the definition. */
  meets: Money;
  /** Distinct billed conversations not judged (never read, no transcript kept): counted as the vendor counts them. */
  unjudged: Money;
  /** What the vendor billed beyond your definition: vendor − (meets + unjudged), in money. */
  difference: number;
}

export interface OwnDefinitionResult {
  periods: OwnPeriod[];
  total: OwnPeriod;
  /** Distinct conversations failing each rule (one may fail several). */
  failing: Record<OwnRule, number>;
}

const cents = (x: number) => Math.round(x * 100) / 100;

/** The local month of a time, YYYY-MM (a bill's periods, the scoreboard's months); "no date" without one. */
export const monthOf = (at: number | null): string => {
  if (at === null) return 'no date';
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

/**
 * Each billed line with its conversation (as the reconciliation matched it). A conversation is one resolution by
 * your definition however many lines bill it, counted in the month of its first line; the money of a resolution
 * is the unit price.
 */
export function countByOwnDefinition(
  lines: ReadonlyArray<{ item: BilledItem; conversation: ConversationRecord | null }>,
  definition: OwnDefinition,
  unitPrice: number,
): OwnDefinitionResult {
  const byPeriod = new Map<string, { units: number; lines: number; money: number; meets: number; unjudged: number }>();
  const failing = Object.fromEntries(OWN_RULES.map((r) => [r, 0])) as Record<OwnRule, number>;
  const seen = new Set<string>();
  const ordered = [...lines].sort((a, b) => (a.item.billedAt ?? Infinity) - (b.item.billedAt ?? Infinity) || a.item.line - b.item.line);
  for (const { item, conversation } of ordered) {
    const period = monthOf(item.billedAt);
    const row = byPeriod.get(period) ?? { units: 0, lines: 0, money: 0, meets: 0, unjudged: 0 };
    byPeriod.set(period, row);
    row.lines++;
    row.units += item.units;
    row.money += item.units * unitPrice;
    const id = conversation?.convKey ?? `unread:${item.vendor}:${item.conversationId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const judgement = judgeByOwnDefinition(conversation, definition);
    if (judgement.meets === true) row.meets++;
    else if (judgement.meets === null) row.unjudged++;
    else for (const rule of judgement.failed) failing[rule]++;
  }
  const periodOf = (period: string, r: { units: number; lines: number; money: number; meets: number; unjudged: number }): OwnPeriod => ({
    period,
    vendor: { count: r.lines, units: r.units, money: cents(r.money) },
    meets: { count: r.meets, money: cents(r.meets * unitPrice) },
    unjudged: { count: r.unjudged, money: cents(r.unjudged * unitPrice) },
    difference: cents(r.money - (r.meets + r.unjudged) * unitPrice),
  });
  const periods = [...byPeriod].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, r]) => periodOf(p, r));
  const sum = { units: 0, lines: 0, money: 0, meets: 0, unjudged: 0 };
  for (const r of byPeriod.values()) for (const k of Object.keys(sum) as Array<keyof typeof sum>) sum[k] += r[k];
  return { periods, total: periodOf('total', sum), failing };
}
