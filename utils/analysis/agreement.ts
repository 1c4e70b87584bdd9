// How far reviewers agree when they judge the same conversations blind: the answer to "your reviewers are
// biased". Two reviewers: Cohen's kappa with its large-sample 95% interval (Fleiss, Cohen & Everitt 1969, the
// variance statsmodels' cohens_kappa uses). More than two: Fleiss' kappa over the conversations every one of them
// judged, with a jackknife 95% interval over those conversations. Which method and why: README, "Statistics".
import { VERDICTS, type Verdict } from '../model/verdict';

const Z95 = 1.959963984540054;

export interface KappaEstimate {
  method: 'cohen' | 'fleiss';
  /** Null when undefined: every verdict fell in one category, so chance agreement is already total. */
  kappa: number | null;
  /** Two-sided 95% interval (null with kappa, or with too few conversations to estimate its spread). */
  low: number | null;
  high: number | null;
  /** Conversations it is computed over. */
  n: number;
}

/** rows: the first reviewer's verdict; columns: the second's (genuine, false, unsure). */
export type Confusion = number[][];

export function confusionOf(pairs: ReadonlyArray<readonly [Verdict, Verdict]>): Confusion {
  const table = VERDICTS.map(() => VERDICTS.map(() => 0));
  for (const [a, b] of pairs) table[VERDICTS.indexOf(a)][VERDICTS.indexOf(b)]++;
  return table;
}

/** Cohen's kappa of a square table of counts, with statsmodels' asymptotic standard error. */
export function cohensKappa(table: Confusion): KappaEstimate {
  const k = table.length;
  const n = table.flat().reduce((s, x) => s + x, 0);
  if (n === 0) return { method: 'cohen', kappa: null, low: null, high: null, n };
  const p = table.map((row) => row.map((x) => x / n));
  const rows = p.map((row) => row.reduce((s, x) => s + x, 0));
  const cols = p[0].map((_, j) => p.reduce((s, row) => s + row[j], 0));
  const observed = p.reduce((s, row, i) => s + row[i], 0);
  const expected = rows.reduce((s, r, i) => s + r * cols[i], 0);
  if (1 - expected < 1e-12) return { method: 'cohen', kappa: null, low: null, high: null, n };
  const kappa = (observed - expected) / (1 - expected);
  let termA = 0;
  let termB = 0;
  for (let i = 0; i < k; i++) {
    termA += p[i][i] * (1 - (rows[i] + cols[i]) * (1 - kappa)) ** 2;
    for (let j = 0; j < k; j++) if (i !== j) termB += p[i][j] * (cols[i] + rows[j]) ** 2;
  }
  termB *= (1 - kappa) ** 2;
  const termC = (kappa - expected * (1 - kappa)) ** 2;
  const variance = (termA + termB - termC) / (1 - expected) ** 2 / n;
  const se = Math.sqrt(Math.max(0, variance));
  return { method: 'cohen', kappa, low: kappa - Z95 * se, high: kappa + Z95 * se, n };
}

/** Fleiss' kappa of per-conversation category counts (each row: how many reviewers chose each verdict; equal row sums). */
export function fleissKappaOf(rows: ReadonlyArray<readonly number[]>): number | null {
  if (rows.length === 0) return null;
  const raters = rows[0].reduce((s, x) => s + x, 0);
  if (raters < 2 || rows.some((r) => r.reduce((s, x) => s + x, 0) !== raters)) throw new RangeError('Fleiss’ kappa needs the same number (≥ 2) of reviewers on every conversation');
  const total = rows.length * raters;
  const share = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / total);
  const perRow = rows.map((r) => (r.reduce((s, x) => s + x * x, 0) - raters) / (raters * (raters - 1)));
  const mean = perRow.reduce((s, x) => s + x, 0) / rows.length;
  const expected = share.reduce((s, x) => s + x * x, 0);
  if (1 - expected < 1e-12) return null;
  return (mean - expected) / (1 - expected);
}

