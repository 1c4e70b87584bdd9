// A spot check's blind double review on the dashboard: progress (who has judged, never what, until every named
// reviewer has), the agreement figures once the sample supports them, and the arbiter's queue of disagreements.
import type { SpotCheckPlan } from '../../utils/model/records';
import type { SpotCheckStatus } from '../../utils/analysis/spot-check';
import { DOUBLE_REVIEW_ALGORITHM } from '../../utils/analysis/double-review';
import { MIN_FOR_KAPPA, type Agreement } from '../../utils/analysis/agreement';
import { formatPercent } from '../../utils/analysis/stats';
import { VERDICT_LABELS, VERDICTS } from '../../utils/model/verdict';
import { DifferingVerdicts, FinalVerdictForm } from './FinalVerdictForm';

/** Kappa in words: only from MIN_FOR_KAPPA conversations every reviewer judged, with its 95% interval. */
export function kappaWords(agreement: Pick<Agreement, 'kappa' | 'reviewers'>): string {
  const { kappa } = agreement;
  const name = agreement.reviewers.length === 2 ? 'Cohen’s kappa' : 'Fleiss’ kappa';
  if (kappa.n < MIN_FOR_KAPPA) return `${name}: shown from ${MIN_FOR_KAPPA} conversations judged by every reviewer (${kappa.n} so far)`;
  if (kappa.kappa === null) return `${name}: not defined (every verdict the same)`;
  const interval = kappa.low !== null ? ` (95% CI ${kappa.low.toFixed(2)} to ${kappa.high!.toFixed(2)})` : '';
  return `${name} ${kappa.kappa.toFixed(2)}${interval}`;
}

export function DoubleReviewSection({ plan, status, viewer }: { plan: SpotCheckPlan; status: SpotCheckStatus; viewer: string }) {
  const review = plan.doubleReview;
  const double = status.double;
  if (!review || !double) return null;
  const { agreement } = double;
  const disagreed = status.queue.filter((q) => q.double?.state === 'disagreed');
  const [first, second] = agreement.reviewers;
  return (
    <section class="double-review" aria-label="Blind double review">
      <h4>Blind double review</h4>
      <p data-double-summary>
        {double.items} of {status.sampled} sampled conversations ({formatPercent(review.share)}, seeded) are judged by {review.reviewers.join(', ')}, each
        blind to the others’ verdicts until their own is saved; arbiter: {review.arbiter}. Agreed {double.agreed} · disagreed {double.disagreed}
        {double.disagreed > 0 ? ' (with the arbiter)' : ''} · arbitrated {double.arbitrated} · waiting for a reviewer {double.waiting}.
      </p>
      <p class="muted small">{DOUBLE_REVIEW_ALGORITHM}</p>
      {agreement.compared > 0 && (
        <>
          <p data-agreement>
            Same verdict on {Math.round(agreement.percentAgreement! * agreement.compared)} of {agreement.compared} (
            {formatPercent(agreement.percentAgreement!)}) · {kappaWords(agreement)}.
          </p>
          {agreement.confusion && (
            <table aria-label="Verdicts by reviewer" class="confusion">
              <thead>
                <tr>
                  <th scope="col">
                    {first} ↓ / {second} →
                  </th>
                  {VERDICTS.map((v) => (
                    <th scope="col">{VERDICT_LABELS[v]}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {VERDICTS.map((v, i) => (
                  <tr data-row={v}>
                    <th scope="row">{VERDICT_LABELS[v]}</th>
                    {agreement.confusion![i].map((count) => (
                      <td>{count}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <ul class="lean small">
            {agreement.lean.map((l) => (
              <li data-lean={l.reviewer}>
                {l.reviewer} called false {l.falseWhenOtherGenuine} of the {l.otherGenuine} time(s) {agreement.reviewers.length === 2 ? 'the other reviewer' : 'another reviewer'} called genuine.
              </li>
            ))}
          </ul>
          <p class="muted small">
            Blind: no reviewer saw another’s verdict before saving their own. Figures are over the conversations every named reviewer has judged, before any
            arbitration. Kappa is agreement beyond chance (1 = always, 0 = no better than chance); two reviewers: Cohen’s, with its large-sample 95% interval;
            more: Fleiss’, with a jackknife interval.
          </p>
        </>
      )}
      <h4>Arbiter’s queue ({disagreed.length})</h4>
      {disagreed.length === 0 ? (
        <p class="muted small">No disagreement waiting.</p>
      ) : (
        <ul class="disagreements" aria-label="Arbiter’s queue">
          {disagreed.map((q) => (
            <li data-arbitrate={q.id}>
              <strong>Conversation {q.id}</strong>
              <DifferingVerdicts verdicts={q.double!.reviews} />
              {viewer === review.arbiter ? (
                <FinalVerdictForm settles={q.double!.reviews.map((r) => r.id)} />
              ) : (
                <p class="muted small">Waiting for {review.arbiter}, the arbiter (this browser’s reviewer is {viewer}).</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
