// What the reconciliation's dispute report adds to the bill's categories: the count by the buyer's own
// definition beside the vendor's (per month, in money), and how far the buyer's reviewers agree when judging
// blind (the latest spot check of this vendor with a blind double review).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatMoney } from '../../utils/model/format';
import type { OwnDefinition } from '../../utils/model/contracts';
import type { BilledItem, ConversationRecord, SpotCheckPlan } from '../../utils/model/records';
import { contractFor, termsPatch, type Settings } from '../../utils/model/settings';
import { termsOwnerName, type ProfileNames } from './profile-names';
import { countByOwnDefinition, OWN_RULE_LABELS, OWN_RULES, type OwnDefinitionResult, type OwnPeriod } from '../../utils/analysis/own-definition';
import { againstHuman, costPerGenuine, spotCheckStatus } from '../../utils/analysis/spot-check';
import { billedUnits } from '../../utils/analysis/filters';
import { isBillableClaim, VENDOR_LABELS, VENDORS, type Vendor } from '../../utils/model/verdict';
import { formatPercent } from '../../utils/analysis/stats';
import type { RecountDB } from '../../utils/store/db';
import { request } from '../../utils/transport/protocol';
import { kappaWords } from './DoubleReviewSection';
import { useLiveQuery } from './useLiveQuery';
import { usePlanReviews } from './usePlanReviews';

const money = formatMoney;

const NO_NAMES: ProfileNames = new Map();

/** A plan about these terms' conversations: the vendor's, and for a vendor profile's bill, that profile's (a plan of every profile counts too). */
function sameTermsOwner(plan: Pick<SpotCheckPlan, 'vendor' | 'workspace'>, vendor: Vendor, workspace: string | null | undefined): boolean {
  return plan.vendor === vendor && (vendor !== 'custom' || !workspace || !plan.workspace || plan.workspace === workspace);
}

/** The rules in words, as the report states them. */
export function definitionWords(d: OwnDefinition): string {
  const rules = [
    d.returnDays !== null && `no return within ${d.returnDays} day(s) of the AI agent's last answer`,
    d.noNegative && 'no negative rating or complaint',
    d.noTeammateAfterAI && 'no teammate after the AI',
    d.genuineWhenReviewed && 'genuine where a reviewer gave a verdict',
  ].filter(Boolean);
  return rules.length > 0 ? rules.join('; ') : 'no rule on (every conversation read meets it)';
}

