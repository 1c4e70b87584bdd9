// Spot checks: how many conversations to review, how to split them across strata, which ones (a seeded draw the
// vendor can reproduce), and what the reviewed sample says. Methods and why: README, "Statistics".
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { sha256hex } from '../model/hash';
import { wilsonInterval, type Interval } from './stats';

/** The standard normal's 97.5% quantile, for two-sided 95% intervals. */
const Z95 = 1.959963984540054;

/**
 * Sample size for estimating a rate within ±margin: n0 = z²·p(1−p)/e², then the finite population correction
 * n = n0 / (1 + (n0 − 1)/N). p = 0.5 is the safe default (the largest n). Rounded up.
 */
export function sampleSize(population: number, margin: number, p = 0.5, z = Z95): number {
  if (!(margin > 0 && margin < 1)) throw new RangeError(`margin must be between 0 and 1, got ${margin}`);
  // At exactly 0 or 100% the formula gives no sample at all: an expectation cannot make a check unnecessary.
  if (!(p > 0 && p < 1)) throw new RangeError(`expected rate must be above 0% and below 100% (50% when unsure), got ${p * 100}%`);
  if (!Number.isInteger(population) || population < 0) throw new RangeError(`population must be a whole number ≥ 0, got ${population}`);
  if (population === 0) return 0;
  const n0 = (z * z * p * (1 - p)) / (margin * margin);
  const n = n0 / (1 + (n0 - 1) / population);
  return Math.min(population, Math.ceil(n - 1e-9));
}

/**
 * Proportional allocation n_h = n · N_h / N: at least 1 for each stratum that is not empty (a stratum with no
 * sample can't be estimated), the floor of its share otherwise, then the rest by largest remainder *after* that
 * minimum (share − allocated), so a stratum raised to its minimum does not also win the remainder.
 */
