// Spot checks for trials and audits: plan, a seeded draw the vendor can reproduce, the review queue (worked
// with the normal overlay), and the result against the contract's tolerable rate.
// Long because one panel holds a spot check's whole life (plan, draw, queue, tally, judgement), which share its
// state.
import { conversationOpening } from '../../utils/model/transcript';
import { formatMoney } from '../../utils/model/format';
import { useMemo, useState } from 'preact/hooks';
import { type RecountDB } from '../../utils/store/db';
import { billedItemsOf } from '../../utils/store/billed';
import { type BilledList, type ConversationRecord, type SpotCheckPlan } from '../../utils/model/records';
import { billedIdOf } from '../../utils/analysis/reconcile';
import { DRAW_ALGORITHM, type StratifiedResult } from '../../utils/analysis/sampling';
import { contractFor, type Settings } from '../../utils/model/settings';
import { billedUnits } from '../../utils/analysis/filters';
import { againstHuman, billedUnitsOf, costPerGenuine, drawPlan, judge, projectedOverbilling, provisionalWords, spotCheckStatus, type PopulationMember } from '../../utils/analysis/spot-check';
import { formatPercent } from '../../utils/analysis/stats';
import { isBillableClaim, UNNAMED_REVIEWER, VENDOR_LABELS, VERDICT_LABELS, type Vendor } from '../../utils/model/verdict';
import { downloadText, stampedName } from './downloads';
import { VendorSelect } from './VendorSelect';
import { request } from '../../utils/transport/protocol';
import { ReadingConversations } from './ReadingConversations';
import { useLiveQuery } from './useLiveQuery';
import { usePlanReviews, type PlanReviews } from './usePlanReviews';
import { DoubleReviewSection } from './DoubleReviewSection';
import { drawDoubleReview, type ItemReview, type ReviewEvent } from '../../utils/analysis/double-review';
import { monthOf } from '../../utils/analysis/own-definition';

const money = formatMoney;

/** `conversations` null: still being read (the dashboard reads them all only once this panel is wanted). */
export function SpotCheckPanel({ db, conversations, settings }: { db: RecountDB; conversations: readonly ConversationRecord[] | null; settings: Settings }) {
  const plans = useLiveQuery(() => db.spotChecks.orderBy('createdAt').reverse().toArray(), [], [] as SpotCheckPlan[]);
  const lists = useLiveQuery(() => db.billedLists.orderBy('importedAt').reverse().toArray(), [], [] as BilledList[]);
  const [openPlan, setOpenPlan] = useState('');
  const plan = plans.find((p) => p.id === openPlan) ?? plans[0];
  const reviews = usePlanReviews(db, plans, conversations);
  return (
    <div class="spot-checks">
      {plans.length === 0 && (
        <p class="empty" data-empty="spot-checks">
          No spot check yet. Plan one below: Recount draws a seeded random sample of the billed conversations, you review
          each in the helpdesk, and the result estimates the vendor's false rate with its interval — a figure the vendor
          can reproduce from the exported plan.
        </p>
      )}
      <PlanForm lists={lists} db={db} conversations={conversations} onSaved={setOpenPlan} />
      <PlanImport onSaved={setOpenPlan} />
      {plans.length > 0 && !conversations && <ReadingConversations />}
      {plans.length > 0 && conversations && <Scoreboard plans={plans} conversations={conversations} reviews={reviews} settings={settings} />}
      {plan && conversations && (
        <>
          {plans.length > 1 && (
            <label>
              Spot check{' '}
              <select value={plan.id} onChange={(e) => setOpenPlan((e.target as HTMLSelectElement).value)}>
                {plans.map((p) => (
                  <option value={p.id}>{p.name}</option>
                ))}
              </select>
            </label>
          )}
          <PlanView plan={plan} conversations={conversations} events={reviews.get(plan.id)} settings={settings} />
        </>
      )}
    </div>
  );
}