/** Periods side by side: the vendor's count and amount, yours, what was not judged, and the difference. */
function PeriodTable(props: { label: string; vendor?: Vendor; profile?: string; heads: [string, string, string]; periods: OwnPeriod[]; vendorCount: (p: OwnPeriod) => number }) {
  return (
    <table aria-label={props.label} data-seen-vendor={props.vendor} data-seen-profile={props.profile}>
      <thead>
        <tr>
          {[...props.heads, 'Your definition', 'Amount', 'Not judged', 'Difference'].map((head) => (
            <th>{head}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.periods.map((p) => (
          <tr data-month={p.period}>
            <td>{p.period}</td>
            <td>{props.vendorCount(p)}</td>
            <td>{money(p.vendor.money)}</td>
            <td>{p.meets.count}</td>
            <td>{money(p.meets.money)}</td>
            <td>{p.unjudged.count}</td>
            <td>{money(p.difference)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `workspace`: the bill's (for a vendor profile, its id: that profile's own definition and price). */
export function OwnDefinitionSummary({ lines, vendor, workspace, settings }: { lines: ReadonlyArray<{ item: BilledItem; conversation: ConversationRecord | null }>; vendor: Vendor; workspace?: string | null; settings: Settings }) {
  const terms = contractFor(settings, vendor, workspace);
  const definition = terms.ownDefinition;
  const result = useMemo(() => (definition ? countByOwnDefinition(lines, definition, terms.unitPrice) : null), [lines, definition, terms.unitPrice]);
  if (!definition || !result) {
    return (
      <p class="small muted" data-own-definition="unset">
        Count by your own definition of a resolution beside the vendor’s: set it in the contract terms below.
      </p>
    );
  }
  const { total } = result;
  return (
    <section class="own-definition" aria-label="By your definition">
      <p class="summary-line" data-own-definition="total">
        Vendor: <strong>{total.vendor.count}</strong> billed, {money(total.vendor.money)}; by your definition: <strong>{total.meets.count}</strong>,{' '}
        {money(total.meets.money)}
        {total.unjudged.count > 0 ? ` (and ${total.unjudged.count} not judged, ${money(total.unjudged.money)}: never read or no transcript kept, counted as the vendor counts them)` : ''};
        difference <strong>{money(total.difference)}</strong>.
      </p>
      <p class="small">Your definition: {definitionWords(definition)}. A conversation billed on several lines is one resolution, in the month of its first line.</p>
      <PeriodTable label="By your definition, per month" heads={['Month (billed)', 'Vendor: lines', 'Vendor: amount']} periods={result.periods} vendorCount={(p) => p.vendor.count} />
      <p class="small" data-own-failing>
        Failing your definition: {OWN_RULES.filter((r) => result.failing[r] > 0).map((r) => `${result.failing[r]} — ${OWN_RULE_LABELS[r]}`).join('; ') || 'none'}.
      </p>
    </section>
  );
}

/** The latest spot check of this vendor (of this profile, for one) with a blind double review: its agreement figures for the report. */
export function ReviewAgreement({ db, vendor, workspace, conversations }: { db: RecountDB; vendor: Vendor; workspace?: string | null; conversations: readonly ConversationRecord[] }) {
  const plans = useLiveQuery(() => db.spotChecks.orderBy('createdAt').reverse().toArray(), [], [] as SpotCheckPlan[]);
  const blind = useMemo(() => plans.filter((p) => sameTermsOwner(p, vendor, workspace) && p.doubleReview).slice(0, 1), [plans, vendor, workspace]);
  const reviews = usePlanReviews(db, blind, conversations);
  const plan = blind[0];
  if (!plan) {
    return (
      <p class="small muted" data-dispute-agreement="none">
        No blind double review of {VENDOR_LABELS[vendor]} yet: plan one in Spot checks, so the report can show how far your reviewers agree when judging
        blind.
      </p>
    );
  }
  const status = spotCheckStatus(plan, conversations, reviews.get(plan.id));
  const double = status.double!;
  const { agreement } = double;
  return (
    <p class="small" data-dispute-agreement="shown">
      Reviewer agreement, blind double review in “{plan.name}” ({plan.doubleReview!.reviewers.join(', ')}; seed <code>{plan.seed}</code>):{' '}
      {agreement.compared > 0
        ? `same verdict on ${Math.round(agreement.percentAgreement! * agreement.compared)} of ${agreement.compared} (${formatPercent(agreement.percentAgreement!)}); ${kappaWords(agreement)}`
        : 'no conversation judged by every reviewer yet'}
      ; {double.arbitrated} disagreement(s) settled by {plan.doubleReview!.arbiter}, the arbiter
      {double.disagreed + double.waiting > 0 ? `; ${double.disagreed} waiting for the arbiter, ${double.waiting} for a reviewer` : ''}.
      {agreement.confusion && agreement.compared > 0 && (
        <span data-dispute-confusion>
          {' '}
          Verdicts by reviewer (rows {agreement.reviewers[0]}, columns {agreement.reviewers[1]}; genuine, false, unsure):{' '}
          {agreement.confusion.map((row) => `[${row.join(', ')}]`).join(' ')}.{' '}
          {agreement.lean.map((l) => `${l.reviewer} called false ${l.falseWhenOtherGenuine} of ${l.otherGenuine} time(s) the other called genuine`).join('; ')}.
        </span>
      )}
    </p>
  );
}

/**
 * The contract editor's part for your own definition: off until turned on; each rule saved as it changes. For a
 * vendor profile (custom, `workspace` its id), that profile's own.
 */
export function OwnDefinitionEditor({ vendor, workspace, settings }: { vendor: Vendor; workspace?: string | null; settings: Settings }) {
  const saved = contractFor(settings, vendor, workspace).ownDefinition ?? null;
  // Shown as chosen at once (a controlled checkbox would flip back until the settings come round again).
  const [current, setCurrent] = useState<OwnDefinition | null>(saved);
  useEffect(() => setCurrent(saved), [saved]);
  const [message, setMessage] = useState('');
  const save = (ownDefinition: OwnDefinition | null) => {
    setCurrent(ownDefinition);
    return request({ type: 'settings/update', settings: termsPatch(vendor, workspace, { ownDefinition }) })
      .then(() => setMessage('Saved.'))
      .catch((e) => {
        setCurrent(saved);
        setMessage(`Not saved: ${(e as Error).message}`);
      });
  };
  const on = current ?? { returnDays: 14, noNegative: true, noTeammateAfterAI: false, genuineWhenReviewed: true };
  return (
    <fieldset class="own-definition-editor" aria-label="Your own definition of a resolution">
      <legend>Your own definition of a resolution</legend>
      <label class="check">
        <input type="checkbox" name="ownDefinitionOn" checked={current !== null} onChange={(e) => void save((e.target as HTMLInputElement).checked ? on : null)} /> Count by it
        beside the vendor’s claims
      </label>
      {current && (
        <>
          <label>
            No return within (days; empty: rule off){' '}
            <input
              type="number"
              name="ownReturnDays"
              min="1"
              max="365"
              value={current.returnDays ?? ''}
              onChange={(e) => {
                const text = (e.target as HTMLInputElement).value.trim();
                const days = text === '' ? null : Number(text);
                if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 365)) return setMessage('Not saved: the return term must be whole days from 1 to 365, or empty.');
                void save({ ...current, returnDays: days });
              }}
            />
          </label>
          {(
            [
              ['noNegative', 'No negative rating or complaint'],
              ['noTeammateAfterAI', 'No teammate after the AI'],
              ['genuineWhenReviewed', 'Genuine where reviewed'],
            ] as const
          ).map(([key, words]) => (
            <label class="check">
              <input type="checkbox" name={key} checked={current[key]} onChange={(e) => void save({ ...current, [key]: (e.target as HTMLInputElement).checked })} /> {words}
            </label>
          ))}
        </>
      )}
      <span role="status" class="muted">
        {message}
      </span>
    </fieldset>
  );
}

/**
 * Without a bill: the billable conversations Recount has seen, per month (of when it first saw them), by the
 * vendor's claims and by your definition — for each vendor whose contract sets one, and each vendor profile (its
 * own definition and price) on its own.
 */
export function SeenByOwnDefinition({ conversations, settings, profileNames = NO_NAMES }: { conversations: readonly ConversationRecord[]; settings: Settings; profileNames?: ProfileNames }) {
  const byVendor = useMemo(() => {
    const results: Array<{ vendor: Vendor; workspace: string; name: string; result: OwnDefinitionResult }> = [];
    // Each built-in vendor once; a profile's conversations by profile (workspace = its id).
    const owners = new Map<string, { vendor: Vendor; workspace: string; seen: ConversationRecord[] }>();
    for (const c of conversations) {
      if (!isBillableClaim(c.claim)) continue;
      const workspace = c.vendor === 'custom' ? c.workspace : '';
      const key = `${c.vendor}:${workspace}`;
      let owner = owners.get(key);
      if (!owner) owners.set(key, (owner = { vendor: c.vendor, workspace, seen: [] }));
      owner.seen.push(c);
    }
    const order = (o: { vendor: Vendor; workspace: string }) => VENDORS.indexOf(o.vendor);
    for (const { vendor, workspace, seen } of [...owners.values()].sort((a, b) => order(a) - order(b) || a.workspace.localeCompare(b.workspace))) {
      const terms = contractFor(settings, vendor, workspace);
      if (!terms.ownDefinition) continue;
      const lines = seen.map((c, i) => ({
        item: { vendor, conversationId: c.conversationId, billedAt: c.firstSeenAt, units: billedUnits(c), kind: c.claim.resolution, customerId: null, line: i + 1 },
        conversation: c,
      }));
      results.push({ vendor, workspace, name: termsOwnerName(vendor, workspace, profileNames), result: countByOwnDefinition(lines, terms.ownDefinition, terms.unitPrice) });
    }
    return results;
  }, [conversations, settings, profileNames]);
  if (byVendor.length === 0) return null;
  return (
    <section class="own-definition" aria-label="Seen by Recount, by your definition">
      <h3>Seen by Recount: the vendor’s claims and your definition, per month</h3>
      {byVendor.map(({ vendor, workspace, name, result }) => (
        <PeriodTable
          label={`${name}: claims seen and your definition`}
          vendor={vendor}
          profile={workspace || undefined}
          heads={[`${name}: month first seen`, 'Billable claims', 'At the unit price']}
          periods={[...result.periods, result.total]}
          vendorCount={(p) => p.vendor.units}
        />
      ))}
      <p class="muted small">
        Every billable claim Recount has read, not the vendor’s bill: the bill may hold conversations nobody opened here. Reconcile the vendor’s billed
        list for the figures to dispute.
      </p>
    </section>
  );
}

/** The latest complete spot check of this vendor (of this profile, for one): what a genuine resolution cost, beside a person's cost. */
export function CostOfGenuine({ db, vendor, workspace, conversations, settings }: { db: RecountDB; vendor: Vendor; workspace?: string | null; conversations: readonly ConversationRecord[]; settings: Settings }) {
  const plans = useLiveQuery(() => db.spotChecks.orderBy('createdAt').reverse().toArray(), [], [] as SpotCheckPlan[]);
  const ofVendor = useMemo(() => plans.filter((p) => sameTermsOwner(p, vendor, workspace)), [plans, vendor, workspace]);
  const reviews = usePlanReviews(db, ofVendor, conversations);
  const complete = ofVendor.map((plan) => ({ plan, status: spotCheckStatus(plan, conversations, reviews.get(plan.id)) })).find((x) => x.status.complete && x.status.result.estimable);
  if (!complete) return null;
  // The spot check's own vendor profile's price (a profile's plan names it as its workspace).
  const price = contractFor(settings, complete.plan.vendor, complete.plan.workspace).unitPrice;
  const cost = costPerGenuine(complete.status.result.interval, price);
  const human = settings.humanCost;
  const high = Number.isFinite(cost.high) ? money(cost.high) : 'no upper bound';
  const against = human ? againstHuman(cost, human.amount) : null;
  return (
    <p class="small" data-summary="cost-per-genuine">
      Cost per genuine resolution, from “{complete.plan.name}”: <strong>{money(cost.estimate)}</strong> (95%: {money(cost.low)}–{high}) at {money(price)} per billed
      outcome
      {human && against
        ? `; a person costs ${money(human.amount)}${human.source ? ` (${human.source})` : ''}: ${against === 'cheaper' ? 'the AI is cheaper' : against === 'dearer' ? 'the AI is dearer' : 'the sample cannot tell which is cheaper'}`
        : ''}
      .
    </p>
  );
}