export function allocate(n: number, strata: Record<string, number>): Record<string, number> {
  const entries = Object.entries(strata).filter(([, size]) => size > 0);
  const total = entries.reduce((sum, [, size]) => sum + size, 0);
  const result: Record<string, number> = Object.fromEntries(Object.keys(strata).map((k) => [k, 0]));
  if (total === 0 || n <= 0) return result;
  const target = Math.min(n, total);
  const exact = entries.map(([k, size]) => ({ k, size, share: (target * size) / total }));
  for (const e of exact) result[e.k] = Math.min(e.size, Math.max(1, Math.floor(e.share)));
  let left = target - Object.values(result).reduce((a, b) => a + b, 0);
  const remainder = (e: (typeof exact)[number]) => e.share - result[e.k];
  const byRemainder = [...exact].sort((a, b) => remainder(b) - remainder(a) || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  while (left > 0 && byRemainder.some((e) => result[e.k] < e.size)) {
    for (const e of byRemainder) {
      if (left === 0) break;
      if (result[e.k] < e.size) {
        result[e.k]++;
        left--;
      }
    }
  }
  // Minimums of 1 can overshoot a small n: take back from the largest strata.
  while (left < 0) {
    const largest = [...exact].sort((a, b) => result[b.k] - result[a.k])[0];
    result[largest.k]--;
    left++;
  }
  return result;
}

/** The documented draw, so the vendor can reproduce it from the same list and seed (tools/draw-sample.mjs does). */
export const DRAW_ALGORITHM =
  'Ids as the vendor exports them (Salesforce record ids cut to their first 15 characters), duplicates removed. Each stratum (named by the vendor\'s claim) is drawn on its own: its ids sorted ascending by UTF-16 code units (for ASCII ids, byte order). Seed: SHA-256 of the UTF-8 bytes of "<seed>|<stratum>", its first 4 bytes as an unsigned 32-bit big-endian integer (the first 8 hex digits). Generator: mulberry32. Partial Fisher–Yates: for i = 0 … n−1, j = i + floor(next() · (N − i)), swap items i and j; the sample is items 0 … n−1, in that order.';

/** mulberry32: a small, well-known 32-bit generator; next() returns a float in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededDraw(ids: readonly string[], n: number, seed: string, stratum: string): string[] {
  const items = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const next = mulberry32(parseInt(sha256hex(`${seed}|${stratum}`).slice(0, 8), 16));
  const count = Math.min(n, items.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(next() * (items.length - i));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items.slice(0, count);
}

/**
 * One-sided upper confidence limit for a proportion with x of n: Clopper–Pearson's exact limit,
 * Beta⁻¹(confidence; x + 1, n − x), 1 when x = n. With a fractional x and n (an effective sample) it is
 * Korn & Graubard's limit for complex samples.
 */
export function upperLimit(x: number, n: number, confidence = 0.95): number {
  if (!(n > 0) || x >= n) return 1;
  return betaQuantile(confidence, x + 1, n - x);
}

/** Two-sided 95% interval of the same family (Clopper–Pearson; Korn–Graubard at a fractional n). */
function exactInterval(x: number, n: number): Interval {
  const rate = n > 0 ? x / n : 0;
  if (!(n > 0)) return { rate, low: 0, high: 1 };
  return { rate, low: x <= 0 ? 0 : betaQuantile(0.025, x, n - x + 1), high: upperLimit(x, n, 0.975) };
}

interface StratumCounts {
  stratum: string;
  population: number;
  sampled: number;
  reviewed: number;
  falseCount: number;
}

interface StratumResult extends StratumCounts {
  /** Two-sided 95% Wilson interval of the stratum's rate; 0–100% before any review. */
  interval: Interval;
  /** Exact one-sided 95% upper limit (Clopper–Pearson). */
  upper95: number;
}

export interface StratifiedResult {
  strata: StratumResult[];
  /** Every stratum with a population has reviewed items: only then is there an estimate for the whole. */
  estimable: boolean;
  /** Σ W_h p_h with W_h = N_h / N over every stratum. */
  rate: number;
  /** Two-sided 95% interval. */
  interval: Interval;
  /** One-sided 95% upper limit: what a contract's tolerable rate is judged against. */
  upper95: number;
  /** The effective sample size behind the interval (at most the reviewed count). */
  effectiveN: number;
  /** How the whole was estimated, in words. */
  method: string;
}

const SINGLE_STRATUM_METHOD = 'one stratum: Wilson interval; exact one-sided upper limit (Clopper–Pearson)';
const STRATIFIED_METHOD =
  'stratified: weighted rate Σ W_h p_h; variance Σ W_h² (1 − n_h/N_h) p_h(1 − p_h)/(n_h − 1); Kish effective n capped at the reviewed count; Korn–Graubard (Clopper–Pearson at that n) interval and one-sided upper limit';

/**
 * Per stratum: the false rate among reviewed items, its Wilson interval and exact upper limit. For the whole:
 * one stratum is a plain binomial sample (Wilson, Clopper–Pearson). Several are combined with every stratum's
 * weight — a stratum nobody reviewed yet makes the whole not estimable, never silently dropped — and the
 * unbiased (n_h − 1) variance with the finite population correction; the effective sample size
 * n_eff = p(1 − p)/v is capped at the reviewed count (strata with no false item add no variance, which would
 * otherwise claim more certainty than the items reviewed), and the intervals are Clopper–Pearson's at n_eff.
 */
export function stratifiedEstimate(strata: readonly StratumCounts[]): StratifiedResult {
  const results: StratumResult[] = strata.map((s) => ({ ...s, interval: wilsonInterval(s.falseCount, s.reviewed), upper95: upperLimit(s.falseCount, s.reviewed) }));
  const present = results.filter((s) => s.population > 0);
  const reviewed = present.reduce((sum, s) => sum + s.reviewed, 0);
  const none = { strata: results, estimable: false, rate: 0, interval: { rate: 0, low: 0, high: 1 }, upper95: 1, effectiveN: 0 };
  if (present.length === 0 || present.some((s) => s.reviewed === 0)) return { ...none, method: present.length === 1 ? SINGLE_STRATUM_METHOD : STRATIFIED_METHOD };
  if (present.length === 1) {
    const [s] = present;
    return { strata: results, estimable: true, rate: s.falseCount / s.reviewed, interval: s.interval, upper95: s.upper95, effectiveN: s.reviewed, method: SINGLE_STRATUM_METHOD };
  }
  const total = present.reduce((sum, s) => sum + s.population, 0);
  let rate = 0;
  let variance = 0;
  for (const s of present) {
    const w = s.population / total;
    const p = s.falseCount / s.reviewed;
    rate += w * p;
    const fpc = Math.max(0, 1 - s.reviewed / s.population);
    // One reviewed item gives no variance estimate: take the largest a proportion can have.
    variance += s.reviewed > 1 ? (w * w * fpc * p * (1 - p)) / (s.reviewed - 1) : w * w * 0.25;
  }
  const effectiveN = variance > 0 ? Math.min(reviewed, (rate * (1 - rate)) / variance) : reviewed;
  // Clopper–Pearson at the effective n (Korn & Graubard), not Wilson: with rare false items in a few strata,
  // Wilson's lower end at the effective n sits above the true rate too often (91% coverage in the tests).
  const interval = exactInterval(rate * effectiveN, effectiveN);
  return {
    strata: results,
    estimable: true,
    rate,
    interval: { ...interval, rate },
    upper95: upperLimit(rate * effectiveN, effectiveN),
    effectiveN,
    method: STRATIFIED_METHOD,
  };
}

/** Wilson interval for a rate observed on a (possibly fractional) effective sample size. */
export function wilsonFromRate(p: number, n: number, z = Z95): Interval {
  if (n <= 0) return { rate: p, low: 0, high: 1 };
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
