// What *Print summary* adds to the printed reconciliation, and only to it (class `print-only`): when it was printed
// and in which time zone, the period reconciled, the contract terms the bill was judged by, and the disputed lines
// themselves. Rendered only while printing (a bill can dispute thousands of lines); times are written
// "2026-11-25 14:03" in the zone named, so the page reads the same wherever it is read.
import type { ContractTerms } from '../../utils/model/contracts';
import { formatMoney, formatStamp, localTimeZone } from '../../utils/model/format';
import { DISPUTABLE, type Category, type Reconciliation } from '../../utils/analysis/reconcile';
import { definitionWords } from './DisputeEvidence';

const money = formatMoney;

/** A disputed line's category, short enough for a table cell (the category's full words are in the summary above). */
const DISPUTE_WORDS: Partial<Record<Category, string>> = {
  billed_false: 'Tagged false',
  billed_not_billable: 'Claim not billable under the contract',
  billed_twice: 'Billed twice',
  deducted_after_return: 'Customer came back after the outcome',
};

/** The contract terms used, line by line, as printed. */
export function termsLines(terms: ContractTerms): string[] {
  const claims = terms.billableClaims.map((k) => k.replace(/_/g, ' ')).join(', ') || 'none';
  const rate = Math.round(terms.tolerableFalseRate * 1000) / 10;
  return [
    `Pricing model: ${terms.pricingModel.replace(/_/g, ' ')}; unit price ${money(terms.unitPrice)}`,
    `Billable claims: ${claims}`,
    `Re-contact term: ${terms.recontactDays} day(s); tolerable false rate: ${rate}%`,
    `Your own definition of a resolution: ${terms.ownDefinition ? definitionWords(terms.ownDefinition) : 'not set'}`,
  ];
}

/** "Printed 2026-11-25 14:03 (Europe/Berlin)". */
export function printedLine(printedAt: number, timeZone: string): string {
  return `Printed ${formatStamp(printedAt, timeZone)} (${timeZone})`;
}

/** The period reconciled: the billed list's first to last billed time. */
export function periodLine(period: Reconciliation['period'], timeZone: string): string {
  return period
    ? `Period reconciled: ${formatStamp(period.from, timeZone)} – ${formatStamp(period.to, timeZone)} (${timeZone}), the bill's first to last billed time`
    : 'Period reconciled: the bill gives no billed times';
}

interface PrintProps {
  /** Whose terms: the vendor's name, or the vendor profile's. */
  owner: string;
  terms: ContractTerms;
  result: Pick<Reconciliation, 'items' | 'period' | 'disputed'>;
  printedAt: number;
  /** The zone times are written in; the reader's own by default. */
  timeZone?: string;
}

/** The top of the printed page: when printed, the period, the terms. */
export function PrintedTerms({ owner, terms, result, printedAt, timeZone = localTimeZone() }: PrintProps) {
  return (
    <section class="print-only print-summary" aria-label="Printed summary: period and terms" data-print="terms">
      <p data-print="printed-at">{printedLine(printedAt, timeZone)}</p>
      <p data-print="period">{periodLine(result.period, timeZone)}</p>
      <p>Contract terms used ({owner}):</p>
      <ul data-print="contract-terms">
        {termsLines(terms).map((line) => (
          <li>{line}</li>
        ))}
      </ul>
    </section>
  );
}

/** The disputed lines themselves, every one, in the bill's order. */
export function PrintedDisputes({ result, timeZone = localTimeZone() }: Pick<PrintProps, 'result' | 'timeZone'>) {
  const disputed = result.items.filter((r) => DISPUTABLE.has(r.category));
  return (
    <section class="print-only print-summary" aria-label="Printed summary: disputed lines" data-print="disputes">
      <h4>
        Disputed lines: {result.disputed.items}, {money(result.disputed.money)} (times in {timeZone})
      </h4>
      {disputed.length > 0 && (
        <table aria-label="Disputed lines">
          <thead>
            <tr>
              <th>Conversation id</th>
              <th>Billed</th>
              <th>Units</th>
              <th>Amount</th>
              <th>Reason</th>
              <th>Reviewer</th>
            </tr>
          </thead>
          <tbody>
            {disputed.map((r) => (
              <tr data-line={r.item.line}>
                <td>{r.item.conversationId}</td>
                <td>{r.item.billedAt !== null ? formatStamp(r.item.billedAt, timeZone) : '—'}</td>
                <td>{r.item.units}</td>
                <td>{money(r.money)}</td>
                <td>
                  {[DISPUTE_WORDS[r.category], r.detail].filter(Boolean).join(': ')}
                  {r.conflict ? " (the reviewer's verdict differs: both shown)" : ''}
                </td>
                <td>{r.conversation?.current?.reviewer ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