function PlanForm({ lists, db, conversations, onSaved }: { lists: BilledList[]; db: RecountDB; conversations: readonly ConversationRecord[] | null; onSaved: (id: string) => void }) {
  const [source, setSource] = useState('seen');
  const [vendor, setVendor] = useState<Vendor>('intercom');
  const [marginPct, setMarginPct] = useState(5);
  const [expectedPct, setExpectedPct] = useState(50);
  const [seed, setSeed] = useState(() => `recount-${new Date().toISOString().slice(0, 10)}-${Math.floor(Math.random() * 1e6)}`);
  const [name, setName] = useState('');
  const [doublePct, setDoublePct] = useState(0);
  const [reviewers, setReviewers] = useState('');
  const [arbiter, setArbiter] = useState('');
  const [message, setMessage] = useState('');

  const draw = async () => {
    const margin = marginPct / 100;
    if (!(margin > 0 && margin < 0.5)) return setMessage('Not drawn: the margin must be between 0 and 50 points.');
    if (!(expectedPct >= 0 && expectedPct <= 100)) return setMessage('Not drawn: the expected rate must be between 0 and 100%.');
    if (!seed.trim()) return setMessage('Not drawn: give a seed (any text); it is what makes the draw reproducible.');
    const blindReviewers = [...new Set(reviewers.split(',').map((r) => r.trim()).filter(Boolean))];
    if (!(doublePct >= 0 && doublePct <= 100)) return setMessage('Not drawn: the blind double review share must be between 0 and 100%.');
    if (doublePct > 0 && blindReviewers.length < 2) return setMessage('Not drawn: a blind double review needs two or more reviewers (names separated by commas).');
    if (doublePct > 0 && !arbiter.trim()) return setMessage('Not drawn: name the arbiter who settles the blind reviewers’ disagreements.');
    if (doublePct > 0 && blindReviewers.includes(arbiter.trim())) return setMessage('Not drawn: the arbiter cannot also be one of the blind reviewers.');
    const list = lists.find((l) => l.id === source);
    let members: PopulationMember[];
    let planVendor: Vendor;
    let workspace = '';
    // What a projection multiplies: every billed line's units (repeats and Agentforce windows included).
    let populationUnits: number;
    if (list) {
      const billed = await billedItemsOf(db, list.id);
      members = billed.map((i) => ({ id: i.vendor === 'salesforce' ? i.conversationId.slice(0, 15) : i.conversationId, stratum: i.kind }));
      populationUnits = billedUnitsOf(billed);
      planVendor = list.vendor;
      workspace = list.workspace;
    } else {
      if (!conversations) return setMessage('Not drawn yet: the conversations are still being read. Try again in a moment.');
      const billable = conversations.filter((c) => c.vendor === vendor && isBillableClaim(c.claim));
      members = billable.map((c) => ({ id: billedIdOf(c), stratum: c.claim.resolution }));
      populationUnits = billedUnitsOf(billable.map((c) => ({ units: billedUnits(c) })));
      planVendor = vendor;
    }
    if (members.length === 0) return setMessage('Not drawn: the population is empty.');
    let drawn: ReturnType<typeof drawPlan>;
    try {
      drawn = drawPlan(members, { margin, expectedRate: expectedPct / 100, seed: seed.trim() });
    } catch (e) {
      return setMessage(`Not drawn: ${(e as Error).message}.`);
    }
    const plan: SpotCheckPlan = {
      id: crypto.randomUUID(),
      name: name.trim() || `${VENDOR_LABELS[planVendor]} spot check ${new Date().toLocaleDateString()}`,
      createdAt: Date.now(),
      vendor: planVendor,
      workspace,
      source: list ? { kind: 'billed-list', listId: list.id, listName: list.name } : { kind: 'seen' },
      seed: seed.trim(),
      algorithm: DRAW_ALGORITHM,
      margin,
      expectedRate: expectedPct / 100,
      strata: drawn.strata,
      populationUnits,
      ...(doublePct > 0 && {
        doubleReview: {
          share: doublePct / 100,
          reviewers: blindReviewers,
          arbiter: arbiter.trim(),
          items: drawDoubleReview(drawn.strata.flatMap((s) => s.sample), doublePct / 100, seed.trim()),
        },
      }),
    };
    await request({ type: 'spotcheck/save', plan });
    onSaved(plan.id);
    const doubled = plan.doubleReview ? `; ${plan.doubleReview.items.length} of them for the blind double review` : '';
    setMessage(`Drew ${drawn.size} of ${drawn.total} (${drawn.strata.map((s) => `${s.stratum} ${s.sample.length}/${s.population.length}`).join(', ')})${doubled}.`);
  };

  return (
    <form
      class="plan-form toolbar"
      aria-label="Plan a spot check"
      onSubmit={(e) => {
        e.preventDefault();
        void draw();
      }}
    >
      <label>
        Population{' '}
        <select value={source} onChange={(e) => setSource((e.target as HTMLSelectElement).value)}>
          <option value="seen">billed conversations Recount has seen</option>
          {lists.map((l) => (
            <option value={l.id}>billed list: {l.name}</option>
          ))}
        </select>
      </label>
      {source === 'seen' && (
        <VendorSelect value={vendor} onChange={(v) => setVendor(v as Vendor)} />
      )}
      <label>
        Margin ± points <input type="number" min="0.5" max="49" step="0.5" value={marginPct} onInput={(e) => setMarginPct(Number((e.target as HTMLInputElement).value))} />
      </label>
      <label>
        Expected false rate % <input type="number" min="0" max="100" value={expectedPct} onInput={(e) => setExpectedPct(Number((e.target as HTMLInputElement).value))} />
      </label>
      <label>
        Seed <input value={seed} onInput={(e) => setSeed((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Name <input value={name} placeholder="e.g. November audit" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      <fieldset class="toolbar">
        <legend>Blind double review (optional)</legend>
        <label>
          Share of the sample % <input name="doubleShare" type="number" min="0" max="100" value={doublePct} onInput={(e) => setDoublePct(Number((e.target as HTMLInputElement).value))} />
        </label>
        <label>
          Reviewers <input name="doubleReviewers" value={reviewers} placeholder="e.g. Ana, Bo" onInput={(e) => setReviewers((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Arbiter <input name="doubleArbiter" value={arbiter} placeholder="e.g. Cy" onInput={(e) => setArbiter((e.target as HTMLInputElement).value)} />
        </label>
        <span class="muted small">Each named reviewer judges every one of these blind (others’ verdicts hidden until theirs is saved); the arbiter settles disagreements. Reviewers in other browsers import the exported plan.</span>
      </fieldset>
      <button type="submit" class="primary">
        Plan and draw
      </button>
      <span class="muted small">95% confidence; strata by the vendor's claim; sample size with the finite population correction.</span>
      <span role="status" class="message">
        {message}
      </span>
    </form>
  );
}

function PlanView({ plan, conversations, events, settings }: { plan: SpotCheckPlan; conversations: readonly ConversationRecord[]; events: ReadonlyMap<string, readonly ReviewEvent[]> | undefined; settings: Settings }) {
  const status = useMemo(() => spotCheckStatus(plan, conversations, events), [plan, conversations, events]);
  const [deleteError, setDeleteError] = useState('');
  // A vendor profile's plan (workspace = the profile's id) is judged and priced by that profile's own terms.
  const terms = contractFor(settings, plan.vendor, plan.workspace);
  const { result, withoutUnsure } = status;
  const verdict = judge(status, terms.tolerableFalseRate);
  const provisional = provisionalWords(status, terms.tolerableFalseRate);
  const population = plan.strata.reduce((s, x) => s + x.population.length, 0);
  const unsureBy = new Map<string, number>();
  for (const q of status.queue) if (q.verdict === 'unsure') unsureBy.set(q.stratum, (unsureBy.get(q.stratum) ?? 0) + 1);
  const units = plan.populationUnits ?? population;
  const overbilling = projectedOverbilling(result.interval, units, terms.unitPrice);
  const rateText = (r: StratifiedResult) =>
    r.estimable ? `${formatPercent(r.interval.rate)} (${formatPercent(r.interval.low)}–${formatPercent(r.interval.high)})` : 'not yet: a stratum has no review';
  const exportPlan = () =>
    downloadText(
      stampedName('recount-spot-check', 'json'),
      `${JSON.stringify({ format: 'recount-spot-check', ...plan, note: "Re-draw: node tools/draw-sample.mjs <this file> (in Recount's repository, Node only), or apply the algorithm to each stratum's population list with the seed." }, null, 2)}\n`,
      'application/json',
    );
  return (
    <div class="plan-view" role="region" aria-label={`Spot check ${plan.name}`}>
      <h3>{plan.name}</h3>
      <p class="muted small">
        {VENDOR_LABELS[plan.vendor]}
        {plan.workspace ? ` ${plan.workspace}` : ''} · population: {plan.source.kind === 'billed-list' ? `billed list ${plan.source.listName}` : 'billed conversations seen'} · ±
        {plan.margin * 100} points
      </p>
      <details>
        <summary>How it was drawn (for the vendor)</summary>
        <p class="muted small">
          Seed <code>{plan.seed}</code> · {DRAW_ALGORITHM}
        </p>
      </details>
      <p data-progress>
        <progress max={status.sampled} value={status.reviewed} /> {status.reviewed} of {status.sampled} reviewed
      </p>
      <table aria-label="Result by stratum">
        <thead>
          <tr>
            <th>Stratum</th>
            <th>Population</th>
            <th>Sampled</th>
            <th>Reviewed</th>
            <th>False</th>
            <th>Unsure</th>
            <th>False rate, unsure as false (two-sided 95% CI)</th>
            <th>One-sided 95% upper limit</th>
          </tr>
        </thead>
        <tbody>
          {result.strata.map((s) => (
            <tr data-stratum={s.stratum}>
              <td>{s.stratum.replace(/_/g, ' ')}</td>
              <td>{s.population}</td>
              <td>{s.sampled}</td>
              <td>{s.reviewed}</td>
              <td>{s.falseCount - (unsureBy.get(s.stratum) ?? 0)}</td>
              <td>{unsureBy.get(s.stratum) ?? 0}</td>
              <td>{s.reviewed ? `${formatPercent(s.interval.rate)} (${formatPercent(s.interval.low)}–${formatPercent(s.interval.high)})` : '—'}</td>
              <td>{s.reviewed ? formatPercent(s.upper95) : '—'}</td>
            </tr>
          ))}
          <tr data-stratum="overall">
            <td>
              <strong>overall (stratum-weighted)</strong>
            </td>
            <td>{population}</td>
            <td>{status.sampled}</td>
            <td>{status.reviewed}</td>
            <td>{result.strata.reduce((a, s) => a + s.falseCount, 0) - status.unsure}</td>
            <td>{status.unsure}</td>
            <td>
              <strong>{rateText(result)}</strong>
            </td>
            <td>
              <strong>{result.estimable ? formatPercent(result.upper95) : '—'}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {verdict && (
        <p class={verdict.pass ? 'judgement pass' : 'judgement fail'} data-judgement={verdict.pass ? 'pass' : 'fail'}>
          {verdict.words}
        </p>
      )}
      {provisional && (
        <p class="judgement provisional" data-judgement="provisional">
          {provisional}
        </p>
      )}
      {status.unsure > 0 && withoutUnsure.estimable && (
        <p data-without-unsure class="small">
          With the {status.unsure} unsure left out: {rateText(withoutUnsure)}, one-sided 95% upper limit {formatPercent(withoutUnsure.upper95)}. The judgement counts
          unsure as false (ISA 530: an item that cannot be judged is a deviation).
        </p>
      )}
      <details>
        <summary>Method</summary>
        <p class="muted small" data-method>
          Method — {result.method}.
        </p>
      </details>
      {status.complete && result.estimable && (
        <p data-overbilling>
          Projected over-billing on {units} billed unit(s){units !== population ? ` (${population} conversations; repeats and billed windows counted)` : ''} at{' '}
          {money(terms.unitPrice)}: <strong>{money(overbilling.estimate)}</strong> (95%: {money(overbilling.low)}–{money(overbilling.high)}).
        </p>
      )}
      <DoubleReviewSection plan={plan} status={status} viewer={settings.reviewerName || UNNAMED_REVIEWER} />
      <details open={status.reviewed < status.sampled}>
        <summary>Review queue</summary>
        <ol class="queue">
          {status.queue.map((q) => {
            const { customer, opening } = conversationOpening(q.conversation?.transcript ?? null);
            return (
              <li data-sample-id={q.id} class={q.verdict ? 'done' : ''}>
                {q.url ? (
                  // Opened in the helpdesk tab already open on its host, where the bar offers the next item.
                  <a href={q.url} target="_blank" rel="noreferrer noopener" onClick={(e) => openInHelpdesk(e, q.url!)}>
                    {customer ?? `#${q.id}`}
                  </a>
                ) : (
                  customer ?? `#${q.id}`
                )}{' '}
                {opening && <span class="muted" data-opening>“{opening}” </span>}
                <span class="muted">
                  {customer ? `#${q.id} · ` : ''}
                  {q.stratum.replace(/_/g, ' ')}
                </span>{' '}
                — {q.double ? doubleWords(q.double, plan.doubleReview!.reviewers) : q.verdict ? VERDICT_LABELS[q.verdict] : 'to review'}
              </li>
            );
          })}
        </ol>
      </details>
      <div class="toolbar">
        <button type="button" onClick={exportPlan}>
          Export plan, seed and sample (JSON)
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => {
            if (!confirm(`Delete the spot check “${plan.name}”? Your verdicts stay.`)) return;
            setDeleteError('');
            request({ type: 'spotcheck/delete', id: plan.id }).catch((e: Error) => setDeleteError(`Not deleted: ${e.message}`));
          }}
        >
          Delete spot check
        </button>
        {deleteError && <span role="alert">{deleteError}</span>}
      </div>
    </div>
  );
}

/** Vendors and trials side by side, by what a genuine resolution really cost. */
function Scoreboard({ plans, conversations, reviews, settings }: { plans: SpotCheckPlan[]; conversations: readonly ConversationRecord[]; reviews: PlanReviews; settings: Settings }) {
  const human = settings.humanCost;
  const verdictAgainst = (cost: { low: number; high: number }) => {
    const said = againstHuman(cost, human!.amount);
    return said === 'cheaper' ? 'AI cheaper' : said === 'dearer' ? 'AI dearer' : 'cannot tell yet';
  };
  return (
    <table aria-label="Trial scoreboard" class="scoreboard">
      <thead>
        <tr>
          <th>Spot check</th>
          <th>Month</th>
          <th>Vendor</th>
          <th>Reviewed</th>
          <th>False rate (95% CI)</th>
          <th>Price per billed</th>
          <th>Cost per genuine resolution (95% CI)</th>
          {human && <th>Against a person ({money(human.amount)}{human.source ? `, ${human.source}` : ''})</th>}
        </tr>
      </thead>
      <tbody>
        {plans.map((p) => {
          const s = spotCheckStatus(p, conversations, reviews.get(p.id));
          const price = contractFor(settings, p.vendor, p.workspace).unitPrice;
          const cost = costPerGenuine(s.result.interval, price);
          return (
            <tr data-plan={p.id}>
              <td>{p.name}</td>
              <td>{monthOf(p.createdAt)}</td>
              <td>{VENDOR_LABELS[p.vendor]}</td>
              <td>
                {s.reviewed}/{s.sampled}
              </td>
              <td>
                {s.result.estimable ? `${formatPercent(s.result.interval.rate)} (${formatPercent(s.result.interval.low)}–${formatPercent(s.result.interval.high)})` : '—'}
                {s.result.estimable && !s.complete ? ' (provisional)' : ''}
              </td>
              <td>{money(price)}</td>
              <td>{s.result.estimable ? `${money(cost.estimate)} (${money(cost.low)}–${Number.isFinite(cost.high) ? money(cost.high) : 'no upper bound'})${s.complete ? '' : ' (provisional)'}` : '—'}</td>
              {human && <td data-against-human>{s.complete && s.result.estimable ? verdictAgainst(cost) : '—'}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A queue link opens its conversation in the helpdesk tab already open on that host (brought to the front), so a
 * reviewer works through the sample in one tab; a new tab only when none is open. Ctrl/Cmd-click keeps the
 * browser's own new-tab behaviour.
 */
function openInHelpdesk(e: MouseEvent, url: string) {
  if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  void request({ type: 'helpdesk/open', url }).catch(() => window.open(url, '_blank', 'noopener'));
}

/** A double-review item in the queue: who has judged it, never what, until every named reviewer has. */
function doubleWords(item: ItemReview, reviewers: readonly string[]): string {
  const done = new Set(item.reviews.map((r) => r.reviewer));
  const who = reviewers.map((r) => `${r} ${done.has(r) ? '✓' : '…'}`).join(', ');
  if (item.state === 'waiting') return `blind double review: ${who}`;
  if (item.state === 'disagreed') return `reviewers disagree: with the arbiter`;
  if (item.state === 'arbitrated') return `${VERDICT_LABELS[item.final!]} (arbitrated)`;
  return `${VERDICT_LABELS[item.final!]} (both agree)`;
}

/** Plans another browser exported (a lead's plan for a blind reviewer): checked by the background like any plan. */
function PlanImport({ onSaved }: { onSaved: (id: string) => void }) {
  const [message, setMessage] = useState('');
  const load = async (file: File) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch (e) {
      return setMessage(`Not imported: ${file.name} is not JSON (${(e as Error).message}).`);
    }
    const { format, note: _note, ...plan } = (parsed ?? {}) as { format?: unknown; note?: unknown; id?: unknown };
    if (format !== 'recount-spot-check') return setMessage(`Not imported: ${file.name} is not a Recount spot-check plan (its "format" is not "recount-spot-check").`);
    try {
      await request({ type: 'spotcheck/save', plan: plan as SpotCheckPlan });
      onSaved(String(plan.id));
      setMessage(`Imported the plan from ${file.name}.`);
    } catch (e) {
      setMessage(`Not imported (${file.name}): ${(e as Error).message.replace(/^Invalid message at plan\./, 'field ')}`);
    }
  };
  return (
    <p class="toolbar">
      <label>
        Import a plan (JSON){' '}
        <input
          type="file"
          name="planFile"
          accept=".json,application/json"
          onChange={(e) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (file) void load(file);
          }}
        />
      </label>
      <span role="status" class="message">
        {message}
      </span>
    </p>
  );
}