/** Fleiss' kappa with a jackknife 95% interval (leave one conversation out at a time). */
export function fleissKappa(rows: ReadonlyArray<readonly number[]>): KappaEstimate {
  const kappa = fleissKappaOf(rows);
  const n = rows.length;
  if (kappa === null || n < 3) return { method: 'fleiss', kappa, low: null, high: null, n };
  const leftOut: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = fleissKappaOf([...rows.slice(0, i), ...rows.slice(i + 1)]);
    if (k === null) return { method: 'fleiss', kappa, low: null, high: null, n };
    leftOut.push(k);
  }
  const mean = leftOut.reduce((s, x) => s + x, 0) / n;
  const se = Math.sqrt(((n - 1) / n) * leftOut.reduce((s, x) => s + (x - mean) ** 2, 0));
  return { method: 'fleiss', kappa, low: kappa - Z95 * se, high: kappa + Z95 * se, n };
}

/** Each reviewer's verdict on one conversation under double review. */
export type Ratings = ReadonlyMap<string, Verdict>;

export interface Agreement {
  reviewers: string[];
  /** Conversations at least two of them judged. */
  compared: number;
  /** Share of those where every judge gave the same verdict. */
  percentAgreement: number | null;
  kappa: KappaEstimate;
  /** Two reviewers only: the confusion table, rows the first reviewer (names sorted), columns the second. */
  confusion: Confusion | null;
  /**
   * Each reviewer's lean: of the conversations another reviewer called genuine, how many this one called false
   * (with two reviewers, the other one; with more, any other).
   */
  lean: Array<{ reviewer: string; falseWhenOtherGenuine: number; otherGenuine: number }>;
}

export function agreementOf(items: readonly Ratings[]): Agreement {
  const reviewers = [...new Set(items.flatMap((r) => [...r.keys()]))].sort();
  const compared = items.filter((r) => r.size >= 2);
  const agreed = compared.filter((r) => new Set(r.values()).size === 1).length;
  const lean = reviewers.map((reviewer) => {
    let otherGenuine = 0;
    let falseWhenOtherGenuine = 0;
    for (const r of compared) {
      const mine = r.get(reviewer);
      if (!mine) continue;
      const othersGenuine = [...r].some(([who, v]) => who !== reviewer && v === 'genuine');
      if (!othersGenuine) continue;
      otherGenuine++;
      if (mine === 'false') falseWhenOtherGenuine++;
    }
    return { reviewer, falseWhenOtherGenuine, otherGenuine };
  });
  let kappa: KappaEstimate;
  let confusion: Confusion | null = null;
  if (reviewers.length === 2) {
    const [a, b] = reviewers;
    confusion = confusionOf(compared.map((r) => [r.get(a)!, r.get(b)!] as const));
    kappa = cohensKappa(confusion);
  } else {
    // Fleiss' kappa needs every reviewer on every conversation it counts: those judged by all of them.
    const full = compared.filter((r) => r.size === reviewers.length);
    kappa = fleissKappa(full.map((r) => VERDICTS.map((v) => [...r.values()].filter((x) => x === v).length)));
  }
  return { reviewers, compared: compared.length, percentAgreement: compared.length > 0 ? agreed / compared.length : null, kappa, confusion, lean };
}

/** Below this many shared conversations no kappa is shown: its interval would span most of the scale. */
export const MIN_FOR_KAPPA = 10;

export interface PairAgreement {
  reviewers: [string, string];
  /** Conversations both judged. */
  shared: number;
  agreed: number;
  /** Null below MIN_FOR_KAPPA shared conversations. */
  kappa: KappaEstimate | null;
}

/** Every pair of reviewers over the conversations both judged (each reviewer's own latest verdict). */
export function pairwiseAgreement(items: readonly Ratings[]): PairAgreement[] {
  const byPair = new Map<string, Array<readonly [Verdict, Verdict]>>();
  for (const r of items) {
    const names = [...r.keys()].sort();
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const pairKey = JSON.stringify([names[i], names[j]]);
        byPair.set(pairKey, [...(byPair.get(pairKey) ?? []), [r.get(names[i])!, r.get(names[j])!] as const]);
      }
    }
  }
  return [...byPair]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([pairKey, pairs]) => ({
      reviewers: JSON.parse(pairKey) as [string, string],
      shared: pairs.length,
      agreed: pairs.filter(([a, b]) => a === b).length,
      kappa: pairs.length >= MIN_FOR_KAPPA ? cohensKappa(confusionOf(pairs)) : null,
    }));
}
